using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>A clause is superseded only while the clause that supersedes it is in effect.</summary>
public class SupersessionTests
{
    private static readonly Lazy<RuleSet> Rules = new(() => RuleText.Load(RuleText.Contract("""
          - id: original-partner
            title: Microsoft is the only partner
            text: Microsoft is the only partner.
            appliesTo: deployment
            effective: { from: 2019-07-22 }
            when: { partners: { exists: true } }
            require: { partners: { every: [Microsoft] } }
          - id: revised-partners
            title: Permitted partners after the revision
            text: Microsoft, SoftBank, NVIDIA and Amazon are permitted.
            appliesTo: deployment
            effective: { from: 2025-10-28, until: 2027-01-01 }
            when: { partners: { exists: true } }
            require: { partners: { every: [Microsoft, SoftBank, NVIDIA, Amazon] } }
            supersedes: [original-partner]
          - id: never-applies
            title: A clause whose when never holds
            text: It supersedes the original from 2028, while in effect, even though it applies to nothing.
            appliesTo: deployment
            effective: { from: 2028-01-01 }
            when: { hostCloud: Nowhere }
            require: { hostCloud: Nowhere }
            supersedes: [acme/original-partner]
        """)));

    private static readonly DeploymentSubject Stargate = new()
    {
        Id = "stargate", Product = "Stargate", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "Azure", Partners = ["Microsoft", "SoftBank"],
    };

    private static ClauseStatus StatusOf(Verdict verdict, string id) =>
        verdict.Clauses.SingleOrDefault(c => c.Id == id)?.Status ?? ClauseStatus.NotApplicable;

    private static Verdict On(string date, bool trace = true) =>
        Rules.Value.Evaluate(Stargate, new EvaluationOptions { AsOf = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Trace = trace });

    [Test]
    public void Evaluate_BeforeTheSupersedingClauseTakesEffect_OriginalApplies()
    {
        var verdict = On("2025-10-27");

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf(verdict, "acme/original-partner"), Is.EqualTo(ClauseStatus.Violated));
            Assert.That(StatusOf(verdict, "acme/revised-partners"), Is.EqualTo(ClauseStatus.NotApplicable));
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Violation));
        });
    }

    [Test]
    public void Evaluate_WhileTheSupersedingClauseIsInEffect_OriginalIsSuperseded()
    {
        var verdict = On("2025-10-28");

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf(verdict, "acme/original-partner"), Is.EqualTo(ClauseStatus.Superseded));
            Assert.That(verdict.Clauses.Single(c => c.Id == "acme/original-partner").Reason, Is.EqualTo("superseded by `acme/revised-partners`"));
            Assert.That(StatusOf(verdict, "acme/revised-partners"), Is.EqualTo(ClauseStatus.Satisfied));
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Compliant));
        });
    }

    [Test]
    public void Evaluate_SupersededClause_IsLeftOutWithoutTrace()
    {
        var verdict = On("2026-03-01", trace: false);

        Assert.That(verdict.Clauses.Select(c => (c.Id, c.Status)), Is.EqualTo(new[] { ("acme/revised-partners", ClauseStatus.Satisfied) }));
    }

    [Test]
    public void Evaluate_AfterTheSupersedingClauseEnds_OriginalAppliesAgain()
    {
        var verdict = On("2027-01-01");

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf(verdict, "acme/original-partner"), Is.EqualTo(ClauseStatus.Violated));
            Assert.That(StatusOf(verdict, "acme/revised-partners"), Is.EqualTo(ClauseStatus.NotApplicable));
        });
    }

    [Test]
    public void Evaluate_SupersedingClauseInEffectButNotApplying_StillSupersedes()
    {
        var verdict = On("2028-01-01");

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf(verdict, "acme/original-partner"), Is.EqualTo(ClauseStatus.Superseded));
            Assert.That(StatusOf(verdict, "acme/never-applies"), Is.EqualTo(ClauseStatus.NotApplicable));
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.NotApplicable));
        });
    }

    [Test]
    public void Evaluate_OriginalWhoseWhenDoesNotHold_IsNotApplicableRatherThanSuperseded()
    {
        var verdict = Rules.Value.Evaluate(Stargate with { Partners = [] }, new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1), Trace = true });

        Assert.That(StatusOf(verdict, "acme/original-partner"), Is.EqualTo(ClauseStatus.NotApplicable));
    }
}
