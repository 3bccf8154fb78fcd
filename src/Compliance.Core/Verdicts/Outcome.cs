namespace Compliance.Verdicts;

/// <summary>A verdict's outcome. Declared from most to least severe, so that a larger value is less severe.</summary>
public enum Outcome
{
    /// <summary>A clause with effect <c>violation</c> was violated.</summary>
    Violation,

    /// <summary>A clause could not be evaluated, or the subject is invalid.</summary>
    Indeterminate,

    /// <summary>A clause with effect <c>review</c> was violated.</summary>
    Review,

    /// <summary>A clause with effect <c>warning</c> was violated.</summary>
    Warning,

    /// <summary>Some clause applied and none was violated.</summary>
    Compliant,

    /// <summary>No clause applied.</summary>
    NotApplicable,
}

/// <summary>A clause's status for one subject on one date, in the order the engine decides them.</summary>
public enum ClauseStatus
{
    /// <summary>Not in effect on the date, its <c>when</c> is false, or the kind differs.</summary>
    NotApplicable,

    /// <summary>A clause in effect on the date supersedes it.</summary>
    Superseded,

    /// <summary>Its <c>require</c> holds, or its <c>forbid</c> does not.</summary>
    Satisfied,

    /// <summary>It would be violated, but one of its exceptions holds.</summary>
    Exempt,

    /// <summary>It would be violated, but an unexpired waiver covers the subject.</summary>
    Waived,

    /// <summary>It is violated.</summary>
    Violated,

    /// <summary>It could not be evaluated (a regex timed out, an expression failed).</summary>
    Error,
}

/// <summary>The rule-file and JSON spellings of outcomes, statuses and effects.</summary>
public static class VerdictNames
{
    /// <summary>The JSON spelling of an outcome, such as <c>notApplicable</c>.</summary>
    public static string Name(Outcome outcome) => outcome switch
    {
        Outcome.Violation => "violation",
        Outcome.Indeterminate => "indeterminate",
        Outcome.Review => "review",
        Outcome.Warning => "warning",
        Outcome.Compliant => "compliant",
        Outcome.NotApplicable => "notApplicable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>The JSON spelling of a status, such as <c>violated</c>.</summary>
    public static string Name(ClauseStatus status) => status switch
    {
        ClauseStatus.NotApplicable => "notApplicable",
        ClauseStatus.Superseded => "superseded",
        ClauseStatus.Satisfied => "satisfied",
        ClauseStatus.Exempt => "exempt",
        ClauseStatus.Waived => "waived",
        ClauseStatus.Violated => "violated",
        ClauseStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The rule-file spelling of an effect, such as <c>review</c>.</summary>
    public static string Name(Model.Effect effect) => effect switch
    {
        Model.Effect.Violation => "violation",
        Model.Effect.Review => "review",
        Model.Effect.Warning => "warning",
        _ => throw new ArgumentOutOfRangeException(nameof(effect)),
    };

    /// <summary>Parses an outcome's JSON spelling (exact).</summary>
    public static bool TryParseOutcome(string text, out Outcome outcome)
    {
        foreach (var candidate in Enum.GetValues<Outcome>())
        {
            if (Name(candidate) == text)
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = default;
        return false;
    }

    /// <summary>Parses a status's JSON spelling (exact).</summary>
    public static bool TryParseStatus(string text, out ClauseStatus status)
    {
        foreach (var candidate in Enum.GetValues<ClauseStatus>())
        {
            if (Name(candidate) == text)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
