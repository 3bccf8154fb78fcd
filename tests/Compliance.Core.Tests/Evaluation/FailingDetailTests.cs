using Compliance.Core.Tests.Security;
using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary><see cref="EvaluationOptions.Detail"/>: a verdict judged at <see cref="VerdictDetail.Failing"/> is the verdict
/// judged at <see cref="VerdictDetail.Full"/> with only its failing clauses kept, in their order and equal to them, with the
/// same outcome, subject, kind, source, date and errors; with and without tracing.</summary>
public class FailingDetailTests
{
    private static bool IsFailing(ClauseStatus status) => status is ClauseStatus.Violated or ClauseStatus.Error;

    private static void AssertFailingIsFullFiltered(RuleSet rules, Gen<object> subjects, int iterations)
    {
        var statuses = new HashSet<ClauseStatus>();
        var dropped = 0;
        var traced = 0;
        Gen.Select(subjects, Generators.Options).Sample((subject, options) =>
        {
            var full = rules.Evaluate(subject, options);
            var failing = rules.Evaluate(subject, options with { Detail = VerdictDetail.Failing });
            lock (statuses)
            {
                statuses.UnionWith(full.Clauses.Select(c => c.Status));
                dropped += full.Clauses.Count(c => !IsFailing(c.Status));
                traced += options.Trace ? 1 : 0;
            }

            Assert.That(failing.Outcome, Is.EqualTo(full.Outcome));
            Assert.That(failing.Clauses.Select(c => c.Status).Where(s => !IsFailing(s)), Is.Empty);

            // Every field of the verdict and of each clause kept (the JSON writes them all, facts by value): the full verdict
            // written at `failing` is the failing verdict written whole.
            Assert.That(VerdictJson.Serialize(failing), Is.EqualTo(VerdictJson.Serialize(full, VerdictDetail.Failing)));
        }, iter: iterations, threads: 1);

        // The generated subjects reach clauses that are kept and clauses that are left out, traced and not.
        Assert.That(statuses, Is.SupersetOf(new[] { ClauseStatus.Satisfied, ClauseStatus.Violated, ClauseStatus.NotApplicable }));
        Assert.That(dropped, Is.GreaterThan(iterations / 4), "many verdicts have clauses the failing detail leaves out");
        Assert.That(traced, Is.GreaterThan(iterations / 4), "about half the evaluations are traced");
    }

    [Test]
    public void Evaluate_AtFailingDetail_IsTheFullVerdictFilteredToFailingClauses_BundledRules() =>
        AssertFailingIsFullFiltered(Generators.Bundled, Generators.Subject, 3000);

    [Test]
    public void Evaluate_AtFailingDetail_IsTheFullVerdictFilteredToFailingClauses_Rules40() =>
        AssertFailingIsFullFiltered(Generators.Rules40, Generators.Subjects(Generators.Rules40Text), 3000);

    [Test]
    public void Evaluate_AtFailingDetail_InABatch_IsTheFullBatchFiltered()
    {
        // The batch pipeline on two threads, each with its own result caches: judged again and again, the same subjects
        // go through the caches' shared results, which the failing detail must neither miss nor mix up.
        Gen.Select(Generators.Subjects(Generators.Rules40Text).Array[50, 200], Gen.Int[2, 5], Generators.Options).Sample((subjects, rounds, options) =>
        {
            var inputs = Enumerable.Repeat(subjects, rounds).SelectMany(s => s).Select(s => SubjectInput.From(s)).ToArray();
            var parallel = options with { MaxDegreeOfParallelism = 2 };

            var full = Generators.Rules40.EvaluateMany(inputs, parallel).Select(v => VerdictJson.Serialize(v, VerdictDetail.Failing));
            var failing = Generators.Rules40.EvaluateMany(inputs, parallel with { Detail = VerdictDetail.Failing }).Select(v => VerdictJson.Serialize(v));

            Assert.That(failing, Is.EqualTo(full));
        }, iter: 20, threads: 1);
    }

    [Test]
    public void Evaluate_AtFailingDetail_CountsALeftOutClauseInTheOutcome()
    {
        // Satisfied by an exception, a clause makes the outcome compliant and is left out.
        var rules = RuleText.Load(RuleText.Contract("""
              - id: azure
                title: t
                text: t
                appliesTo: call
                require: { cloud: Azure }
                exceptions:
                  - { id: research, when: { tags.purpose: research } }
            """));
        var call = new CallSubject
        {
            Id = "c", Vendor = "OpenAI", Model = "m", Mode = RuntimeMode.Stateless, Cloud = "AWS",
            Tags = new Dictionary<string, string> { ["purpose"] = "research" },
        };
        var options = new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1), Detail = VerdictDetail.Failing };

        var exempt = rules.Evaluate(call, options);
        var violated = rules.Evaluate(call with { Tags = new Dictionary<string, string>() }, options);

        Assert.Multiple(() =>
        {
            Assert.That(exempt.Outcome, Is.EqualTo(Outcome.Compliant));
            Assert.That(exempt.Clauses, Is.Empty);
            Assert.That(violated.Outcome, Is.EqualTo(Outcome.Violation));
            Assert.That(violated.Clauses.Select(c => (c.Id, c.Status)), Is.EqualTo(new[] { ("acme/azure", ClauseStatus.Violated) }));
        });
    }

    [Test]
    public void Detail_NotAMember_IsRejected() =>
        Assert.That(() => new EvaluationOptions { Detail = (VerdictDetail)7 }, Throws.TypeOf<ArgumentOutOfRangeException>());
}
