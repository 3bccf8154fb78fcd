using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>The date used: the <c>asOf</c> option, else the subject's timestamp (its UTC date), else today from
/// <see cref="EvaluationOptions.TimeProvider"/>.</summary>
public class EvaluationDateTests
{
    private static readonly Lazy<RuleSet> Rules = new(() => RuleText.Load(RuleText.Contract("""
          - id: from-march-2
            title: Stateless calls run on Azure
            text: Stateless calls are served from Azure.
            appliesTo: call
            effective: { from: 2026-03-02 }
            require: { cloud: Azure }
        """)));

    private static readonly CallSubject Call = new() { Id = "c", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS" };

    private sealed class ThrowingTimeProvider : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("the clock must not be read");
    }

    [Test]
    public void Evaluate_WithAsOf_UsesItOverTimestampAndClock()
    {
        var subject = Call with { Timestamp = DateTimeOffset.Parse("2026-03-05T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };

        var verdict = Rules.Value.Evaluate(subject, new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1), TimeProvider = new ThrowingTimeProvider() });

        Assert.Multiple(() =>
        {
            Assert.That(verdict.AsOf, Is.EqualTo(new DateOnly(2026, 3, 1)));
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.NotApplicable));
        });
    }

    [Test]
    public void Evaluate_WithoutAsOf_UsesTheTimestampsUtcDate()
    {
        // 23:30 on 1 March in New York is 04:30 on 2 March UTC.
        var subject = Call with { Timestamp = DateTimeOffset.Parse("2026-03-01T23:30:00-05:00", System.Globalization.CultureInfo.InvariantCulture) };

        var verdict = Rules.Value.Evaluate(subject, new EvaluationOptions { TimeProvider = new ThrowingTimeProvider() });

        Assert.Multiple(() =>
        {
            Assert.That(verdict.AsOf, Is.EqualTo(new DateOnly(2026, 3, 2)));
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Violation), "the clause takes effect on 2026-03-02");
        });
    }

    [Test]
    public void Evaluate_TimestampEastOfUtc_UsesTheEarlierUtcDate()
    {
        var subject = Call with { Timestamp = DateTimeOffset.Parse("2026-03-02T01:00:00+05:00", System.Globalization.CultureInfo.InvariantCulture) };

        var verdict = Rules.Value.Evaluate(subject);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.AsOf, Is.EqualTo(new DateOnly(2026, 3, 1)));
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.NotApplicable));
        });
    }

    [Test]
    public void Evaluate_WithoutAsOfOrTimestamp_UsesTodayFromTheTimeProvider()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2031, 5, 6, 23, 59, 59, TimeSpan.Zero));

        var verdict = Rules.Value.Evaluate(Call, new EvaluationOptions { TimeProvider = clock });

        Assert.Multiple(() =>
        {
            Assert.That(verdict.AsOf, Is.EqualTo(new DateOnly(2031, 5, 6)));
            Assert.That(clock.Reads, Is.GreaterThan(0));
        });
    }

    [Test]
    public void Evaluate_ClockWithAnOffset_UsesTodayInUtc()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 3, 1, 22, 0, 0, TimeSpan.FromHours(-5)));

        var verdict = Rules.Value.Evaluate(Call, new EvaluationOptions { TimeProvider = clock });

        Assert.Multiple(() =>
        {
            Assert.That(verdict.AsOf, Is.EqualTo(new DateOnly(2026, 3, 2)));
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Violation));
        });
    }

    [Test]
    public void Evaluate_WithTimestamp_DoesNotReadTheClock()
    {
        var subject = Call with { Timestamp = DateTimeOffset.Parse("2026-03-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };

        Assert.That(() => Rules.Value.Evaluate(subject, new EvaluationOptions { TimeProvider = new ThrowingTimeProvider() }), Throws.Nothing);
    }
}
