using Compliance.Conditions;
using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Conditions;

/// <summary><see cref="ConditionExplainer.ExplainClause"/> is the evaluator's own clause evaluation watched: on generated
/// rule sets and subjects, the steps it lists stop at the step that decides the clause, and that step gives the status the
/// verdict has. A copy of the step order that drifted from the evaluator (explain's, before) would fail here.</summary>
public sealed class ClauseStepsTests
{
    /// <summary>The status the steps come to, or why they are not a well-formed evaluation.</summary>
    private static (ClauseStatus? Status, string? Problem) Decided(IReadOnlyList<ClauseStep> steps, Clause clause)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var error = step.Explanation?.Error is not null;
            var held = step.Explanation is { Error: null, Result: true };
            ClauseStatus? decided = step.Kind switch
            {
                _ when error => ClauseStatus.Error,
                ClauseStepKind.InEffect when !step.InForce => ClauseStatus.NotApplicable,
                ClauseStepKind.When when step.Explanation is not null && !held => ClauseStatus.NotApplicable,
                ClauseStepKind.Superseded => ClauseStatus.Superseded,
                ClauseStepKind.Condition when held == (clause.Mode == ClauseMode.Require) => ClauseStatus.Satisfied,
                ClauseStepKind.Exception when step.InForce && held => ClauseStatus.Exempt,
                ClauseStepKind.Waiver when step.InForce && (step.Explanation is null || held) => ClauseStatus.Waived,
                _ => null,
            };
            if (decided is not null)
            {
                return i == steps.Count - 1 ? (decided, null) : (null, $"{steps.Count - 1 - i} steps listed after the decisive {step.Kind}");
            }
        }

        return steps.Count > 0 && steps.Any(s => s.Kind == ClauseStepKind.Condition) ? (ClauseStatus.Violated, null) : (null, "no decision and no condition");
    }

    [Test]
    public void Steps_EndAtTheDecisiveOne_WithTheVerdictsStatus_OnGeneratedRuleSetsAndSubjects()
    {
        var compared = 0;
        var statuses = new HashSet<ClauseStatus>();
        Gen.Int.Sample(seed =>
        {
            var random = new RandomRuleSets(seed);
            var rules = random.Load(30);
            foreach (var subject in random.Subjects(30))
            {
                var verdict = rules.Evaluate(subject, new EvaluationOptions { Trace = true, AsOf = new DateOnly(2026, 3, 1) });
                foreach (var result in verdict.Clauses)
                {
                    var clause = rules.FindClause(result.Id)!;
                    if (result.Status == ClauseStatus.Error && result.Message?.Contains("timed out", StringComparison.Ordinal) == true)
                    {
                        // A pattern's timeout is wall-clock time: on a loaded machine one run can time out where the next does not.
                        continue;
                    }

                    var (status, problem) = Decided(ConditionExplainer.ExplainClause(rules, clause, subject, verdict.AsOf), clause);
                    Assert.That(problem, Is.Null, $"seed {seed}, {verdict.Subject}, {clause.Id}");
                    Assert.That(status, Is.EqualTo(result.Status), $"seed {seed}, {verdict.Subject}, {clause.Id}");
                    statuses.Add(result.Status);
                    compared++;
                }
            }
        }, iter: 30, threads: 1);

        Assert.That(compared, Is.GreaterThan(1000));
        Assert.That(statuses, Is.SupersetOf(new[]
        {
            ClauseStatus.NotApplicable, ClauseStatus.Satisfied, ClauseStatus.Violated, ClauseStatus.Exempt, ClauseStatus.Waived,
            ClauseStatus.Superseded,
        }));
    }

    [Test]
    public void ExplainClause_AClauseOfAnotherKind_Throws()
    {
        var rules = new RandomRuleSets(1).Load(30);
        var deploymentClause = rules.Clauses.First(c => c.AppliesTo == "deployment");
        Assert.That(() => ConditionExplainer.ExplainClause(rules, deploymentClause, new CallSubject { Id = "c", Vendor = "OpenAI", Model = "m" }, new DateOnly(2026, 3, 1)),
            Throws.ArgumentException.With.Message.Contains("is not a clause of this rule set on `CallSubject` subjects"));
    }
}
