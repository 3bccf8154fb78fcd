using Compliance.Rules.Analysis;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documentation;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Analysis;

/// <summary>The whole analysis has a budget that grows with the rule set's conditions, counted in steps that cost what
/// they touch, so that no rule set holds up `lint` or `docs`: what the budget does not reach is named (CMP0103). Before
/// the budget, 300 clauses built to drive each pair to its search limit would have taken hours, and 10,000 clauses,
/// 100,000 `when` keys or 100,000 `in` values did not finish in a minute.</summary>
public sealed class AnalysisBudgetTests
{
    private static readonly AnalysisOptions Options = new() { Today = new DateOnly(2026, 3, 1) };

    private const string Header = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:

        """;

    private static string Clause(string id, string? when, string require) =>
        $"  - id: {id}\n    title: Clause {id}\n    text: Clause {id}.\n    appliesTo: call\n"
        + (when is null ? string.Empty : $"    when: {when}\n")
        + $"    require: {require}\n";

    private static RuleSet Load(string clauses)
    {
        var result = new RuleSetLoader().LoadStrings([new RuleSource("acme.yaml", Header + clauses)]);
        return result.RuleSet ?? throw new AssertionException(string.Join("\n", result.Diagnostics.Take(5)));
    }

    /// <summary>Clauses that each pair drives to its search limit: twenty keys in each `when`, demands that can be met
    /// together (so every context must be searched) and that share `cloud` (so every pair is asked about).</summary>
    private static RuleSet Driving(int count) => Load(string.Concat(Enumerable.Range(0, count).Select(i => Clause($"c{i}",
        "{ any: [" + string.Join(", ", Enumerable.Range(0, 20).Select(k => $"{{ tags.a{k}: x }}")) + "] }",
        i % 2 == 0 ? $"{{ any: [ {{ cloud: Azure }}, {{ region: eu{i} }} ] }}" : $"{{ any: [ {{ cloud: AWS }}, {{ region: us{i} }} ] }}"))));

    private static IReadOnlyList<Finding> AnalyseWithinAMinute(RuleSet rules, AnalysisOptions options)
    {
        var run = Task.Run(() => RuleSetAnalyzer.AnalyzeFindings(rules, options));

        // A guard against a run without end, not a measurement: the budget, counted in steps, decides where it stops.
        Assert.That(run.Wait(TimeSpan.FromMinutes(1)), Is.True, "the analysis did not finish");
        return run.Result;
    }

    [Test]
    public void ABudgetSpent_StopsTheRun_AndNamesWhatWasNotAnalysed()
    {
        var rules = Driving(12);

        var findings = AnalyseWithinAMinute(rules, Options);

        var spent = findings.Single(f => f.Diagnostic.Code == DiagnosticCodes.AnalysisBudgetSpent);
        var budget = Options.MaxSearchSteps + (Options.StepsPerConditionNode * Analyzer.SizeOf(rules));
        Assert.That(spent.Diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(spent.Diagnostic.Message, Does.Match(
            $"^the analysis stopped at its budget of {budget:N0} steps: 0 clauses, 0 waivers and [0-9,]+ pairs of clauses were not analysed, "
            + "starting with clauses `acme/c[0-9]+` and `acme/c[0-9]+`$"));
        Assert.That(spent.Diagnostic.Hint, Is.EqualTo(
            "the budget grows with the size of the rule set's conditions (`AnalysisOptions.StepsPerConditionNode`); split the rule set, or cover what was not analysed with tests"));
        Assert.That(spent.Clauses, Is.Not.Empty.And.Unique);
        Assert.That(spent.Clauses, Is.SubsetOf(rules.Clauses.Select(c => c.Id)));
    }

    [Test]
    public void TheBudget_IsCountedInSteps_SoTheRunRepeatsExactly()
    {
        var rules = Driving(12);

        var first = AnalyseWithinAMinute(rules, Options).Select(f => f.Diagnostic.ToString());
        var second = AnalyseWithinAMinute(rules, Options).Select(f => f.Diagnostic.ToString());

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void TheBudget_GrowsWithTheRuleSet_StepsPerConditionNode()
    {
        var rules = Driving(12);

        var small = AnalyseWithinAMinute(rules, Options with { MaxSearchSteps = 100_000, StepsPerConditionNode = 1 });
        var large = AnalyseWithinAMinute(rules, Options with { MaxSearchSteps = 100_000, StepsPerConditionNode = 1_000_000 });

        Assert.That(small.Count(f => f.Diagnostic.Code == DiagnosticCodes.AnalysisBudgetSpent), Is.EqualTo(1));
        Assert.That(large.Count(f => f.Diagnostic.Code == DiagnosticCodes.AnalysisBudgetSpent), Is.Zero);

        // With room for every question, each pair is asked about and answered, here as too large for its own budget.
        Assert.That(large.Count(f => f.Diagnostic.Code == DiagnosticCodes.NotAnalysed), Is.EqualTo(12 * 11 / 2));
    }

    [Test]
    public void ABudgetSpentOnTheClauses_LeavesTheirPairsAndWaivers_Named()
    {
        var rules = Load(Clause("azure-only", "{ vendor: Acme }", "{ cloud: Azure }") + Clause("aws-only", "{ vendor: Acme }", "{ cloud: AWS }"));

        var findings = AnalyseWithinAMinute(rules, Options with { MaxSearchSteps = 300, StepsPerConditionNode = 1 });

        Assert.That(findings.Select(f => f.Diagnostic.ToString()), Is.EqualTo(new[]
        {
            "acme.yaml:7:9: warning CMP0103: the analysis stopped at its budget of 308 steps: 2 clauses, 0 waivers and 1 pair of clauses were not analysed, "
                + "starting with clause `acme/azure-only` (the budget grows with the size of the rule set's conditions (`AnalysisOptions.StepsPerConditionNode`); "
                + "split the rule set, or cover what was not analysed with tests)",
        }));
        Assert.That(findings.Single().Clauses, Is.EqualTo(new[] { "acme/azure-only", "acme/aws-only" }));
    }

    [Test]
    public void ThreeHundredDrivingClauses_StopAtTheBudget()
    {
        // About 350 KB of rules; 66 pairs of them took 45 seconds before, 44,850 would have taken hours.
        var findings = AnalyseWithinAMinute(Driving(300), Options);

        Assert.That(findings.Count(f => f.Diagnostic.Code == DiagnosticCodes.AnalysisBudgetSpent), Is.EqualTo(1));
    }

    [Test]
    public void TenThousandClauses_StopAtTheBudget()
    {
        var rules = Load(string.Concat(Enumerable.Range(0, 10_000).Select(i =>
            Clause($"c{i}", "{ vendor: OpenAI }", i % 2 == 0 ? "{ cloud: Azure }" : "{ cloud: AWS }"))));

        var findings = AnalyseWithinAMinute(rules, Options);

        var spent = findings.Single(f => f.Diagnostic.Code == DiagnosticCodes.AnalysisBudgetSpent);
        Assert.That(spent.Diagnostic.Message, Does.Contain(" pairs of clauses were not analysed"));
        Assert.That(findings.Where(f => f.Diagnostic.Code == DiagnosticCodes.Contradiction), Is.Not.Empty);
    }

    [Test]
    public void AHundredThousandInValues_AreAnalysed()
    {
        var values = string.Join(", ", Enumerable.Range(0, 100_000).Select(i => $"m{i}"));
        var rules = Load(Clause("listed", "{ vendor: OpenAI }", $"{{ model: [{values}] }}"));

        var findings = AnalyseWithinAMinute(rules, Options);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void AHundredThousandWhenKeys_AreReportedAsNotAnalysed()
    {
        var keys = string.Join(", ", Enumerable.Range(0, 100_000).Select(i => $"tags.k{i}: v"));
        var rules = Load(Clause("keyed", $"{{ {keys} }}", "{ cloud: Azure }"));

        var findings = AnalyseWithinAMinute(rules, Options);

        Assert.That(findings.Select(f => f.Diagnostic.Message), Is.EqualTo(new[] { "clause `acme/keyed` is not analysed: the search is too large" }));
    }

    [Test]
    public void TheCatalogue_RunsTheAnalysisWithinTheSameBudget()
    {
        var catalog = ClauseCatalog.Create(Driving(12), analysis: Options);

        var spent = catalog.Analysis!.Findings.Single(f => f.Diagnostic.Code == DiagnosticCodes.AnalysisBudgetSpent);
        Assert.That(spent.Name, Is.EqualTo("analysis stopped at its budget"));
    }

    [Test]
    public void StepsPerConditionNode_OutOfRange_IsRefused()
    {
        var rules = Driving(2);

        Assert.That(() => RuleSetAnalyzer.Analyze(rules, Options with { StepsPerConditionNode = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => RuleSetAnalyzer.Analyze(rules, Options with { StepsPerConditionNode = -5 }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void ALongInList_IgnoresCase_AsAShortOneDoes()
    {
        // Past eight values the list is looked up in a set rather than scanned: the answers must not change.
        var values = string.Join(", ", Enumerable.Range(0, 20).Select(i => $"Model-{i}"));
        var rules = Load(Clause("listed", null, $"{{ model: [{values}] }}") + Clause("unlisted", null, $"{{ model: {{ notIn: [{values}] }} }}"));
        var call = Security.SampleSubjects.Call();

        var upper = rules.Evaluate(call with { Model = "MODEL-7" }, new() { AsOf = Options.Today });
        var other = rules.Evaluate(call with { Model = "model-70" }, new() { AsOf = Options.Today });

        Assert.That(upper.Clauses.Select(c => c.Status), Is.EqualTo(new[] { ClauseStatus.Satisfied, ClauseStatus.Violated }));
        Assert.That(other.Clauses.Select(c => c.Status), Is.EqualTo(new[] { ClauseStatus.Violated, ClauseStatus.Satisfied }));
    }
}
