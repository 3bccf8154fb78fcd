using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>The last few results of one clause, shared between verdicts: a subject whose clause reads the same values, with
/// the same status, gets the same (immutable) <see cref="ClauseResult"/> instead of a new one.</summary>
/// <remarks>Subjects in a batch repeat themselves (the same vendor, mode and cloud on most calls), so most results are
/// found here and a verdict allocates little more than itself. Results are equal by value to what would be built, down
/// to the JSON they write: numbers compare by their bits, and values that do not compare exactly (maps, decimals) are
/// never matched. Lock-free and thread-safe: a slot holds a finished result or nothing, and a lost race only means one
/// more result built.</remarks>
internal sealed class ClauseResultCache
{
    private const int Size = 8;

    /// <summary>After this many results, a clause whose results hardly ever repeat (a fact that differs on every
    /// subject, such as a token count) stops being looked up.</summary>
    private const int Trial = 256;

    private readonly ClauseResult?[] _recent = new ClauseResult?[Size];
    private int _next;
    private int _tries;
    private int _hits;

    /// <summary>Whether looking up is worth it for this clause: during the trial, or when at least one result in eight was found.</summary>
    public bool Worthwhile => _tries < Trial || _hits * 8 >= _tries;

    public ClauseResult? Find(ClauseStatus status, string? message, string? exception, string? waiver, ReadOnlySpan<(string Path, object? Value)> facts,
        EvaluationScope scope)
    {
        if (_tries < int.MaxValue / 2)
        {
            _tries++;
        }

        for (var i = 0; i < Size; i++)
        {
            var result = Volatile.Read(ref _recent[i]);
            if (result is null)
            {
                return null;
            }

            if (result.Status == status && result.Facts is ReadOnlyArray<Fact> known && known.Count == facts.Length
                && ReferenceEquals(result.Exception, exception) && ReferenceEquals(result.Waiver, waiver)
                && string.Equals(result.Message, message, StringComparison.Ordinal) && Same(known.Span, facts, scope))
            {
                if (_hits < int.MaxValue / 2)
                {
                    _hits++;
                }

                return result;
            }
        }

        return null;
    }

    public void Add(ClauseResult result)
    {
        var slot = (uint)_next++ % Size;
        Volatile.Write(ref _recent[slot], result);
    }

    private readonly ReadOnlyArray<Fact>?[] _recentFacts = new ReadOnlyArray<Fact>?[Size];
    private int _nextFacts;
    private int _factTries;
    private int _factHits;

    /// <summary>Whether looking up fact lists is worth it for this clause (as <see cref="Worthwhile"/> for results).</summary>
    public bool FactsWorthwhile => _factTries < Trial || _factHits * 8 >= _factTries;

    /// <summary>A recent fact list equal to <paramref name="facts"/>, for a result that cannot be shared as a whole (its
    /// message names the subject) but whose facts can: a violated clause on calls from the same cloud and region reads the
    /// same values every time.</summary>
    public ReadOnlyArray<Fact>? FindFacts(ReadOnlySpan<(string Path, object? Value)> facts, EvaluationScope scope)
    {
        if (_factTries < int.MaxValue / 2)
        {
            _factTries++;
        }

        for (var i = 0; i < Size; i++)
        {
            var known = Volatile.Read(ref _recentFacts[i]);
            if (known is null)
            {
                return null;
            }

            if (known.Count == facts.Length && Same(known.Span, facts, scope))
            {
                if (_factHits < int.MaxValue / 2)
                {
                    _factHits++;
                }

                return known;
            }
        }

        return null;
    }

    public void AddFacts(ReadOnlyArray<Fact> facts)
    {
        var slot = (uint)_nextFacts++ % Size;
        Volatile.Write(ref _recentFacts[slot], facts);
    }

    private static bool Same(ReadOnlySpan<Fact> known, ReadOnlySpan<(string Path, object? Value)> facts, EvaluationScope scope)
    {
        for (var i = 0; i < known.Length; i++)
        {
            var fact = known[i];
            if (!(ReferenceEquals(fact.Path, facts[i].Path) || string.Equals(fact.Path, facts[i].Path, StringComparison.Ordinal)))
            {
                return false;
            }

            var same = ReferenceEquals(facts[i].Value, EvaluationScope.Deferred)
                ? scope.SameDeferred(i, fact.Value)
                : SameValue(fact.Value, facts[i].Value);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two fact values are the same and write the same JSON.</summary>
    internal static bool SameValue(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        switch (a)
        {
            case null:
                return false;
            case string text:
                return b is string other && string.Equals(text, other, StringComparison.Ordinal);
            case bool flag:
                return b is bool otherFlag && flag == otherFlag;
            case long whole:
                return b is long otherWhole && whole == otherWhole;
            case int small:
                return b is int otherSmall && small == otherSmall;
            case double number:
                return b is double otherNumber && BitConverter.DoubleToInt64Bits(number) == BitConverter.DoubleToInt64Bits(otherNumber);
            case ReadOnlyArray<object?> list when b is ReadOnlyArray<object?> otherList && list.Count == otherList.Count:
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (!SameValue(list[i], otherList[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            default:
                return false;
        }
    }
}

/// <summary>The last few clause lists of one kind's verdicts, shared between verdicts whose clauses are all the same
/// shared results. Thread-safe, like <see cref="ClauseResultCache"/>.</summary>
internal sealed class ClauseListCache
{
    private const int Size = 8;

    private readonly ReadOnlyArray<ClauseResult>?[] _recent = new ReadOnlyArray<ClauseResult>?[Size];
    private int _next;

    public ReadOnlyArray<ClauseResult> Get(ReadOnlySpan<ClauseResult> results)
    {
        for (var i = 0; i < Size; i++)
        {
            var list = Volatile.Read(ref _recent[i]);
            if (list is null)
            {
                break;
            }

            if (list.Count == results.Length && Same(list.Span, results))
            {
                return list;
            }
        }

        var made = ReadOnlyArray<ClauseResult>.Own(results.ToArray());
        Volatile.Write(ref _recent[(uint)_next++ % Size], made);
        return made;
    }

    private static bool Same(ReadOnlySpan<ClauseResult> list, ReadOnlySpan<ClauseResult> results)
    {
        for (var i = 0; i < list.Length; i++)
        {
            if (!ReferenceEquals(list[i], results[i]))
            {
                return false;
            }
        }

        return true;
    }
}
