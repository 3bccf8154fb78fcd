using System.Text.RegularExpressions;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Security;

/// <summary>Invariants of evaluation over generated subjects: it never throws, it does not depend on the order of
/// clauses or files, a parallel batch equals a sequential one, and verdicts survive their JSON.</summary>
public sealed partial class EvaluationPropertyTests
{
    [Test]
    public void RandomSubjects_NeverCrashEvaluation_AndAnInvalidSubjectIsIndeterminate()
    {
        var seen = new HashSet<Outcome>();
        var statuses = new HashSet<ClauseStatus>();
        Gen.Select(Generators.Subject, Generators.Options).Sample((subject, options) =>
        {
            var verdict = Generators.Bundled.Evaluate(subject, options);
            seen.Add(verdict.Outcome);
            statuses.UnionWith(verdict.Clauses.Select(c => c.Status));

            if (verdict.Errors.Count > 0)
            {
                Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
                Assert.That(verdict.Clauses, Is.Empty);
            }

            Assert.That(verdict.Clauses.Where(c => c.Status == ClauseStatus.Error), Is.Empty,
                "the bundled rules have no clause that can fault on a valid subject");
            Assert.That(verdict.Outcome, Is.EqualTo(ExpectedOutcome(verdict)));
        }, iter: 2000, threads: 1);

        // The generated subjects reach the clauses, not only validation: some clause is satisfied and some violated.
        // (A wholly compliant subject is rare since the bundled rules hold a contradiction, so the outcome `compliant`
        // itself is not required of a random sample.)
        Assert.That(seen, Is.SupersetOf(new[] { Outcome.Violation, Outcome.Indeterminate, Outcome.NotApplicable }),
            "the generated subjects reach every kind of outcome but the rare wholly compliant one");
        Assert.That(statuses, Is.SupersetOf(new[] { ClauseStatus.Satisfied, ClauseStatus.Violated }),
            "the generated subjects reach the clauses, not only validation");
    }

    private static Outcome ExpectedOutcome(Verdict verdict)
    {
        if (verdict.Errors.Count > 0)
        {
            return Outcome.Indeterminate;
        }

        var outcomes = verdict.Clauses.Select(c => c.Status switch
        {
            ClauseStatus.Violated => c.Effect switch { Model.Effect.Review => Outcome.Review, Model.Effect.Warning => Outcome.Warning, _ => Outcome.Violation },
            ClauseStatus.Error => Outcome.Indeterminate,
            ClauseStatus.Satisfied or ClauseStatus.Exempt or ClauseStatus.Waived => Outcome.Compliant,
            _ => Outcome.NotApplicable,
        });
        return outcomes.DefaultIfEmpty(Outcome.NotApplicable).Min();
    }

    /// <summary>A verdict with its clauses sorted by id and their source lines dropped: what must not change when
    /// clauses move within a file or files are read in another order.</summary>
    private static string Normalized(Verdict verdict) => VerdictJson.Serialize(verdict with
    {
        Clauses = verdict.Clauses.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => c with { Source = "" }).ToArray(),
    });

    [GeneratedRegex(@"(?m)^  - id: ")]
    private static partial Regex ClauseStart();

    /// <summary>Splits a contract file into its header (with its definitions) and clause blocks (each starting at
    /// <c>  - id:</c> after the <c>clauses:</c> line, which comes last).</summary>
    private static (string Header, string[] Clauses) SplitClauses(string content)
    {
        var clausesAt = content.IndexOf("\nclauses:\n", StringComparison.Ordinal);
        var starts = ClauseStart().Matches(content).Select(m => m.Index).Where(i => clausesAt >= 0 && i > clausesAt).ToArray();
        if (starts.Length == 0)
        {
            return (content, []);
        }

        var blocks = starts.Select((start, i) => content[start..(i + 1 < starts.Length ? starts[i + 1] : content.Length)].TrimEnd('\n') + "\n").ToArray();
        return (content[..starts[0]], blocks);
    }

    [Test]
    public void Verdicts_DoNotDependOnClauseOrderOrFileOrder()
    {
        var files = Generators.BundledSources;
        Assume.That(files.Count(f => SplitClauses(f.Content).Clauses.Length > 1), Is.GreaterThanOrEqualTo(2));
        var shuffled =
            from order in Gen.Int.Array[files.Length]
            from clauseOrders in Gen.Int.Array[20].Array[files.Length]
            select files.Select((file, i) =>
            {
                var (header, clauses) = SplitClauses(file.Content);
                var reordered = clauses.Zip(clauseOrders[i]).OrderBy(p => p.Second).Select(p => p.First);
                return new RuleSource($"rules/{order[i]:x8}-{i}.yaml", header + string.Concat(reordered));
            }).ToArray();

        Gen.Select(shuffled, Generators.Subject.Array[20], Generators.Options).Sample((sources, subjects, options) =>
        {
            var result = new RuleSetLoader().LoadStrings(sources);
            Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));

            foreach (var subject in subjects)
            {
                Assert.That(Normalized(result.RuleSet!.Evaluate(subject, options)), Is.EqualTo(Normalized(Generators.Bundled.Evaluate(subject, options))));
            }
        }, iter: 40, threads: 1, print: t => string.Join("\n----\n", t.Item1.Select(s => $"{s.Path}:\n{s.Content}")));
    }

    [Test]
    public void ParallelBatch_EqualsTheSequentialOne_InOrder()
    {
        Gen.Select(Generators.Subject.Array[0, 200], Generators.Options).Sample((subjects, options) =>
        {
            var inputs = subjects.Select((s, i) => SubjectInput.From(s, $"batch:{i + 1}")).ToArray();

            var parallel = Generators.Bundled.EvaluateMany(inputs, options with { MaxDegreeOfParallelism = 4 }).Select(v => VerdictJson.Serialize(v)).ToArray();
            var sequential = inputs.Select(i => VerdictJson.Serialize(Generators.Bundled.Evaluate(i, options))).ToArray();

            Assert.That(parallel, Is.EqualTo(sequential));
        }, iter: 30, threads: 1);
    }

    [Test]
    public void VerdictJson_RoundTrips()
    {
        Gen.Select(Generators.Subject, Generators.Options).Sample((subject, options) =>
        {
            var json = VerdictJson.Serialize(Generators.Bundled.Evaluate(subject, options));

            Assert.That(VerdictJson.Serialize(VerdictJson.Deserialize(json)), Is.EqualTo(json));
        }, iter: 1000, threads: 1);
    }
}
