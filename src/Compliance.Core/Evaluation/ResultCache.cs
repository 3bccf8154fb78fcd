using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>The last few results of one clause, shared between verdicts: a subject whose clause reads the same values, with
/// the same status, gets the same (immutable) <see cref="ClauseResult"/> instead of a new one.</summary>
/// <remarks>Subjects in a batch repeat themselves (the same vendor, mode and cloud on most calls), so most results are
/// found here and a verdict allocates little more than itself. Results are equal by value to what would be built, down
/// to the JSON they write: numbers compare by their bits, and values that do not compare exactly (maps, decimals) are
/// never matched. Each thread judging a rule set has its own (the evaluator's per-thread plan caches): the look-up counts and
/// the slots are written on nearly every subject, and a cache written by two cores moves between them on each write. It
/// stays safe if shared (a slot holds a finished result or nothing, and a lost race only means one more result built),
/// just slower.</remarks>
internal sealed class ClauseResultCache
{
    private RecentRing<ClauseResult> _results = new();
    private RecentRing<ReadOnlyArray<Fact>> _facts = new();

    /// <summary>Whether looking up results is worth it for this clause: during the trial, or when at least one result in
    /// eight was found.</summary>
    public bool Worthwhile => _results.Worthwhile;

    public ClauseResult? Find(ClauseStatus status, string? message, string? exception, string? waiver, ReadOnlySpan<(string Path, object? Value)> facts,
        EvaluationScope scope)
    {
        _results.Tried();
        for (var i = 0; i < RecentRing<ClauseResult>.Size; i++)
        {
            var result = _results.At(i);
            if (result is null)
            {
                return null;
            }

            if (result.Status == status && result.Facts is ReadOnlyArray<Fact> known && known.Count == facts.Length
                && ReferenceEquals(result.Exception, exception) && ReferenceEquals(result.Waiver, waiver)
                && string.Equals(result.Message, message, StringComparison.Ordinal) && Same(known.Span, facts, scope))
            {
                _results.Hit();
                return result;
            }
        }

        return null;
    }

    public void Add(ClauseResult result) => _results.Add(result);

    /// <summary>Whether looking up fact lists is worth it for this clause (as <see cref="Worthwhile"/> for results).</summary>
    public bool FactsWorthwhile => _facts.Worthwhile;

    /// <summary>A recent fact list equal to <paramref name="facts"/>, for a result that cannot be shared as a whole (its
    /// message names the subject) but whose facts can: a violated clause on calls from the same cloud and region reads the
    /// same values every time.</summary>
    public ReadOnlyArray<Fact>? FindFacts(ReadOnlySpan<(string Path, object? Value)> facts, EvaluationScope scope)
    {
        _facts.Tried();
        for (var i = 0; i < RecentRing<ReadOnlyArray<Fact>>.Size; i++)
        {
            var known = _facts.At(i);
            if (known is null)
            {
                return null;
            }

            if (known.Count == facts.Length && Same(known.Span, facts, scope))
            {
                _facts.Hit();
                return known;
            }
        }

        return null;
    }

    public void AddFacts(ReadOnlyArray<Fact> facts) => _facts.Add(facts);

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
/// shared results. Per thread, and safe if shared, like <see cref="ClauseResultCache"/>.</summary>
internal sealed class ClauseListCache
{
    private RecentRing<ReadOnlyArray<ClauseResult>> _recent = new();

    public ReadOnlyArray<ClauseResult> Get(ReadOnlySpan<ClauseResult> results)
    {
        for (var i = 0; i < RecentRing<ReadOnlyArray<ClauseResult>>.Size; i++)
        {
            var list = _recent.At(i);
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
        _recent.Add(made);
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

/// <summary>The last <see cref="Size"/> values a cache made, newest overwriting oldest, with the count of look-ups and hits
/// that tells whether looking up is still worth it. Lock-free: a slot holds a finished value or nothing, and a lost race
/// only means one more value made or one count missed. A mutable struct: keep it in a field, never copy it.</summary>
internal struct RecentRing<T>
    where T : class
{
    public const int Size = 8;

    /// <summary>After this many look-ups, values that hardly ever repeat (a fact that differs on every subject, such as a
    /// token count) stop being looked up.</summary>
    private const int Trial = 256;

    private readonly T?[] _slots;
    private int _next;
    private int _tries;
    private int _hits;

    public RecentRing() => _slots = new T?[Size];

    /// <summary>During the trial, or when at least one look-up in eight found its value.</summary>
    public readonly bool Worthwhile => _tries < Trial || _hits * 8 >= _tries;

    /// <summary>The value in slot <paramref name="index"/>; the slots fill in order, so the first empty one ends a search.</summary>
    public readonly T? At(int index) => Volatile.Read(ref _slots[index]);

    public void Tried()
    {
        if (_tries < int.MaxValue / 2)
        {
            _tries++;
        }
    }

    public void Hit()
    {
        if (_hits < int.MaxValue / 2)
        {
            _hits++;
        }
    }

    public void Add(T value) => Volatile.Write(ref _slots[(uint)_next++ % Size], value);
}
