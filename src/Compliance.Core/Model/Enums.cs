namespace Compliance.Model;

/// <summary>What a violated clause means for the verdict.</summary>
public enum Effect
{
    /// <summary>A breach: the verdict's outcome becomes <c>violation</c>. The default.</summary>
    Violation,

    /// <summary>Needs a person's judgement: the outcome becomes <c>review</c>.</summary>
    Review,

    /// <summary>Worth knowing: the outcome becomes <c>warning</c>.</summary>
    Warning,
}

/// <summary>Whether a clause requires its condition or forbids it.</summary>
public enum ClauseMode
{
    /// <summary><c>require</c>: the condition must hold.</summary>
    Require,

    /// <summary><c>forbid</c>: the condition must not hold.</summary>
    Forbid,
}
