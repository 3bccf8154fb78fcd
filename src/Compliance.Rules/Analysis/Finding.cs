using Compliance.Rules.Diagnostics;
using Compliance.Verdicts;

namespace Compliance.Rules.Analysis;

/// <summary>One result of analysing a rule set: the diagnostic to show, with the clauses, date and counterexample
/// behind it.</summary>
/// <remarks>Immutable.</remarks>
public sealed record Finding
{
    /// <summary>The diagnostic: code, severity, location (the clause, exception or waiver it concerns), one-line message and hint.</summary>
    public required Diagnostic Diagnostic { get; init; }

    /// <summary>The qualified ids of the clauses involved, in rule-set order: two for a contradiction, one otherwise
    /// (for a waiver finding, the waived clause).</summary>
    public required IReadOnlyList<string> Clauses { get; init; }

    /// <summary>The waiver concerned, for waiver findings; otherwise <see langword="null"/>.</summary>
    public string? Waiver { get; init; }

    /// <summary>Other places the finding involves, such as the first clause of a contradiction (the diagnostic points
    /// at the second); for SARIF related locations.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<SourceLocation> RelatedLocations { get; init; } = [];

    /// <summary>The date the finding holds on, for contradictions; otherwise <see langword="null"/>.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>A subject that shows a contradiction, confirmed by evaluating it; otherwise <see langword="null"/>.</summary>
    public Counterexample? Counterexample { get; init; }
}

/// <summary>A subject that shows two clauses contradicting each other, checked by evaluating it against the rule set.</summary>
/// <remarks>Immutable.</remarks>
public sealed record Counterexample
{
    /// <summary>The date to judge the subject on.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>The subject as one line of YAML, such as <c>{ kind: call, vendor: OpenAI, mode: stateless, cloud: other }</c>;
    /// it reads back with the subject reader.</summary>
    public required string Subject { get; init; }

    /// <summary>What the subject gets from the two clauses on <see cref="AsOf"/>, by qualified clause id.</summary>
    public required IReadOnlyDictionary<string, ClauseStatus> Statuses { get; init; }

    /// <summary>The verdict's outcome for the subject on <see cref="AsOf"/>, with every clause of the rule set.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>A test ready to paste under <c>tests:</c> in a tests document (indented by two spaces, ending with a
    /// line break): the date, the subject, the outcome and the two clauses' statuses.</summary>
    public required string Test { get; init; }
}
