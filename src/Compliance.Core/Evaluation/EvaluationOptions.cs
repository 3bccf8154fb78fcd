namespace Compliance.Evaluation;

/// <summary>How to evaluate: the date, tracing, and the clock used when no date is known.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The default options: no fixed date, no tracing, the system clock.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>The date to judge as of. When <see langword="null"/>, the subject's <c>timestamp</c> (UTC date) is used, else today.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? AsOf { get; init; }

    /// <summary>Whether verdicts also list the clauses that did not apply or were superseded, with reasons.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Trace { get; init; }

    /// <summary>Supplies "today" when neither <see cref="AsOf"/> nor the subject's timestamp gives a date.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many threads a batch (<c>EvaluateMany</c>, <c>check</c>) judges on; 1 judges on the calling thread.</summary>
    /// <value>The default is the number of processors.</value>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
