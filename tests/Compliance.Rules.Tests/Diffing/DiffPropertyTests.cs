using System.Globalization;
using Compliance.Evaluation;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diffing;
using Compliance.Rules.Subjects;
using Compliance.Rules.Tests.Analysis;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Diffing;

/// <summary>The diff against brute force over generated rule-set pairs (the analysis tests' fragment, whose domain holds
/// a subject of every class its comparisons tell apart): the replay agrees with judging under each rule set apart and
/// comparing, and a witness is found exactly when some subject's clause status differs on some date.</summary>
public sealed class DiffPropertyTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);

    [Test]
    public void Replay_AgreesWithCheckingTwiceAndComparing()
    {
        var changed = 0;
        var gen = Fragment.Pairs.SelectMany(pair => Gen.Int[0, Fragment.Dates.Length - 1].Select(date => (pair, date)));
        gen.Sample(sample =>
        {
            var (pair, date) = sample;
            // The base has both clauses; the new rule set rewrites `a` as `b` was written, and drops `b`.
            var before = Fragment.Load([pair.A, pair.B]);
            var after = Fragment.Load([pair.B with { Id = "a", Supersedes = null }]);
            var inputs = Fragment.Subjects(pair.Active)
                .Select((subject, i) => SubjectInput.From(subject, "s:" + i.ToString(CultureInfo.InvariantCulture)))
                .ToArray();
            var options = new EvaluationOptions { AsOf = DateOnly.Parse(Fragment.Dates[date], CultureInfo.InvariantCulture), MaxDegreeOfParallelism = 2 };
            var batches = inputs.Chunk(7).Select(chunk => new SubjectBatch(chunk)).ToArray();

            var report = RuleSetDiff.Replay(before, after, batches, examples: 2, options);

            // Check twice and compare.
            var first = before.EvaluateMany(inputs, options).ToArray();
            var second = after.EvaluateMany(inputs, options).ToArray();
            var expected = Expected(first, second, examples: 2);
            Assert.That(Describe(report), Is.EqualTo(Describe(expected)), pair.ToString());
            changed += report.Changed > 0 ? 1 : 0;

            // The streamed form yields every subject, in input order, with the same verdicts.
            var streamed = RuleSetDiff.EvaluateBatches(before, after, batches, options).ToArray();
            Assert.That(streamed.Select(d => d.Subject), Is.EqualTo(inputs.Select(i => i.Source)));
            Assert.That(streamed.Select(d => (d.Base.Outcome, d.New.Outcome)), Is.EqualTo(first.Zip(second, (a, b) => (a.Outcome, b.Outcome))));
        }, iter: 150);

        Assert.That(changed, Is.GreaterThan(30), "the generator should produce pairs that change verdicts");
    }

    [Test]
    public void Witness_IsFoundExactlyWhenSomeSubjectsStatusDiffers_AndEveryWitnessDiffersWhenJudgedUnderBoth()
    {
        var found = 0;
        var none = 0;
        Fragment.Pairs.Sample(pair =>
        {
            var before = Fragment.Load([pair.A with { Supersedes = null }]);
            var after = Fragment.Load([pair.B with { Id = "a", Supersedes = null }]);
            var witnesses = RuleSetDiff.FindWitnesses(before, after, options: new AnalysisOptions { Today = Today });
            var changes = RuleSetDiff.Compare(before, after);
            if (changes.Clauses.Changed.Count == 0)
            {
                Assert.That(witnesses, Is.Empty, pair.ToString());
                return;
            }

            var witness = witnesses.Single();
            Assert.That(witness.Result, Is.Not.EqualTo(WitnessResult.NotAnalysed), $"{witness.Reason}\n{pair}");
            var differs = Fragment.Dates.Any(text =>
            {
                var options = new EvaluationOptions { AsOf = DateOnly.Parse(text, CultureInfo.InvariantCulture) };
                return Fragment.Subjects(pair.Active).Any(s => Status(before.Evaluate(s, options)) != Status(after.Evaluate(s, options)));
            });
            Assert.That(witness.Result, Is.EqualTo(differs ? WitnessResult.Found : WitnessResult.None), pair.ToString());
            if (witness.Result == WitnessResult.Found)
            {
                found++;
                var input = new SubjectReader().ReadDocument(witness.Subject!, "witness").Single();
                Assert.That(input.Errors, Is.Empty, witness.Subject);
                var options = new EvaluationOptions { AsOf = witness.AsOf };
                var (b, n) = (Status(before.Evaluate(input, options)), Status(after.Evaluate(input, options)));
                Assert.That(b, Is.Not.EqualTo(n), $"{witness.Subject} on {witness.AsOf}\n{pair}");
                Assert.That((b, n), Is.EqualTo((witness.Base, witness.New)));
            }
            else
            {
                none++;
            }
        }, iter: 1000); // a change that no subject shows is rare (about 1 pair in 150): enough pairs that some come up

        Assert.That(found, Is.GreaterThan(50), "the generator should produce changes that a subject shows");
        Assert.That(none, Is.GreaterThan(0), "the generator should produce changes that no subject shows");
    }

    private static ClauseStatus Status(Verdict verdict) =>
        verdict.Clauses.FirstOrDefault(c => c.Id == "t/a")?.Status ?? ClauseStatus.NotApplicable;

    /// <summary>The report the brute force expects: every pair of verdicts compared clause by clause.</summary>
    private static ReplayReport Expected(Verdict[] first, Verdict[] second, int examples)
    {
        var transitions = new Dictionary<(Outcome, Outcome), List<string>>();
        var clauses = new Dictionary<(string, ClauseStatus, ClauseStatus), List<string>>();
        var changed = 0;
        for (var i = 0; i < first.Length; i++)
        {
            var a = first[i].Clauses.ToDictionary(c => c.Id, c => c.Status, StringComparer.Ordinal);
            var b = second[i].Clauses.ToDictionary(c => c.Id, c => c.Status, StringComparer.Ordinal);
            var differing = a.Keys.Union(b.Keys)
                .Select(id => (id, from: a.GetValueOrDefault(id, ClauseStatus.NotApplicable), to: b.GetValueOrDefault(id, ClauseStatus.NotApplicable)))
                .Where(c => c.from != c.to)
                .ToArray();
            if (first[i].Outcome == second[i].Outcome && differing.Length == 0)
            {
                continue;
            }

            changed++;
            Add(transitions, (first[i].Outcome, second[i].Outcome), first[i].Subject);
            foreach (var clause in differing)
            {
                Add(clauses, clause, first[i].Subject);
            }
        }

        return new ReplayReport
        {
            Judged = first.Length,
            Changed = changed,
            Transitions = transitions.Select(t => new OutcomeTransition(t.Key.Item1, t.Key.Item2, t.Value.Count, Ids(t.Value, examples))).ToArray(),
            ByClause = clauses.Select(c => new ClauseTransition(c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value.Count, Ids(c.Value, examples))).ToArray(),
        };

        static void Add<TKey>(Dictionary<TKey, List<string>> groups, TKey key, string subject)
            where TKey : notnull
        {
            if (!groups.TryGetValue(key, out var list))
            {
                list = [];
                groups[key] = list;
            }

            list.Add(subject);
        }

        static SubjectDiff[] Ids(List<string> subjects, int examples) => subjects.Take(examples).Select(Placeholder).ToArray();
    }

    private static SubjectDiff Placeholder(string subject)
    {
        var verdict = new Verdict { Subject = subject, Kind = null, AsOf = default, Outcome = Outcome.NotApplicable, Clauses = [] };
        return new SubjectDiff { Base = verdict, New = verdict, Clauses = [] };
    }

    /// <summary>The report as sorted text lines, examples by subject id.</summary>
    private static string[] Describe(ReplayReport report) =>
    [
        $"judged {report.Judged}, changed {report.Changed}",
        .. report.Transitions.Select(t => $"{t.From} -> {t.To}: {t.Count} [{string.Join(", ", t.Examples.Select(e => e.Subject))}]").Order(StringComparer.Ordinal),
        .. report.ByClause.Select(c => $"{c.Id} {c.From} -> {c.To}: {c.Count} [{string.Join(", ", c.Examples.Select(e => e.Subject))}]").Order(StringComparer.Ordinal),
    ];
}
