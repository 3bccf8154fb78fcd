using Compliance.Verdicts;

namespace Compliance.Rules.Diffing;

/// <summary>What replaying subjects under two rule sets found: how many were judged and how many differ, grouped by
/// outcome transition and by clause, with the first few subjects of each group.</summary>
/// <remarks>Immutable. Only counts and examples are kept, so a report over any number of subjects is small.</remarks>
public sealed record ReplayReport
{
    /// <summary>The default number of examples kept for each group.</summary>
    public const int DefaultExamples = 5;

    /// <summary>A report of no subjects.</summary>
    public static ReplayReport Empty { get; } = new();

    /// <summary>How many subjects were judged under both rule sets.</summary>
    public int Judged { get; init; }

    /// <summary>How many subjects' outcome or clause statuses differ.</summary>
    public int Changed { get; init; }

    /// <summary>The subjects that differ, grouped by outcome (<c>compliant → violation</c>; a subject whose outcome is the
    /// same but some clause's status differs is in a group whose two outcomes are equal), most severe base outcome first.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<OutcomeTransition> Transitions { get; init; } = [];

    /// <summary>The clause statuses that differ, grouped by clause and by the two statuses, by clause id.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<ClauseTransition> ByClause { get; init; } = [];

    /// <summary>Reads every comparison (such as <see cref="RuleSetDiff.EvaluateBatches"/> yields) and groups those that
    /// differ, keeping the first <paramref name="examples"/> of each group in input order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="examples"/> is negative.</exception>
    public static ReplayReport Of(IEnumerable<SubjectDiff> diffs, int examples = DefaultExamples)
    {
        ArgumentNullException.ThrowIfNull(diffs);
        ArgumentOutOfRangeException.ThrowIfNegative(examples);
        var tally = new ReplayTally(examples);
        foreach (var diff in diffs)
        {
            tally.Add(diff);
        }

        return tally.ToReport();
    }
}

/// <summary>The subjects whose outcome went from one outcome to another.</summary>
/// <param name="From">The outcome under the base rule set.</param>
/// <param name="To">The outcome under the new rule set.</param>
/// <param name="Count">How many subjects.</param>
/// <param name="Examples">The first of them, in input order.</param>
public sealed record OutcomeTransition(Outcome From, Outcome To, int Count, IReadOnlyList<SubjectDiff> Examples);

/// <summary>The subjects for which one clause's status went from one status to another.</summary>
/// <param name="Id">The clause's qualified id.</param>
/// <param name="From">The status under the base rule set (<see cref="ClauseStatus.NotApplicable"/> where it did not apply).</param>
/// <param name="To">The status under the new rule set.</param>
/// <param name="Count">How many subjects.</param>
/// <param name="Examples">The first of them, in input order.</param>
public sealed record ClauseTransition(string Id, ClauseStatus From, ClauseStatus To, int Count, IReadOnlyList<SubjectDiff> Examples);

/// <summary>Counts comparisons into groups, keeping a few examples of each; tallies of consecutive runs of subjects merge
/// in input order, so that workers can each count a batch. Not thread-safe.</summary>
internal sealed class ReplayTally(int examples)
{
    private readonly Dictionary<(Outcome From, Outcome To), Group> _transitions = [];
    private readonly Dictionary<(string Id, ClauseStatus From, ClauseStatus To), Group> _clauses = [];

    public int Judged { get; private set; }

    public int Changed { get; private set; }

    public void Add(SubjectDiff diff)
    {
        Judged++;
        if (!diff.Differs)
        {
            return;
        }

        Changed++;
        Count(_transitions, (diff.Base.Outcome, diff.New.Outcome), diff);
        foreach (var clause in diff.Clauses)
        {
            Count(_clauses, (clause.Id, clause.From, clause.To), diff);
        }
    }

    /// <summary>Adds a tally of the subjects that came after this one's.</summary>
    public void Merge(ReplayTally later)
    {
        Judged += later.Judged;
        Changed += later.Changed;
        MergeGroups(_transitions, later._transitions);
        MergeGroups(_clauses, later._clauses);
    }

    public ReplayReport ToReport() => new()
    {
        Judged = Judged,
        Changed = Changed,
        Transitions = _transitions.OrderBy(g => g.Key.From).ThenBy(g => g.Key.To)
            .Select(g => new OutcomeTransition(g.Key.From, g.Key.To, g.Value.Count, g.Value.Examples.ToArray())).ToArray(),
        ByClause = _clauses.OrderBy(g => g.Key.Id, StringComparer.Ordinal).ThenBy(g => g.Key.From).ThenBy(g => g.Key.To)
            .Select(g => new ClauseTransition(g.Key.Id, g.Key.From, g.Key.To, g.Value.Count, g.Value.Examples.ToArray())).ToArray(),
    };

    private void Count<TKey>(Dictionary<TKey, Group> groups, TKey key, SubjectDiff diff)
        where TKey : notnull
    {
        if (!groups.TryGetValue(key, out var group))
        {
            group = new Group();
            groups[key] = group;
        }

        group.Count++;
        if (group.Examples.Count < examples)
        {
            group.Examples.Add(diff);
        }
    }

    private void MergeGroups<TKey>(Dictionary<TKey, Group> into, Dictionary<TKey, Group> later)
        where TKey : notnull
    {
        foreach (var (key, group) in later)
        {
            if (!into.TryGetValue(key, out var existing))
            {
                into[key] = group;
                continue;
            }

            existing.Count += group.Count;
            foreach (var example in group.Examples)
            {
                if (existing.Examples.Count >= examples)
                {
                    break;
                }

                existing.Examples.Add(example);
            }
        }
    }

    private sealed class Group
    {
        public int Count { get; set; }

        public List<SubjectDiff> Examples { get; } = [];
    }
}
