using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Reference;

/// <summary>The optimised evaluator (compiled comparisons, the clause index, shared results) gives exactly the verdicts of
/// <see cref="ReferenceEvaluator"/>, written from the specification, down to the JSON.</summary>
public class ReferenceEvaluatorTests
{
    private static readonly EvaluationOptions[] Options =
    [
        new() { AsOf = new DateOnly(2026, 3, 1) },
        new() { TimeProvider = FixedTimeProvider.On(2026, 2, 15) },
        new() { AsOf = new DateOnly(2026, 3, 1), Trace = true },
    ];

    private static void AssertSameVerdicts(RuleSet rules, IEnumerable<object> subjects, string what)
    {
        var reference = new ReferenceEvaluator(rules);
        foreach (var options in Options)
        {
            foreach (var subject in subjects)
            {
                var expected = VerdictJson.Serialize(reference.Evaluate(subject, options));
                var actual = VerdictJson.Serialize(rules.Evaluate(subject, options));
                Assert.That(actual, Is.EqualTo(expected), $"{what}, trace {options.Trace}, as of {options.AsOf}: {subject}");
            }
        }
    }

    [Test]
    public void Evaluate_GeneratedRuleSetsAndSubjects_GivesTheReferenceVerdicts()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new RandomRuleSets(seed);
            var rules = random.Load(30);
            var subjects = random.Subjects(40);

            // Twice over, the second time in reverse: results shared between verdicts never carry one subject's values to another.
            AssertSameVerdicts(rules, subjects, $"seed {seed}");
            AssertSameVerdicts(rules, subjects.Reverse(), $"seed {seed}, reversed");
        }, iter: 40, threads: 1);
    }

    [Test]
    public void Evaluate_BundledRulesOnTheSamples_GivesTheReferenceVerdicts()
    {
        var rules = new RuleSetLoader().Load(Path.Combine(TestPaths.RepoRoot(), "rules"));
        var samples = new SubjectReader().ReadPath(Path.Combine(TestPaths.RepoRoot(), "samples", "subjects"))
            .Where(i => i.Subject is not null && i.Errors.Count == 0)
            .Select(i => i.Subject!)
            .ToArray();
        Assert.That(samples, Has.Length.GreaterThan(5));

        AssertSameVerdicts(rules, samples, "bundled rules");
    }

    [Test]
    public void Evaluate_GeneratedVerdicts_CoverEveryStatus()
    {
        // The comparison above is only as good as what it exercises: across a few seeds, every status comes up.
        var statuses = new HashSet<ClauseStatus>();
        var outcomes = new HashSet<Outcome>();
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new RandomRuleSets(seed);
            var rules = random.Load(30);
            foreach (var subject in random.Subjects(40))
            {
                var verdict = rules.Evaluate(subject, Options[2]);
                outcomes.Add(verdict.Outcome);
                statuses.UnionWith(verdict.Clauses.Select(c => c.Status));
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.SupersetOf(new[]
            {
                ClauseStatus.NotApplicable, ClauseStatus.Superseded, ClauseStatus.Satisfied, ClauseStatus.Exempt,
                ClauseStatus.Waived, ClauseStatus.Violated,
            }));
            Assert.That(outcomes, Is.SupersetOf(new[] { Outcome.Violation, Outcome.Indeterminate, Outcome.Compliant }));
        });
    }
}
