using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>The outcome is the most severe that applies: violation &gt; indeterminate &gt; review &gt; warning &gt;
/// compliant &gt; notApplicable, whatever the order of the clauses.</summary>
public class OutcomeTests
{
    private static readonly CallSubject Subject = new() { Id = "c", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "Azure" };

    private static readonly EvaluationOptions Options = new() { AsOf = new DateOnly(2026, 3, 1), Trace = true };

    /// <summary>Writes a clause that gets <paramref name="status"/> on <see cref="Subject"/> (plus a helper clause
    /// for <c>superseded</c>, and a waiver for <c>waived</c>).</summary>
    private static (string Clauses, string Waivers) Clause(int index, ClauseStatus status, Effect effect)
    {
        var id = $"c{index}";
        var head = $"""
              - id: {id}
                title: Clause {index}
                text: Clause {index}.
                appliesTo: call
                effect: {VerdictNames.Name(effect)}

            """;
        return status switch
        {
            ClauseStatus.NotApplicable => (head + "    when: { cloud: Nowhere }\n    require: { cloud: Azure }\n", ""),
            ClauseStatus.Satisfied => (head + "    require: { cloud: Azure }\n", ""),
            ClauseStatus.Violated => (head + "    require: { cloud: AWS }\n", ""),
            ClauseStatus.Exempt => (head + "    require: { cloud: AWS }\n    exceptions:\n      - id: on-azure\n        when: { cloud: Azure }\n", ""),
            ClauseStatus.Waived => (head + "    require: { cloud: AWS }\n",
                $"  - id: W-{id}\n    clause: acme/{id}\n    reason: Waived.\n    expires: 2099-01-01\n"),
            ClauseStatus.Error => (head + "    require: { expression: \"subject.Region.Length > 0\" }\n", ""),
            ClauseStatus.Superseded => (head + "    require: { cloud: AWS }\n"
                + $"  - id: s{index}\n    title: Supersedes {index}\n    text: Supersedes {index}.\n    appliesTo: call\n"
                + $"    when: {{ cloud: Nowhere }}\n    require: {{ cloud: Azure }}\n    supersedes: [{id}]\n", ""),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
    }

    private static RuleSet Build(IReadOnlyList<(ClauseStatus Status, Effect Effect)> clauses)
    {
        var parts = clauses.Select((c, i) => Clause(i, c.Status, c.Effect)).ToArray();
        var contract = "apiVersion: compliance/v1\ncontract:\n  id: acme\n  title: Acme\nclauses:\n" + string.Concat(parts.Select(p => p.Clauses))
            + "  - id: other-kind\n    title: For deployments\n    text: For deployments.\n    appliesTo: deployment\n    require: { hostCloud: Azure }\n";
        var sources = new List<RuleSource> { new("acme.yaml", contract) };
        var waivers = string.Concat(parts.Select(p => p.Waivers));
        if (waivers.Length > 0)
        {
            sources.Add(new RuleSource("waivers.yaml", "apiVersion: compliance/v1\nwaivers:\n" + waivers));
        }

        var result = new RuleSetLoader().LoadStrings(sources);
        return result.RuleSet ?? throw new RuleSetLoadException(result.Diagnostics);
    }

    /// <summary>SPEC §3 "Verdict", written out independently of the engine.</summary>
    private static Outcome Expected(IEnumerable<(ClauseStatus Status, Effect Effect)> clauses)
    {
        var list = clauses.ToArray();
        if (list.Any(c => c is { Status: ClauseStatus.Violated, Effect: Effect.Violation }))
        {
            return Outcome.Violation;
        }

        if (list.Any(c => c.Status == ClauseStatus.Error))
        {
            return Outcome.Indeterminate;
        }

        if (list.Any(c => c is { Status: ClauseStatus.Violated, Effect: Effect.Review }))
        {
            return Outcome.Review;
        }

        if (list.Any(c => c is { Status: ClauseStatus.Violated, Effect: Effect.Warning }))
        {
            return Outcome.Warning;
        }

        return list.Any(c => c.Status is ClauseStatus.Satisfied or ClauseStatus.Exempt or ClauseStatus.Waived)
            ? Outcome.Compliant
            : Outcome.NotApplicable;
    }

    private static IEnumerable<TestCaseData> Examples()
    {
        (ClauseStatus, Effect) V(Effect e) => (ClauseStatus.Violated, e);
        yield return new TestCaseData(new[] { V(Effect.Violation), (ClauseStatus.Error, Effect.Violation), V(Effect.Review) }, Outcome.Violation)
            .SetName("Outcome_ViolationOutranksIndeterminate");
        yield return new TestCaseData(new[] { (ClauseStatus.Error, Effect.Warning), V(Effect.Review), V(Effect.Warning) }, Outcome.Indeterminate)
            .SetName("Outcome_IndeterminateOutranksReview");
        yield return new TestCaseData(new[] { V(Effect.Warning), V(Effect.Review), (ClauseStatus.Satisfied, Effect.Violation) }, Outcome.Review)
            .SetName("Outcome_ReviewOutranksWarning");
        yield return new TestCaseData(new[] { (ClauseStatus.Satisfied, Effect.Violation), V(Effect.Warning) }, Outcome.Warning)
            .SetName("Outcome_WarningOutranksCompliant");
        yield return new TestCaseData(new[] { (ClauseStatus.NotApplicable, Effect.Violation), (ClauseStatus.Exempt, Effect.Violation) }, Outcome.Compliant)
            .SetName("Outcome_ExemptIsCompliant");
        yield return new TestCaseData(new[] { (ClauseStatus.Waived, Effect.Violation) }, Outcome.Compliant)
            .SetName("Outcome_WaivedIsCompliant");
        yield return new TestCaseData(new[] { (ClauseStatus.NotApplicable, Effect.Violation), (ClauseStatus.Superseded, Effect.Violation) }, Outcome.NotApplicable)
            .SetName("Outcome_NothingApplied_IsNotApplicable");
        yield return new TestCaseData(Array.Empty<(ClauseStatus, Effect)>(), Outcome.NotApplicable)
            .SetName("Outcome_NoClauses_IsNotApplicable");
    }

    [TestCaseSource(nameof(Examples))]
    public void Evaluate_ClauseStatuses_GiveTheMostSevereOutcome((ClauseStatus Status, Effect Effect)[] clauses, Outcome expected)
    {
        var verdict = Build(clauses).Evaluate(Subject, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(expected));
            Assert.That(clauses.Select((c, i) => verdict.Clauses.Single(r => r.Id == $"acme/c{i}").Status), Is.EqualTo(clauses.Select(c => c.Status)));
        });
    }

    [Test]
    public void Evaluate_AnyCombinationOfStatusesAndEffects_GivesTheMostSevereOutcomeWhateverTheOrder()
    {
        var clause = Gen.Select(
            Gen.OneOf(ClauseStatus.NotApplicable, ClauseStatus.Superseded, ClauseStatus.Satisfied, ClauseStatus.Exempt,
                ClauseStatus.Waived, ClauseStatus.Violated, ClauseStatus.Violated, ClauseStatus.Error),
            Gen.OneOf(Effect.Violation, Effect.Review, Effect.Warning),
            (status, effect) => (Status: status, Effect: effect));

        clause.Array[0, 6].Sample(clauses =>
        {
            var forward = Build(clauses).Evaluate(Subject, Options);
            var backward = Build(clauses.Reverse().ToArray()).Evaluate(Subject, Options);

            Assert.That(forward.Outcome, Is.EqualTo(Expected(clauses)));
            Assert.That(backward.Outcome, Is.EqualTo(forward.Outcome), "the order of clauses does not matter");
            Assert.That(clauses.Select((c, i) => forward.Clauses.Single(r => r.Id == $"acme/c{i}").Status), Is.EqualTo(clauses.Select(c => c.Status)));
        }, iter: 120);
    }

    [Test]
    public void IsAtOrAbove_FollowsTheSeverityOrder()
    {
        var order = new[] { Outcome.Violation, Outcome.Indeterminate, Outcome.Review, Outcome.Warning, Outcome.Compliant, Outcome.NotApplicable };

        Assert.Multiple(() =>
        {
            for (var i = 0; i < order.Length; i++)
            {
                for (var j = 0; j < order.Length; j++)
                {
                    var verdict = new Verdict { Subject = "s", Kind = "call", AsOf = default, Outcome = order[i], Clauses = [] };
                    Assert.That(verdict.IsAtOrAbove(order[j]), Is.EqualTo(i <= j), $"{order[i]} at or above {order[j]}");
                }
            }
        });
    }
}
