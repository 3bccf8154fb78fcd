using Compliance.Rules.Analysis;
using Compliance.Rules.Testing;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Analysis;

/// <summary>What the analysis finds in the bundled rules (rules/), each finding real and explained.</summary>
public sealed class BundledRulesAnalysisTests
{
    private const string Hint =
        "(the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests)";

    [Test]
    public void BundledRules_HaveTheDisputesContradiction_NoDeadCode_AndTwoClausesOutsideTheAnalysedFragment()
    {
        var load = new RuleSetLoader().LoadStrings(Repository.RuleFiles("rules"));

        var diagnostics = RuleSetAnalyzer.Analyze(load, new AnalysisOptions { Today = new DateOnly(2026, 3, 1) });

        // The Azure/AWS tension is real and expected: Microsoft's reading (msft-openai 2.4) forbids a stateful runtime's
        // stateless OpenAI calls outside Azure; the OpenAI–Amazon agreement (openai-amazon 1.3) has Bedrock serve them on
        // AWS. For a runtime on AWS that makes such a call, no cloud satisfies both. docs/clauses.md explains it.
        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "rules/msft-openai.yaml:42:30: warning CMP0101: the `require` of clause `msft-openai/azure-endpoint-consistency` "
                + "is not analysed: it uses `matches` on the text `endpoint` " + Hint,
            "rules/openai-amazon.yaml:43:9: warning CMP0100: clauses `msft-openai/stateful-runtime-stateless-calls` (rules/msft-openai.yaml:132) "
                + "and `openai-amazon/bedrock-runtime-calls` contradict on 2026-03-01: no choice of `calls` satisfies both for a subject both apply to "
                + "(counterexample: { kind: deployment, product: example, vendor: OpenAI, runtime: stateful, hostCloud: AWS, timestamp: 2026-03-01, "
                + "calls: [{ vendor: OpenAI, model: example, mode: stateless, cloud: other }] } violates both)",
            "rules/openai-amazon.yaml:124:7: warning CMP0101: the `require` of clause `openai-amazon/trainium-capacity` "
                + "is not analysed: it uses `expression` " + Hint,
        }));
    }

    [Test]
    public void BundledRules_ContradictionsCounterexample_PassesAsATestAgainstTheBundledRules()
    {
        var load = new RuleSetLoader().LoadStrings(Repository.RuleFiles("rules"));

        var finding = RuleSetAnalyzer.AnalyzeFindings(load.RuleSet!, new AnalysisOptions { Today = new DateOnly(2026, 3, 1) })
            .Single(f => f.Diagnostic.Code == "CMP0100");
        var tests = new RuleSetLoader().LoadStrings(
            [.. Repository.RuleFiles("rules"), new RuleSource("rules/tests/pasted.tests.yaml", "apiVersion: compliance/v1\ntests:\n" + finding.Counterexample!.Test)]);
        var pasted = RuleTestRunner.Run(tests.RuleSet!, tests.Tests).Results.Single(r => r.Test.Location.File == "rules/tests/pasted.tests.yaml");

        Assert.That(finding.Clauses, Is.EqualTo(new[] { "msft-openai/stateful-runtime-stateless-calls", "openai-amazon/bedrock-runtime-calls" }));
        Assert.That(finding.Counterexample.Outcome, Is.EqualTo(Outcome.Violation));
        Assert.That(pasted.Passed, Is.True, string.Join("\n", pasted.Failures));
    }

    [Test]
    public void BundledWaivers_AreReported_AsTheirExpiryNears()
    {
        var load = new RuleSetLoader().LoadStrings(Repository.RuleFiles("rules"));

        var diagnostics = RuleSetAnalyzer.Analyze(load.RuleSet!, new AnalysisOptions { Today = new DateOnly(2026, 12, 15) });

        Assert.That(diagnostics.Where(d => d.Code is "CMP0040" or "CMP0120").Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "rules/waivers.yaml:13:9: warning CMP0120: waiver `W-2026-022` expires on 2026-12-31, in 16 days "
                + "(renew it in time, or prepare for clause `msft-openai/first-party-on-azure` to apply again)",
        }));
    }
}
