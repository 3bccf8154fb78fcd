using Compliance.Rules.Analysis;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Analysis;

/// <summary>What the analysis finds in the bundled rules (rules/), each finding real and explained.</summary>
public sealed class BundledRulesAnalysisTests
{
    private const string Hint =
        "(the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests)";

    [Test]
    public void BundledRules_HaveNoContradictionOrDeadCode_AndTwoClausesOutsideTheAnalysedFragment()
    {
        var load = new RuleSetLoader().LoadStrings(Repository.RuleFiles("rules"));

        var diagnostics = RuleSetAnalyzer.Analyze(load, new AnalysisOptions { Today = new DateOnly(2026, 3, 1) });

        // The Azure/AWS tension is Microsoft's reading (msft-openai 2.4, effect `review`): a stateful runtime may be hosted
        // on AWS (openai-amazon 1.1) while its stateless OpenAI calls run on Azure, which satisfies both clauses, so it
        // is a possible violation of one clause, not a contradiction between two.
        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "rules/msft-openai.yaml:79:28: warning CMP0101: the `require` of clause `msft-openai/azure-endpoint-consistency` "
                + "is not analysed: it uses `matches` on the text `endpoint` " + Hint,
            "rules/openai-amazon.yaml:87:7: warning CMP0101: the `require` of clause `openai-amazon/trainium-capacity` "
                + "is not analysed: it uses `expression` " + Hint,
        }));
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
