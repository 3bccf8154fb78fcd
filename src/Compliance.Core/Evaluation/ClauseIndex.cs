using System.Numerics;
using Compliance.Conditions;
using Compliance.Model;
using Compliance.Subjects;

namespace Compliance.Evaluation;

/// <summary>Selects, for a subject, the clauses of one kind whose <c>when</c> can hold, from the equality constraints
/// (<c>vendor: OpenAI</c>, <c>mode: [stateless, stateful]</c>) at the top of each <c>when</c>.</summary>
/// <remarks>For every constrained path there is one bit set per value (the clauses that accept it, plus those that do
/// not constrain the path); a subject's candidates are the AND of the sets its values pick. A clause left out has a
/// <c>when</c> that is false for the subject, so it would be <c>notApplicable</c> and absent from the verdict.
/// A constraint is used only if nothing before it in the <c>when</c> can fault (a regex, an expression): a clause whose
/// <c>when</c> faults first must still come out as <c>error</c>. Immutable and thread-safe.</remarks>
internal sealed class ClauseIndex
{
    private readonly PathIndex[] _paths;
    private readonly ulong[] _all;

    private ClauseIndex(int count, PathIndex[] paths)
    {
        Count = count;
        Words = (count + 63) / 64;
        _paths = paths;
        _all = new ulong[Words];
        for (var i = 0; i < count; i++)
        {
            _all[i >> 6] |= 1UL << i;
        }
    }

    /// <summary>The fewest clauses a path must constrain to be worth looking up.</summary>
    internal const int MinimumClausesPerPath = 3;

    /// <summary>How many clauses the index covers.</summary>
    public int Count { get; }

    /// <summary>The length, in 64-bit words, of a candidate set.</summary>
    public int Words { get; }

    /// <summary>Whether any path narrows the selection; when not, every clause is a candidate.</summary>
    public bool Narrows => _paths.Length > 0;

    public static ClauseIndex Build(IReadOnlyList<Clause> clauses)
    {
        var words = (clauses.Count + 63) / 64;
        var byPath = new Dictionary<string, Builder>(StringComparer.Ordinal);
        for (var c = 0; c < clauses.Count; c++)
        {
            if (clauses[c].When is not { } when)
            {
                continue;
            }

            var constrained = new HashSet<string>(StringComparer.Ordinal);
            foreach (var constraint in Constraints(when))
            {
                if (!constrained.Add(constraint.Path.Text))
                {
                    continue; // a second constraint on the same path: the first already narrows enough
                }

                if (!byPath.TryGetValue(constraint.Path.Text, out var builder))
                {
                    byPath[constraint.Path.Text] = builder = new Builder(constraint.Path, words);
                }

                builder.Add(c, constraint.Operands);
            }
        }

        // A path constrained by only a clause or two costs a lookup for every subject and saves little: those clauses'
        // own `when` rules them out about as fast.
        var paths = byPath.Values.Where(b => b.Constrained >= MinimumClausesPerPath).Select(b => b.Build(clauses.Count)).ToArray();
        return new ClauseIndex(clauses.Count, paths);
    }

    /// <summary>Writes the candidates for <paramref name="subject"/> into <paramref name="candidates"/> (at least <see cref="Words"/> long).</summary>
    public void Select(object subject, Span<ulong> candidates)
    {
        _all.CopyTo(candidates);
        foreach (var path in _paths)
        {
            var set = path.Lookup(subject);
            for (var w = 0; w < set.Length; w++)
            {
                candidates[w] &= set[w];
            }
        }
    }

    /// <summary>The index of the next candidate at or after <paramref name="from"/>, or -1.</summary>
    public static int Next(ReadOnlySpan<ulong> candidates, int from)
    {
        var word = from >> 6;
        if (word >= candidates.Length)
        {
            return -1;
        }

        var bits = candidates[word] & (~0UL << (from & 63));
        while (bits == 0)
        {
            if (++word >= candidates.Length)
            {
                return -1;
            }

            bits = candidates[word];
        }

        return (word << 6) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>The equality constraints at the top of a <c>when</c> (through nested <c>all</c> and defined conditions), in
    /// evaluation order, up to the first part that can fault.</summary>
    private static IEnumerable<ComparisonCondition> Constraints(Condition when)
    {
        var stack = new Stack<Condition>();
        stack.Push(when);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (next is AllCondition all)
            {
                for (var i = all.Items.Count - 1; i >= 0; i--)
                {
                    stack.Push(all.Items[i]);
                }

                continue;
            }

            if (next is TermCondition term)
            {
                stack.Push(term.Inner); // `is: term` holds exactly when the definition's condition does
                continue;
            }

            if (ConditionFacts.MayFault(next))
            {
                yield break;
            }

            if (next is ComparisonCondition { Operator: Operator.Equals or Operator.In, Path.IsSelf: false } comparison
                && comparison.Path.Shape is ValueShape.String or ValueShape.Enum
                && comparison.Operands.All(o => o.Value is string or Enum))
            {
                yield return comparison;
            }
        }
    }

    private sealed class Builder(FieldPath path, int words)
    {
        private readonly Dictionary<string, ulong[]> _texts = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<long, ulong[]> _members = [];
        private readonly ulong[] _constrained = new ulong[words];

        /// <summary>How many clauses constrain the path.</summary>
        public int Constrained { get; private set; }

        public void Add(int clause, IReadOnlyList<Operand> operands)
        {
            _constrained[clause >> 6] |= 1UL << clause;
            Constrained++;
            foreach (var operand in operands)
            {
                ulong[]? set;
                if (path.Shape == ValueShape.String)
                {
                    var text = (string)operand.Value;
                    if (!_texts.TryGetValue(text, out set))
                    {
                        _texts[text] = set = new ulong[words];
                    }
                }
                else
                {
                    var value = Convert.ToInt64(operand.Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (!_members.TryGetValue(value, out set))
                    {
                        _members[value] = set = new ulong[words];
                    }
                }

                set[clause >> 6] |= 1UL << clause;
            }
        }

        public PathIndex Build(int count)
        {
            // Unconstrained clauses are candidates whatever the value, so every set includes them.
            var free = new ulong[words];
            for (var i = 0; i < count; i++)
            {
                if ((_constrained[i >> 6] & (1UL << i)) == 0)
                {
                    free[i >> 6] |= 1UL << i;
                }
            }

            ulong[] With(ulong[] set)
            {
                var result = new ulong[words];
                for (var w = 0; w < words; w++)
                {
                    result[w] = set[w] | free[w];
                }

                return result;
            }

            return new PathIndex(path,
                _texts.ToDictionary(p => p.Key, p => With(p.Value), StringComparer.OrdinalIgnoreCase),
                _members.ToDictionary(p => p.Key, p => With(p.Value)),
                free);
        }
    }

    /// <summary>One constrained path: the candidate set for each value; for a missing or unlisted value, the unconstrained clauses.</summary>
    /// <remarks>A few values are compared one by one (ignoring case, as <c>equals</c> does); many are hashed.</remarks>
    private sealed class PathIndex(FieldPath path, Dictionary<string, ulong[]> texts, Dictionary<long, ulong[]> members, ulong[] free)
    {
        private const int Scanned = 8;

        private readonly Func<object, string?>? _text = path.Shape == ValueShape.String ? (Func<object, string?>)path.Reader : null;
        private readonly Func<object, long?>? _member = path.Shape == ValueShape.Enum ? (Func<object, long?>)path.Reader : null;
        private readonly string[] _values = texts.Count <= Scanned ? [.. texts.Keys] : [];
        private readonly ulong[][] _sets = texts.Count <= Scanned ? [.. texts.Values] : [];
        private readonly long[] _members = members.Count <= Scanned ? [.. members.Keys] : [];
        private readonly ulong[][] _memberSets = members.Count <= Scanned ? [.. members.Values] : [];

        public ulong[] Lookup(object subject)
        {
            if (_text is not null)
            {
                if (_text(subject) is not { } text)
                {
                    return free;
                }

                if (texts.Count > Scanned)
                {
                    return texts.TryGetValue(text, out var set) ? set : free;
                }

                for (var i = 0; i < _values.Length; i++)
                {
                    if (string.Equals(text, _values[i], StringComparison.OrdinalIgnoreCase))
                    {
                        return _sets[i];
                    }
                }

                return free;
            }

            if (_member!(subject) is not { } value)
            {
                return free;
            }

            if (members.Count > Scanned)
            {
                return members.TryGetValue(value, out var byValue) ? byValue : free;
            }

            for (var i = 0; i < _members.Length; i++)
            {
                if (_members[i] == value)
                {
                    return _memberSets[i];
                }
            }

            return free;
        }
    }
}

/// <summary>What can be told about a condition tree without evaluating it.</summary>
internal static class ConditionFacts
{
    /// <summary>Whether evaluating the condition can end in a fault (a regex timeout, an expression that throws).</summary>
    public static bool MayFault(Condition condition) => condition switch
    {
        ComparisonCondition comparison => comparison.MayFault,
        AllCondition all => all.Items.Any(MayFault),
        AnyCondition any => any.Items.Any(MayFault),
        NotCondition not => MayFault(not.Inner),
        TermCondition term => MayFault(term.Inner),
        QuantifierCondition quantifier => MayFault(quantifier.Inner),
        _ => true,
    };
}
