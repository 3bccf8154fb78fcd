using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Rules.Analysis;

namespace Compliance.Rules.Diffing;

/// <summary>
/// Compares two loaded rule sets, a base (today's rules, one side's reading) and a new one (an amendment, the other
/// side's reading, a pull request): what their texts change (<see cref="Compare"/>), a subject that shows each change
/// without any inputs (<see cref="FindWitnesses"/>), and what the change does to given subjects, each judged under both
/// in one streamed, parallel pass (<see cref="EvaluateBatches"/>, <see cref="Replay"/>): what <c>compliance diff</c>
/// reports.
/// </summary>
/// <remarks>Thread-safe: the rule sets are only read, and each call works on its own state.</remarks>
public static class RuleSetDiff
{
    /// <summary>The clauses (and defined terms) added, removed and changed, by qualified id, naming the changed keys. A
    /// clause's waivers count as one of its keys (<c>waivers</c>), since they change its verdicts.</summary>
    /// <param name="base">The rule set compared against.</param>
    /// <param name="rules">The new rule set.</param>
    public static RuleSetChanges Compare(RuleSet @base, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(rules);
        var before = @base.Clauses.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var after = rules.Clauses.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var beforeWaivers = @base.Waivers.ToLookup(w => w.ClauseId, StringComparer.Ordinal);
        var afterWaivers = rules.Waivers.ToLookup(w => w.ClauseId, StringComparer.Ordinal);
        var changed = new List<ChangedItem>();
        foreach (var clause in rules.Clauses)
        {
            if (before.TryGetValue(clause.Id, out var old)
                && ClauseComparer.ChangedKeys(old, beforeWaivers[old.Id].ToArray(), clause, afterWaivers[clause.Id].ToArray()) is { Count: > 0 } keys)
            {
                changed.Add(new ChangedItem(clause.Id, keys));
            }
        }

        return new RuleSetChanges
        {
            Clauses = new ChangeList
            {
                Added = rules.Clauses.Where(c => !before.ContainsKey(c.Id)).Select(c => c.Id).ToArray(),
                Removed = @base.Clauses.Where(c => !after.ContainsKey(c.Id)).Select(c => c.Id).ToArray(),
                Changed = changed,
            },

            Definitions = CompareDefinitions(@base, rules),
        };
    }

    /// <summary>The defined terms added, removed and changed, by qualified id (<c>contract/term</c>), naming the changed keys
    /// in the order a definition is written. A clause that uses a changed term is itself changed (its condition is
    /// compared through the term), so it gets a witness.</summary>
    private static ChangeList CompareDefinitions(RuleSet @base, RuleSet rules)
    {
        var before = @base.Contracts.SelectMany(c => c.Definitions).ToDictionary(d => d.Term.Id, StringComparer.Ordinal);
        var after = rules.Contracts.SelectMany(c => c.Definitions).ToArray();
        var afterIds = after.Select(d => d.Term.Id).ToHashSet(StringComparer.Ordinal);
        var changed = new List<ChangedItem>();
        foreach (var definition in after)
        {
            if (before.TryGetValue(definition.Term.Id, out var old) && ClauseComparer.ChangedKeys(old, definition) is { Count: > 0 } keys)
            {
                changed.Add(new ChangedItem(definition.Term.Id, keys));
            }
        }

        return new ChangeList
        {
            Added = after.Where(d => !before.ContainsKey(d.Term.Id)).Select(d => d.Term.Id).ToArray(),
            Removed = before.Values.Where(d => !afterIds.Contains(d.Term.Id)).Select(d => d.Term.Id).ToArray(),
            Changed = changed,
        };
    }

    /// <summary>For each changed or added clause of <paramref name="changes"/>, in the new rule set's order, a subject
    /// and a date on which the clause's status differs between the two rule sets, judged under both before it is
    /// returned; or that none exists within the analysed domain; or that the clause was not analysed (it, its
    /// exceptions or its waivers use <c>expression</c>, <c>matches</c> on text or a nested object, or the search ran out
    /// of steps), with the reason.</summary>
    /// <param name="base">The rule set compared against.</param>
    /// <param name="rules">The new rule set.</param>
    /// <param name="changes">What <see cref="Compare"/> found for the two; <see langword="null"/> to compare them here.</param>
    /// <param name="options">The analysis's date (the date a witness prefers) and limits; <see langword="null"/> for
    /// <see cref="AnalysisOptions.Default"/>.</param>
    /// <param name="asOf">Look only on this date (<c>--as-of</c>); <see langword="null"/> for every date: one of each
    /// stretch of time in which nothing about the clause changes, the analysis's date first.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IReadOnlyList<Witness> FindWitnesses(RuleSet @base, RuleSet rules, RuleSetChanges? changes = null,
        AnalysisOptions? options = null, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(rules);
        options ??= AnalysisOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSearchSteps, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.StepsPerConditionNode, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        changes ??= Compare(@base, rules);
        var wanted = changes.Clauses.Added.Concat(changes.Clauses.Changed.Select(c => c.Id)).ToHashSet(StringComparer.Ordinal);
        var ids = rules.Clauses.Select(c => c.Id).Where(wanted.Contains).ToArray();
        return new WitnessSearch(@base, rules, options, asOf).FindAll(ids);
    }

    /// <summary>Judges every subject of <paramref name="batches"/> under both rule sets, in parallel, yielding each
    /// comparison lazily in input order, as <see cref="RuleSet.EvaluateBatches(IEnumerable{SubjectBatch}, EvaluationOptions?, CancellationToken)"/>
    /// yields verdicts.</summary>
    /// <param name="base">The rule set compared against.</param>
    /// <param name="rules">The new rule set.</param>
    /// <param name="batches">The batches, such as <c>SubjectReader.ReadBatches</c> reads; enumerated lazily, never twice.
    /// Each subject is read once and judged under both rule sets by the same worker.</param>
    /// <param name="options">The date, tracing, clock and parallelism for both; <see langword="null"/> for <see cref="EvaluationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the workers; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <remarks>Streams: at most four batches a worker are read ahead of the consumer.</remarks>
    public static IEnumerable<SubjectDiff> EvaluateBatches(RuleSet @base, RuleSet rules, IEnumerable<SubjectBatch> batches,
        EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(batches);
        var effective = options ?? EvaluationOptions.Default;
        return OrderedParallel.Map(batches, batch => Judge(@base, rules, batch, effective), effective.MaxDegreeOfParallelism,
            chunkSize: 1, cancellationToken).SelectMany(static diffs => diffs);
    }

    /// <summary>Judges every subject under both rule sets in one streamed, parallel pass, as <see cref="EvaluateBatches"/>
    /// does, and groups those that differ: <see cref="ReplayReport.Of"/> of it, with the counting done on the workers.
    /// Memory stays flat however many subjects there are: only the counts and the examples are kept.</summary>
    /// <param name="base">The rule set compared against.</param>
    /// <param name="rules">The new rule set.</param>
    /// <param name="batches">The batches; enumerated lazily, never twice.</param>
    /// <param name="examples">How many subjects to keep for each group, the first in input order; not negative.</param>
    /// <param name="options">The date, tracing, clock and parallelism; <see langword="null"/> for <see cref="EvaluationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the workers; the call then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="examples"/> is negative.</exception>
    public static ReplayReport Replay(RuleSet @base, RuleSet rules, IEnumerable<SubjectBatch> batches, int examples = ReplayReport.DefaultExamples,
        EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentOutOfRangeException.ThrowIfNegative(examples);
        var effective = options ?? EvaluationOptions.Default;
        var total = new ReplayTally(examples);
        var tallies = OrderedParallel.Map(batches, batch =>
        {
            var tally = new ReplayTally(examples);
            foreach (var diff in Judge(@base, rules, batch, effective))
            {
                tally.Add(diff);
            }

            return tally;
        }, effective.MaxDegreeOfParallelism, chunkSize: 1, cancellationToken);
        foreach (var tally in tallies)
        {
            total.Merge(tally);
        }

        return total.ToReport();
    }

    private static SubjectDiff[] Judge(RuleSet @base, RuleSet rules, SubjectBatch batch, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var inputs = batch.Read();
        var diffs = new SubjectDiff[inputs.Count];
        for (var i = 0; i < diffs.Length; i++)
        {
            diffs[i] = SubjectDiff.Of(@base.Evaluate(inputs[i], options), rules.Evaluate(inputs[i], options));
        }

        return diffs;
    }
}
