using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Security;

/// <summary>One subject's evaluation has a budget: after <see cref="EvaluationOptions.MaxRegexTimeouts"/> pattern timeouts, or
/// once <see cref="EvaluationOptions.SubjectTimeBudget"/> is spent in clauses that run patterns or expressions, the clauses
/// left are <c>error</c> without running (1,000 clauses that each time out took 53 s on one 31-character value). Counted
/// in timeouts and in a fake clock's time, not in real time.</summary>
public sealed class SubjectBudgetTests
{
    /// <summary>Catastrophic on a run of <c>a</c>s, and beyond the non-backtracking engine: only the timeout stops it.</summary>
    private const string Catastrophic = @"^(a+)+\1b$";

    private static readonly DateOnly AsOf = new(2026, 3, 1);

    /// <summary><paramref name="count"/> clauses requiring <paramref name="condition"/>. Patterns that decide at once get a
    /// generous timeout, so that a busy machine cannot make one time out; the catastrophic one keeps the default.</summary>
    private static RuleSet Clauses(int count, string condition) => new RuleSetLoader(new RuleSetLoaderOptions
    {
        RegexTimeout = condition.Contains(Catastrophic, StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromSeconds(30),
    }).LoadString(RuleText.Contract(string.Concat(Enumerable.Range(0, count).Select(i => $"""
              - id: c{i:000}
                title: Clause {i}
                text: Clause {i}.
                appliesTo: call
                require: {condition}

            """))), "acme.yaml");

    private static CallSubject Call(string model) =>
        new() { Id = "c", Vendor = "OpenAI", Model = model, Mode = RuntimeMode.Stateless, Cloud = "Azure" };

    [Test]
    public void AfterThreePatternTimeouts_TheClausesLeftAreErrorsWithoutRunning()
    {
        var rules = Clauses(200, $"{{ model: {{ matches: '{Catastrophic}' }} }}");

        var verdict = rules.Evaluate(Call(new string('a', 31)), new EvaluationOptions { AsOf = AsOf });

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
        Assert.That(verdict.Clauses, Has.Count.EqualTo(200));
        Assert.That(verdict.Clauses.All(c => c.Status == ClauseStatus.Error));
        Assert.That(verdict.Clauses.Take(3).Select(c => c.Message),
            Is.All.EqualTo($"pattern `{Catastrophic}` on `model` timed out after 50 ms"));
        Assert.That(verdict.Clauses.Skip(3).Select(c => c.Message),
            Is.All.EqualTo("not judged: the evaluation budget of one subject was spent (3 patterns timed out, the limit is 3)"));
    }

    [Test]
    public void MaxRegexTimeouts_SetsHowManyPatternsMayTimeOut()
    {
        var rules = Clauses(10, $"{{ model: {{ matches: '{Catastrophic}' }} }}");

        var verdict = rules.Evaluate(Call(new string('a', 31)), new EvaluationOptions { AsOf = AsOf, MaxRegexTimeouts = 1 });

        Assert.That(verdict.Clauses[0].Message, Does.Contain("timed out after"));
        Assert.That(verdict.Clauses.Skip(1).Select(c => c.Message),
            Is.All.EqualTo("not judged: the evaluation budget of one subject was spent (1 patterns timed out, the limit is 1)"));
    }

    [Test]
    public void OnceTheTimeBudgetIsSpent_TheClausesLeftAreErrors_NeverCompliant()
    {
        // Every pattern decides at once; the fake clock says each such clause took 300 ms. The clock is first read before
        // the second pattern (the first is bounded by its own timeout), then after each: 300, 600, 900 ms after the
        // second, third and fourth are within one second, 1,200 ms after the fifth is past it.
        var rules = Clauses(10, "{ model: { matches: '^g[p]t' } }");
        var clock = new SteppingTimeProvider(TimeSpan.FromMilliseconds(300));

        var verdict = rules.Evaluate(Call("gpt-5"), new EvaluationOptions { AsOf = AsOf, TimeProvider = clock });

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
        Assert.That(verdict.Clauses.Select(c => c.Status), Is.EqualTo(
            Enumerable.Repeat(ClauseStatus.Satisfied, 5).Concat(Enumerable.Repeat(ClauseStatus.Error, 5))));
        Assert.That(verdict.Clauses.Skip(5).Select(c => c.Message),
            Is.All.EqualTo("not judged: the evaluation budget of one subject was spent (the limit is 1000 ms)"));
        Assert.That(clock.Reads, Is.EqualTo(5), "read before the second pattern and after each from then until the budget was spent");
    }

    [Test]
    public void SubjectTimeBudget_SetsTheBudget_AndInfiniteSetsNone()
    {
        var rules = Clauses(10, "{ model: { matches: '^g[p]t' } }");

        var longer = rules.Evaluate(Call("gpt-5"), new EvaluationOptions
        {
            AsOf = AsOf, TimeProvider = new SteppingTimeProvider(TimeSpan.FromMilliseconds(300)), SubjectTimeBudget = TimeSpan.FromSeconds(2),
        });
        var none = rules.Evaluate(Call("gpt-5"), new EvaluationOptions
        {
            AsOf = AsOf, TimeProvider = new SteppingTimeProvider(TimeSpan.FromHours(1)), SubjectTimeBudget = Timeout.InfiniteTimeSpan,
        });

        Assert.That(longer.Clauses.Count(c => c.Status == ClauseStatus.Satisfied), Is.EqualTo(8));
        Assert.That(longer.Clauses.Skip(8).First().Message, Is.EqualTo("not judged: the evaluation budget of one subject was spent (the limit is 2000 ms)"));
        Assert.That(none.Outcome, Is.EqualTo(Outcome.Compliant));
    }

    [Test]
    public void ClausesWithoutPatternsOrExpressions_DoNotReadTheClock()
    {
        var rules = Clauses(10, "{ model: gpt-5 }");
        var clock = new SteppingTimeProvider(TimeSpan.FromHours(1));

        var verdict = rules.Evaluate(Call("gpt-5"), new EvaluationOptions { AsOf = AsOf, TimeProvider = clock });

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Compliant));
        Assert.That(clock.Reads, Is.Zero);
    }

    [Test]
    public void CaseSensitivePlainTextPatterns_AreOrdinalTests_AndDoNotReadTheClock()
    {
        // `^gpt` is plain text: tested as an ordinal prefix, it cannot time out, so it is not counted against the budget.
        var rules = Clauses(10, "{ model: { matches: '^gpt' } }");
        var clock = new SteppingTimeProvider(TimeSpan.FromHours(1));

        var verdict = rules.Evaluate(Call("gpt-5"), new EvaluationOptions { AsOf = AsOf, TimeProvider = clock });

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Compliant));
        Assert.That(verdict.Clauses.Select(c => c.Status), Is.All.EqualTo(ClauseStatus.Satisfied));
        Assert.That(clock.Reads, Is.Zero);
    }

    [Test]
    public void ASubjectWithOnePatternClause_DoesNotReadTheClock()
    {
        var rules = Clauses(1, "{ model: { matches: '^g[p]t' } }");
        var clock = new SteppingTimeProvider(TimeSpan.FromHours(1));

        var verdict = rules.Evaluate(Call("gpt-5"), new EvaluationOptions { AsOf = AsOf, TimeProvider = clock });

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Compliant));
        Assert.That(clock.Reads, Is.Zero, "one such clause is bounded by its own timeout; the clock starts at the second");
    }

    [Test]
    public void ExpressionsCountAgainstTheTimeBudget()
    {
        // The clock starts before the second expression: 600 ms after it, 1,200 ms after the third: the two left are not judged.
        var rules = Clauses(5, "{ expression: \"subject.Model.StartsWith(\\\"gpt\\\")\" }");

        var verdict = rules.Evaluate(Call("gpt-5"), new EvaluationOptions
        {
            AsOf = AsOf, TimeProvider = new SteppingTimeProvider(TimeSpan.FromMilliseconds(600)),
        });

        Assert.That(verdict.Clauses.Select(c => c.Status), Is.EqualTo(new[]
        {
            ClauseStatus.Satisfied, ClauseStatus.Satisfied, ClauseStatus.Satisfied, ClauseStatus.Error, ClauseStatus.Error,
        }));
    }

    [Test]
    public void EachSubjectHasItsOwnBudget()
    {
        var rules = Clauses(10, $"{{ model: {{ matches: '{Catastrophic}' }} }}");
        var options = new EvaluationOptions { AsOf = AsOf, MaxRegexTimeouts = 1 };
        rules.Evaluate(Call(new string('a', 31)), options);

        var next = rules.Evaluate(Call("aab"), options);

        Assert.That(next.Outcome, Is.EqualTo(Outcome.Compliant));
    }

    [Test]
    public void BudgetOptionsOutOfRange_AreRefused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new EvaluationOptions { SubjectTimeBudget = TimeSpan.Zero },
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.StartsWith("EvaluationOptions.SubjectTimeBudget must be positive"));
            Assert.That(() => new EvaluationOptions { SubjectTimeBudget = TimeSpan.FromSeconds(-2) }, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new EvaluationOptions { MaxRegexTimeouts = 0 },
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.StartsWith("EvaluationOptions.MaxRegexTimeouts must be at least 1"));
            Assert.That(new EvaluationOptions().SubjectTimeBudget, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(new EvaluationOptions().MaxRegexTimeouts, Is.EqualTo(3));
        });
    }

    /// <summary>A clock whose every timestamp read is <paramref name="step"/> after the previous one.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _now;

        public int Reads { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            Reads++;
            return _now += step.Ticks;
        }

        public override DateTimeOffset GetUtcNow() => new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
