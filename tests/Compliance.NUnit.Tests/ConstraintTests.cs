using Compliance.Verdicts;
using NUnit.Framework;
using static Compliance.NUnit.Tests.Verdicts;

namespace Compliance.NUnit.Tests;

public class ConstraintTests
{
    [Test]
    public void Compliant_PassesACompliantVerdict()
    {
        Assert.That(Of(Outcome.Compliant, Exclusivity(ClauseStatus.Satisfied)), Is.Compliant);
    }

    [Test]
    public void Compliant_OnAViolation_QuotesTheFailingClauses()
    {
        var verdict = Of(Outcome.Violation, Exclusivity(ClauseStatus.Violated), Endpoint(ClauseStatus.Satisfied));

        var message = Failure.MessageOf(() => Assert.That(verdict, Is.Compliant));

        Assert.That(message, Is.EqualTo("""
              Assert.That(verdict, Is.Compliant)
              Expected: outcome compliant
              But was:  outcome violation for `c-1` (call) as of 2026-03-01
                failing clauses:
                    violated (violation) msft-openai/azure-stateless-exclusivity §2.1 "Stateless API calls route through Azure": Stateless OpenAI call to gpt-5 runs on AWS, not Azure

            """.ReplaceLineEndings()));
    }

    [Test]
    public void Compliant_OnANotApplicableVerdict_SaysNoClauseApplied()
    {
        var message = Failure.MessageOf(() => Assert.That(Of(Outcome.NotApplicable), Is.Compliant));

        Assert.That(message, Does.Contain("But was:  outcome notApplicable for `c-1` (call) as of 2026-03-01\n    no clause applied".ReplaceLineEndings()));
    }

    [Test]
    public void Compliant_OnAnInvalidSubject_ListsEverySubjectError()
    {
        var message = Failure.MessageOf(() => Assert.That(Invalid, Is.Compliant));

        Assert.That(message, Does.Contain("""
            But was:  outcome indeterminate for `calls.jsonl:2` (call) as of 2026-03-01
                subject error at `vendor`: `vendor` is required
                subject error at `mode`: `mode` is required
            """.ReplaceLineEndings()));
    }

    [Test]
    public void Outcome_PassesTheSameOutcome_AndOnAnotherListsTheClausesThatApplied()
    {
        var verdict = Of(Outcome.Compliant, Exclusivity(ClauseStatus.Exempt), Endpoint(ClauseStatus.Satisfied));
        Assert.That(verdict, Is.Outcome(Outcome.Compliant));

        var message = Failure.MessageOf(() => Assert.That(verdict, Is.Outcome(Outcome.Violation)));

        Assert.That(message, Does.Contain("""
              Expected: outcome violation
              But was:  outcome compliant for `c-1` (call) as of 2026-03-01
                clauses that applied:
                    exempt (violation) msft-openai/azure-stateless-exclusivity §2.1 "Stateless API calls route through Azure": exception `first-party-research`
                    satisfied (warning) msft-openai/azure-endpoint-consistency §2.2 "Calls booked to Azure use an Azure endpoint"
            """.ReplaceLineEndings()));
    }

    [Test]
    public void LessSevereThan_PassesMilderOutcomes_AndFailsAtTheThreshold()
    {
        Assert.That(Of(Outcome.Warning, Endpoint(ClauseStatus.Violated)), Is.LessSevereThan(Outcome.Review));
        Assert.That(Of(Outcome.NotApplicable), Is.LessSevereThan(Outcome.Review));

        var message = Failure.MessageOf(() => Assert.That(Of(Outcome.Review), Is.LessSevereThan(Outcome.Review)));

        Assert.That(message, Does.Contain("  Expected: an outcome less severe than review\n  But was:  outcome review for `c-1`".ReplaceLineEndings()));
    }

    [Test]
    public void Violated_PassesWhenTheClauseIsViolated()
    {
        Assert.That(Of(Outcome.Violation, Exclusivity(ClauseStatus.Violated)), Has.Violated(AzureExclusivity));
    }

    [Test]
    public void Violated_OnASatisfiedClause_SaysItsStatus()
    {
        var verdict = Of(Outcome.Warning, Exclusivity(ClauseStatus.Satisfied), Endpoint(ClauseStatus.Violated));

        var message = Failure.MessageOf(() => Assert.That(verdict, Has.Violated(AzureExclusivity)));

        Assert.That(message, Is.EqualTo("""
              Assert.That(verdict, Has.Violated(AzureExclusivity))
              Expected: clause `msft-openai/azure-stateless-exclusivity` violated
              But was:  clause `msft-openai/azure-stateless-exclusivity` satisfied; outcome warning for `c-1` (call) as of 2026-03-01
                failing clauses:
                    violated (warning) msft-openai/azure-endpoint-consistency §2.2 "Calls booked to Azure use an Azure endpoint": Call c-1 is booked to Azure but its endpoint is https://api.openai.com

            """.ReplaceLineEndings()));
    }

    [Test]
    public void Violated_OnAClauseThatDidNotApply_SaysSo()
    {
        var message = Failure.MessageOf(() => Assert.That(Of(Outcome.NotApplicable), Has.Violated(AzureExclusivity)));

        Assert.That(message, Does.Contain(
            "But was:  clause `msft-openai/azure-stateless-exclusivity` did not apply; outcome notApplicable for `c-1` (call) as of 2026-03-01\n    no clause applied"
                .ReplaceLineEndings()));
    }

    [Test]
    public void Clause_OnATracedClauseThatDidNotApply_GivesTheReason()
    {
        var traced = Exclusivity(ClauseStatus.NotApplicable) with { Reason = "its `when` does not hold" };

        var message = Failure.MessageOf(() => Assert.That(Of(Outcome.NotApplicable, traced), Has.Clause(AzureExclusivity)));

        Assert.That(message, Does.Contain("""
              Expected: clause `msft-openai/azure-stateless-exclusivity` applied
              But was:  clause `msft-openai/azure-stateless-exclusivity` did not apply (its `when` does not hold); outcome notApplicable for `c-1` (call) as of 2026-03-01
                clauses that applied:
                    notApplicable (violation) msft-openai/azure-stateless-exclusivity §2.1 "Stateless API calls route through Azure": its `when` does not hold
            """.ReplaceLineEndings()));
    }

    [Test]
    public void ClauseWithStatus_PassesOnTheStatus_AndFailsOnAnother()
    {
        var verdict = Of(Outcome.Compliant, Exclusivity(ClauseStatus.Exempt));
        Assert.That(verdict, Has.Clause(AzureExclusivity));
        Assert.That(verdict, Has.Clause(AzureExclusivity).WithStatus(ClauseStatus.Exempt));

        var message = Failure.MessageOf(() => Assert.That(verdict, Has.Clause(AzureExclusivity).WithStatus(ClauseStatus.Waived)));

        Assert.That(message, Does.Contain(
            "  Expected: clause `msft-openai/azure-stateless-exclusivity` waived\n  But was:  clause `msft-openai/azure-stateless-exclusivity` exempt;"
                .ReplaceLineEndings()));
    }

    [Test]
    public void ConstraintsCombine_WithNUnitOperators()
    {
        var verdict = Of(Outcome.Violation, Exclusivity(ClauseStatus.Violated));

        Assert.That(verdict, Is.Outcome(Outcome.Violation) & Has.Violated(AzureExclusivity));
        Assert.That(verdict, Is.Compliant | Has.Violated(AzureExclusivity));
        Assert.That(verdict, !Is.Compliant);
        Assert.That(new[] { verdict, verdict }, Has.All.Matches(Has.Violated(AzureExclusivity)));
    }

    [Test]
    public void NUnitsOwnIsAndHas_StillWork()
    {
        Assert.That(Of(Outcome.Compliant), Is.Not.Null.And.InstanceOf<Verdict>());
        Assert.That(new[] { 1, 2 }, Has.Length.EqualTo(2));
    }

    [Test]
    public void AppliedToSomethingOtherThanAVerdict_IsAnArgumentError()
    {
        var error = Assert.Throws<ArgumentException>(() => Is.Compliant.ApplyTo("a string"));

        Assert.That(error!.Message, Does.StartWith("the actual value must be a `Verdict`, not a `String`"));
    }
}
