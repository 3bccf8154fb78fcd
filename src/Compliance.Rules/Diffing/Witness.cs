using Compliance.Verdicts;

namespace Compliance.Rules.Diffing;

/// <summary>What the search for a witness found for one changed or added clause.</summary>
public enum WitnessResult
{
    /// <summary>A subject whose verdict differs between the two rule sets on a date, confirmed by judging it under both.</summary>
    Found,

    /// <summary>No subject's verdict differs on any date, within the analysed domain: the change does not change what the
    /// clause decides (a new title, text or message, or a condition rewritten to mean the same).</summary>
    None,

    /// <summary>The clause, or something its status depends on, is outside what the analysis covers (an
    /// <c>expression</c>, a <c>matches</c> on text, a path into a nested object), or the search ran out of steps.</summary>
    NotAnalysed,
}

/// <summary>For one changed or added clause, a subject whose verdict differs between the base and the new rule set (a
/// witness of the change), or why there is none.</summary>
/// <remarks>Immutable. A found witness has been judged under both rule sets on <see cref="AsOf"/>: the clause's
/// statuses in the two verdicts are <see cref="Base"/> and <see cref="New"/>, and they differ.</remarks>
public sealed record Witness
{
    /// <summary>The clause's qualified id.</summary>
    public required string Clause { get; init; }

    /// <summary>Whether a witness was found, none exists, or the clause was not analysed.</summary>
    public required WitnessResult Result { get; init; }

    /// <summary>The date the witness is judged on; <see langword="null"/> unless <see cref="Result"/> is
    /// <see cref="WitnessResult.Found"/>.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The witness as one line of YAML (<c>{ kind: call, vendor: OpenAI, mode: stateless, cloud: other }</c>), which
    /// reads back with the subject reader; <see langword="null"/> unless found.</summary>
    public string? Subject { get; init; }

    /// <summary>The clause's status under the base rule set (<see cref="ClauseStatus.NotApplicable"/> where it did not
    /// apply, or does not exist there); <see langword="null"/> unless found.</summary>
    public ClauseStatus? Base { get; init; }

    /// <summary>The clause's status under the new rule set; <see langword="null"/> unless found.</summary>
    public ClauseStatus? New { get; init; }

    /// <summary>The verdict's outcome under the base rule set; <see langword="null"/> unless found.</summary>
    public Outcome? BaseOutcome { get; init; }

    /// <summary>The verdict's outcome under the new rule set; <see langword="null"/> unless found.</summary>
    public Outcome? NewOutcome { get; init; }

    /// <summary>Why the clause was not analysed, in one line; <see langword="null"/> unless
    /// <see cref="Result"/> is <see cref="WitnessResult.NotAnalysed"/>.</summary>
    public string? Reason { get; init; }
}
