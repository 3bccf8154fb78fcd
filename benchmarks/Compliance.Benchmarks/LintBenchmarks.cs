using BenchmarkDotNet.Attributes;
using Compliance.Rules;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diagnostics;

namespace Compliance.Benchmarks;

/// <summary>Issue 4: what `compliance lint` costs on a generated 1,000-clause rule set: loading it, and the analysis
/// (contradictions with counterexamples, dead clauses, waiver hygiene) over every pair of clauses of a kind.</summary>
[MemoryDiagnoser]
public class LintBenchmarks
{
    private RuleSet _rules = null!;
    private AnalysisOptions _options = null!;

    [Params(1000)]
    public int Clauses { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rules = Workload.Load(Generate.Varied(Clauses));
        _options = new AnalysisOptions { Today = Generate.AsOf };

        // Before timing: the analysis finds contradictions in this set, every finding names its clauses, and every
        // contradiction's counterexample, read back and judged by the evaluator, really violates both clauses.
        var findings = RuleSetAnalyzer.AnalyzeFindings(_rules, _options);
        var ids = _rules.Clauses.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var contradictions = findings.Where(f => f.Diagnostic.Code == DiagnosticCodes.Contradiction).ToArray();
        if (contradictions.Length == 0 || findings.SelectMany(f => f.Clauses).Any(id => !ids.Contains(id)))
        {
            throw new InvalidOperationException($"the analysis of {Clauses} generated clauses found no contradiction, or named unknown clauses");
        }

        var reader = new Compliance.Rules.Subjects.SubjectReader();
        foreach (var finding in contradictions)
        {
            var example = finding.Counterexample ?? throw new InvalidOperationException($"contradiction without a counterexample: {finding.Diagnostic}");
            var verdict = _rules.Evaluate(reader.ReadDocument(example.Subject, "counterexample.yaml").Single(),
                new Compliance.Evaluation.EvaluationOptions { AsOf = example.AsOf });
            foreach (var id in finding.Clauses)
            {
                if (verdict.Clauses.FirstOrDefault(c => c.Id == id)?.Status != Compliance.Verdicts.ClauseStatus.Violated)
                {
                    throw new InvalidOperationException($"the counterexample of `{finding.Diagnostic}` does not violate `{id}`");
                }
            }
        }
    }

    [Benchmark(Description = "analyse (lint) a loaded rule set")]
    public IReadOnlyList<Diagnostic> Analyse() => RuleSetAnalyzer.Analyze(_rules, _options);
}
