using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>How to evaluate: the date, tracing, which clauses a verdict carries, the clock, and the budget of one subject.</summary>
public sealed record EvaluationOptions
{
    private readonly TimeSpan _subjectTimeBudget = TimeSpan.FromSeconds(1);
    private readonly int _maxRegexTimeouts = 3;
    private readonly VerdictDetail _detail = VerdictDetail.Full;

    /// <summary>The default options: no fixed date, no tracing, every clause that applied, the system clock.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>The date to judge as of. When <see langword="null"/>, the subject's <c>timestamp</c> (UTC date) is used, else today.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? AsOf { get; init; }

    /// <summary>Whether verdicts also list the clauses that did not apply or were superseded, with reasons.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Trace { get; init; }

    /// <summary>Which clauses a verdict carries: every clause that applied (<see cref="VerdictDetail.Full"/>), or only those
    /// <c>violated</c> or in <c>error</c> (<see cref="VerdictDetail.Failing"/>), in the same order and equal to the ones
    /// <see cref="VerdictDetail.Full"/> gives. The outcome, subject, kind, source, date and errors are the same either way:
    /// a satisfied, exempt or waived clause still makes the outcome <c>compliant</c>, it is only not built.</summary>
    /// <remarks>For a caller that shows or keeps only the failing clauses (<c>compliance check --detail failing</c>, the CI
    /// report formats): a verdict then costs only its failing clauses, whose facts are the ones worth reading. With
    /// <see cref="Trace"/>, <see cref="VerdictDetail.Failing"/> filters the traced clauses too (none of them is failing):
    /// every clause of the kind is still judged, as with tracing, so the verdict is exactly the traced
    /// <see cref="VerdictDetail.Full"/> verdict with only its failing clauses kept.</remarks>
    /// <value>The default is <see cref="VerdictDetail.Full"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a member of <see cref="VerdictDetail"/>.</exception>
    public VerdictDetail Detail
    {
        get => _detail;
        init => _detail = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "EvaluationOptions.Detail must be a member of VerdictDetail");
    }

    /// <summary>Supplies "today" when neither <see cref="AsOf"/> nor the subject's timestamp gives a date, and measures
    /// <see cref="SubjectTimeBudget"/>.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many threads a batch (<c>EvaluateMany</c>, <c>check</c>) judges on; 1 judges on the calling thread.</summary>
    /// <value>The default is the number of processors.</value>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>How long one subject's clauses that run a <c>matches</c> pattern or an <c>expression:</c> may take in all;
    /// once it is spent, the clauses not judged yet are <c>error</c> and the verdict is <c>indeterminate</c>.
    /// <see cref="Timeout.InfiniteTimeSpan"/> sets no budget.</summary>
    /// <remarks>Measured with <see cref="TimeProvider"/>, from just before the second such clause, and checked after each one
    /// (a single clause is bounded by the rule set's regex timeout per match and the expression's step budget, not by
    /// this, so a subject with one such clause never reads the clock).</remarks>
    /// <value>The default is 1 second.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative (other than infinite).</exception>
    public TimeSpan SubjectTimeBudget
    {
        get => _subjectTimeBudget;
        init => _subjectTimeBudget = value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value,
                "EvaluationOptions.SubjectTimeBudget must be positive or Timeout.InfiniteTimeSpan");
    }

    /// <summary>How many <c>matches</c> patterns may time out on one subject; after that many, the clauses not judged yet
    /// are <c>error</c> without running, and the verdict is <c>indeterminate</c>.</summary>
    /// <value>The default is 3.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxRegexTimeouts
    {
        get => _maxRegexTimeouts;
        init => _maxRegexTimeouts = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "EvaluationOptions.MaxRegexTimeouts must be at least 1");
    }
}
