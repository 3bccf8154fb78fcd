using BenchmarkDotNet.Attributes;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Benchmarks;

/// <summary>Judging the bundled sample subjects against the bundled rules (the contracts of the dispute), per subject.</summary>
[MemoryDiagnoser]
public class BundledBenchmarks
{
    private const int Subjects = 64;

    private RuleSet _rules = null!;
    private SubjectInput[] _inputs = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = Repository.Root();
        _rules = new RuleSetLoader().Load(Path.Combine(root, "rules"));
        var samples = new SubjectReader().ReadPath(Path.Combine(root, "samples", "subjects")).Where(i => i.Errors.Count == 0).ToArray();
        if (samples.Length == 0)
        {
            throw new InvalidOperationException("no sample subjects");
        }

        _inputs = Enumerable.Range(0, Subjects).Select(i => samples[i % samples.Length]).ToArray();

        // The clause index and the full scan (which tracing uses) agree on every sample.
        foreach (var input in _inputs)
        {
            var verdict = _rules.Evaluate(input, Workload.Options);
            var traced = _rules.Evaluate(input, Workload.Options with { Trace = true });
            Workload.Agree("indexed selection and the full scan", input.Id ?? input.Source ?? "?", verdict,
                traced with { Clauses = traced.Clauses.Where(c => c.Status is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded)).ToArray() });
        }
    }

    [Benchmark(OperationsPerInvoke = Subjects, Description = "Compliance, bundled rules, sample subjects")]
    public int Bundled()
    {
        var applied = 0;
        foreach (var input in _inputs)
        {
            applied += _rules.Evaluate(input, Workload.Options).Clauses.Count;
        }

        return applied;
    }
}

/// <summary>Finds the repository's root from the working directory or the binaries.</summary>
internal static class Repository
{
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Compliance.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run from inside the repository: no folder above holds Compliance.sln");
    }
}
