// How a team asserts, in its own CI tests, that its deployments comply with the contracts. The namespace is the
// team's own: the aliases pick Compliance.NUnit's Is and Has, which still offer everything NUnit's do.
using Compliance;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;
using Has = Compliance.NUnit.Has;
using Is = Compliance.NUnit.Is;

namespace Contoso.Deployments.Tests;

// <snippet:nunit-assertions>
public class FrontierDeploymentTests
{
    private static readonly RuleSet Rules = new RuleSetLoader().Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "rules"));
    private static readonly EvaluationOptions AsOf = new() { AsOf = new DateOnly(2026, 3, 1) };

    private static readonly DeploymentSubject Frontier = new()
    {
        Id = "frontier-aws", Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful,
        HostCloud = "AWS", Distributor = "AWS", Partners = ["Microsoft", "Amazon"],
    };

    [Test]
    public void FrontierOnAws_Complies()
    {
        Assert.That(Rules.Evaluate(Frontier, AsOf), Is.Compliant);
    }

    [Test]
    public void SellingFrontierAsAnApi_BreaksTheAmazonAgreement()
    {
        var verdict = Rules.Evaluate(Frontier with { SoldAsApi = true }, AsOf);

        Assert.That(verdict, Has.Violated("openai-amazon/frontier-not-sold-as-api"));
    }

    [Test]
    public void AnUnlistedPartner_NeedsMicrosoftsConsent()
    {
        var verdict = Rules.Evaluate(Frontier with { Partners = ["Microsoft", "Oracle"] }, AsOf);

        Assert.That(verdict, Is.Outcome(Outcome.Violation) & Has.Violated("msft-openai/permitted-partners-2025"));
    }
}
// </snippet:nunit-assertions>

public class FrontierDeploymentFailureTests
{
    [Test]
    public void AFailingAssertion_QuotesTheClauseTheDeploymentBreaks()
    {
        var rules = new RuleSetLoader().Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "rules"));
        var soldAsApi = new DeploymentSubject
        {
            Id = "frontier-api", Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful,
            HostCloud = "AWS", Distributor = "AWS", SoldAsApi = true,
        };
        var verdict = rules.Evaluate(soldAsApi, new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) });

        var message = Compliance.NUnit.Tests.Failure.MessageOf(() => Assert.That(verdict, Is.Compliant));

        Assert.That(message, Is.EqualTo("""
              Assert.That(verdict, Is.Compliant)
              Expected: outcome compliant
              But was:  outcome violation for `frontier-api` (deployment) as of 2026-03-01
                failing clauses:
                    violated (violation) openai-amazon/frontier-not-sold-as-api §2.2 "Frontier is never sold as an API": Frontier deployment frontier-api is sold as an API

            """.ReplaceLineEndings()));
    }
}
