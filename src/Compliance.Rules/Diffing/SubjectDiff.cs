using Compliance.Verdicts;

namespace Compliance.Rules.Diffing;

/// <summary>One subject judged under the base and the new rule set, and the clauses whose status differs.</summary>
/// <remarks>Immutable.</remarks>
public sealed record SubjectDiff
{
    /// <summary>The verdict under the base rule set.</summary>
    public required Verdict Base { get; init; }

    /// <summary>The verdict under the new rule set.</summary>
    public required Verdict New { get; init; }

    /// <summary>The clauses whose status differs, the new rule set's first, then those only the base verdict has; a clause
    /// that did not apply on one side (or does not exist there) is <see cref="ClauseStatus.NotApplicable"/> on that side.</summary>
    public required IReadOnlyList<ClauseStatusChange> Clauses { get; init; }

    /// <summary>The subject's id, as the verdicts report it.</summary>
    public string Subject => New.Subject;

    /// <summary>Where the subject came from, as <c>file:line</c>; <see langword="null"/> for subjects made in code.</summary>
    public string? Source => New.Source;

    /// <summary>Whether the outcome or some clause's status differs.</summary>
    public bool Differs => Base.Outcome != New.Outcome || Clauses.Count > 0;

    /// <summary>Compares two verdicts of one subject.</summary>
    public static SubjectDiff Of(Verdict @base, Verdict @new)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(@new);
        return new SubjectDiff { Base = @base, New = @new, Clauses = ChangedClauses(@base.Clauses, @new.Clauses) };
    }

    private static IReadOnlyList<ClauseStatusChange> ChangedClauses(IReadOnlyList<ClauseResult> before, IReadOnlyList<ClauseResult> after)
    {
        if (before.Count == after.Count)
        {
            var same = true;
            for (var i = 0; i < before.Count && same; i++)
            {
                same = before[i].Status == after[i].Status && string.Equals(before[i].Id, after[i].Id, StringComparison.Ordinal);
            }

            if (same)
            {
                return [];
            }
        }

        var changes = new List<ClauseStatusChange>();
        foreach (var clause in after)
        {
            var was = StatusIn(before, clause.Id);
            var now = Applied(clause.Status);
            if (was != now)
            {
                changes.Add(new ClauseStatusChange(clause.Id, was, now));
            }
        }

        foreach (var clause in before)
        {
            var was = Applied(clause.Status);
            if (was != ClauseStatus.NotApplicable && !Contains(after, clause.Id))
            {
                changes.Add(new ClauseStatusChange(clause.Id, was, ClauseStatus.NotApplicable));
            }
        }

        return changes;
    }

    private static ClauseStatus StatusIn(IReadOnlyList<ClauseResult> clauses, string id)
    {
        foreach (var clause in clauses)
        {
            if (string.Equals(clause.Id, id, StringComparison.Ordinal))
            {
                return Applied(clause.Status);
            }
        }

        return ClauseStatus.NotApplicable;
    }

    private static bool Contains(IReadOnlyList<ClauseResult> clauses, string id)
    {
        foreach (var clause in clauses)
        {
            if (string.Equals(clause.Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A traced clause that was superseded did not apply, as one left out of the verdict did not.</summary>
    private static ClauseStatus Applied(ClauseStatus status) => status == ClauseStatus.Superseded ? ClauseStatus.NotApplicable : status;
}

/// <summary>A clause whose status differs for one subject between the base and the new rule set.</summary>
/// <param name="Id">The clause's qualified id.</param>
/// <param name="From">The status under the base rule set (<see cref="ClauseStatus.NotApplicable"/> where it did not apply).</param>
/// <param name="To">The status under the new rule set.</param>
public sealed record ClauseStatusChange(string Id, ClauseStatus From, ClauseStatus To);
