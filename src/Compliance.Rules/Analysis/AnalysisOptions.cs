namespace Compliance.Rules.Analysis;

/// <summary>Options for <see cref="RuleSetAnalyzer"/>. Every property has a documented default.</summary>
public sealed record AnalysisOptions
{
    /// <summary>The default options: waivers expiring within 30 days are reported, and today comes from the system clock.</summary>
    public static AnalysisOptions Default { get; } = new();

    /// <summary>Report a waiver that expires within this many days of <see cref="Today"/> (the command line's
    /// <c>--expiring-within DAYS</c>); 0 reports only expired waivers.</summary>
    /// <value>The default is 30.</value>
    public int ExpiringWithinDays { get; init; } = 30;

    /// <summary>The date the analysis is made on: which waivers have expired or soon will, and which date a
    /// contradiction's counterexample prefers (today when the clauses clash today, else the nearest date they do).</summary>
    /// <value>The default is <see langword="null"/>: today's UTC date from <see cref="TimeProvider"/>.</value>
    public DateOnly? Today { get; init; }

    /// <summary>Supplies today when <see cref="Today"/> is not set.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many steps one question (one pair of clauses, one clause, one waiver) may take; a question that needs
    /// more is reported as not analysed (<c>CMP0101</c>) instead of holding up the run. A step costs what it touches:
    /// evaluating a formula costs its size, testing a condition on a candidate value the condition's size. Positive.</summary>
    /// <value>The default is 10,000,000.</value>
    public long MaxSearchSteps { get; init; } = 10_000_000;

    /// <summary>The whole run's budget, per node and operand of the rule set's conditions (every <c>when</c>,
    /// <c>require</c>/<c>forbid</c>, exception and waiver): the run may take <see cref="MaxSearchSteps"/> plus this many
    /// steps for each. Every question, and the quick test that picks the pairs of clauses worth asking about, draws on
    /// it; when it is spent the run stops and one finding (<c>CMP0103</c>) names what was not analysed. Positive.</summary>
    /// <value>The default is 2,000.</value>
    public long StepsPerConditionNode { get; init; } = 2_000;

    internal DateOnly ResolveToday() => Today ?? DateOnly.FromDateTime(TimeProvider.GetUtcNow().UtcDateTime);
}
