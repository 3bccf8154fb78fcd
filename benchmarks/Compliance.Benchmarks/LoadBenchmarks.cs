using BenchmarkDotNet.Attributes;
using Compliance.Rules;

namespace Compliance.Benchmarks;

/// <summary>Reading, validating and compiling a generated rule set of 1,000 clauses from files (ten contracts).</summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    private string _folder = null!;

    [Params(1000)]
    public int Clauses { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"compliance-bench-rules-{Clauses}-{Environment.ProcessId}");
        Generate.WriteRules(Generate.Varied(Clauses), _folder);

        // The files load with no diagnostic at all, into exactly the clauses generated, and judge like the strings they came from.
        var result = new RuleSetLoader().LoadFiles([_folder]);
        if (result.RuleSet is not { } rules || result.Diagnostics.Count > 0 || rules.Clauses.Count != Clauses)
        {
            throw new InvalidOperationException($"the generated rule set does not load cleanly: {string.Join("; ", result.Diagnostics.Take(5))}");
        }

        var fromStrings = Workload.Load(Generate.Varied(Clauses));
        foreach (var subject in Generate.Subjects(64))
        {
            Workload.AgreeOnStatuses("rules loaded from files and from strings", subject, fromStrings.Evaluate(subject, Workload.Options),
                rules.Evaluate(subject, Workload.Options));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Description = "load, validate and compile")]
    public RuleSet Load() => new RuleSetLoader().Load(_folder);
}
