using Compliance.Rules.Analysis;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Analysis;

/// <summary>
/// One folder per finding kind under <c>Analysis/Cases</c>: rule files, and <c>expected.txt</c> with the exact
/// diagnostics <c>compliance lint</c> prints for them (load and analysis together) on 2026-03-01.
/// </summary>
public sealed class AnalysisCaseTests
{
    private static readonly string CasesDirectory = Path.Combine(AppContext.BaseDirectory, "Analysis", "Cases");

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateDirectories(CasesDirectory)
            .Order(StringComparer.Ordinal)
            .Select(d => new TestCaseData(Path.GetFileName(d)).SetName($"Case_{Path.GetFileName(d)}"));

    [TestCaseSource(nameof(Cases))]
    public void LintOfTheCase_PrintsExactlyTheExpectedDiagnostics(string name)
    {
        var directory = Path.Combine(CasesDirectory, name);
        var sources = Directory.EnumerateFiles(directory, "*.yaml")
            .Select(f => new RuleSource(Path.GetFileName(f), File.ReadAllText(f).ReplaceLineEndings("\n")))
            .ToArray();
        var expected = File.ReadAllLines(Path.Combine(directory, "expected.txt")).Where(l => l.Length > 0).ToArray();

        var load = new RuleSetLoader().LoadStrings(sources);
        var diagnostics = RuleSetAnalyzer.Analyze(load, new AnalysisOptions { Today = new DateOnly(2026, 3, 1) });

        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(expected), string.Join("\n", diagnostics));
    }
}
