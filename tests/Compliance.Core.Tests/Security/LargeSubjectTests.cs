using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Security;

/// <summary>A subject with a long list costs work linear in the list: the facts a clause read over 78,000 calls are
/// de-duplicated through an index, not by comparing each path with every one kept (which took 3 min 35 s on one
/// deployment). Counted in path comparisons, not timed.</summary>
public sealed class LargeSubjectTests
{
    private static readonly RuleSet Rules = new RuleSetLoader().LoadString("""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme
          parties: [Acme, Contoso]
        clauses:
          - id: calls-on-azure
            title: Every call runs on Azure
            text: Every call runs on Azure.
            appliesTo: deployment
            require: { calls: { every: { cloud: Azure, mode: stateful } } }
        """, "acme.yaml");

    private static DeploymentSubject Deployment(int calls) => new()
    {
        Id = "big", Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "Azure",
        Calls = Enumerable.Range(0, calls)
            .Select(i => new CallSubject { Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateful, Cloud = "Azure" })
            .ToArray(),
    };

    [TestCase(1_000)]
    [TestCase(20_000)]
    public void FactsOfAClauseOverALongList_AreDeDuplicatedInLinearWork(int calls)
    {
        var subject = Deployment(calls);
        var scope = new EvaluationScope();

        var holds = Rules.Clauses[0].Condition.Evaluate(subject, scope);
        var facts = scope.TakeFacts();

        Assert.That(holds, Is.True);
        Assert.That(facts, Has.Count.EqualTo(2 * calls), "each call's cloud and mode");
        Assert.That(facts.Select(f => f.Path).Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(facts.Count));
        Assert.That(facts[^1].Path, Is.EqualTo($"calls[{calls - 1}].mode"));
        // Quadratic de-duplication makes about (2n)²/2 comparisons: 800 million for 20,000 calls. Linear makes a few per fact.
        Assert.That(scope.PathComparisons, Is.LessThanOrEqualTo(20L * facts.Count), $"{scope.PathComparisons} comparisons");
    }

    [Test]
    public void ADeploymentWith78000Calls_IsJudgedWithEveryFact()
    {
        var verdict = Rules.Evaluate(Deployment(78_247), new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) });

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Compliant));
        Assert.That(verdict.Clauses[0].Facts, Has.Count.EqualTo(2 * 78_247));
        Assert.That(verdict.Clauses[0].Facts[^1], Is.EqualTo(new Fact("calls[78246].mode", "stateful")));
    }
}
