using System.Collections;
using Compliance.Conditions;
using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>Per-clause evaluation state: which paths were read, on which targets, under which list elements.</summary>
/// <remarks>Reading is recorded lazily, as (path, target, element) entries in reused arrays; the facts, with their
/// <c>calls[0].cloud</c> keys and plain values, are built only for a clause that ends up in the verdict
/// (<see cref="TakeFacts"/>). Within one subject, a fact read by several clauses is one <see cref="Fact"/> instance.
/// Not thread-safe: one scope per evaluating thread.</remarks>
internal sealed class EvaluationScope
{
    private Entry[] _entries = [];
    private int _count;
    private Frame[] _frames = [];
    private int _frameCount;
    private int _current = -1;
    private string?[] _frameText = [];
    private Fact[] _subjectFacts = [];
    private int _subjectFactCount;
    private (string Path, object? Value)[] _read = [];
    private (FieldPath? Path, object? Target)[] _deferred = [];
    private readonly Dictionary<(string List, int Index, string? Parent), string> _elementKeys = new(ElementKeyComparer.Instance);
    private readonly Dictionary<(string Prefix, string Path), string> _childKeys = new(ChildKeyComparer.Instance);
    private readonly Dictionary<string, int> _readIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _subjectFactIndex = new(StringComparer.Ordinal);

    /// <summary>Up to this many paths, a clause's reads and a subject's facts are de-duplicated by comparing with each one
    /// kept so far (no hashing, nothing allocated); past it, through a dictionary, so that a clause over a list of 78,000
    /// calls does linear work, not quadratic.</summary>
    internal const int LinearSearchLimit = 16;

    /// <summary>How many path comparisons the de-duplication has made since this scope was created (for the tests that hold
    /// it linear).</summary>
    internal long PathComparisons { get; private set; }

    /// <summary>Stands, in what <see cref="ReadFacts"/> returns, for a value not made plain yet (a list, a number): see
    /// <see cref="SameDeferred"/> and <see cref="MakeFacts"/>.</summary>
    internal static readonly object Deferred = new();

    /// <summary>Who watches this evaluation node by node (<see cref="ConditionExplainer"/>), or <see langword="null"/>, as in
    /// the evaluator: then <see cref="Condition.Run"/> and <see cref="Enter"/> cost one null check and nothing else.</summary>
    public ConditionObserver? Observer { get; init; }

    /// <summary>The facts recorded so far, built now (for callers outside the evaluator's hot path).</summary>
    public IReadOnlyList<Fact> Facts => TakeFacts();

    /// <summary>Enters element <paramref name="index"/> of the list at <paramref name="listPath"/> (relative to the current element).</summary>
    public void Enter(string listPath, int index)
    {
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, Math.Max(4, _frames.Length * 2));
        }

        _frames[_frameCount] = new Frame(listPath, index, _current);
        _current = _frameCount++;
        Observer?.EnterElement(index);
    }

    /// <summary>Leaves the element entered last.</summary>
    public void Exit()
    {
        _current = _frames[_current].Parent;
        Observer?.ExitElement();
    }

    /// <summary>Records that the clause read <paramref name="path"/> on <paramref name="target"/> (the subject, or the current element).</summary>
    public void Record(FieldPath path, object target)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(8, _entries.Length * 2));
        }

        _entries[_count++] = new Entry(path, target, _current);
    }

    /// <summary>Forgets what the current clause read; the facts shared within the subject are kept.</summary>
    /// <remarks>The arrays are not cleared: what they still point to is at most one subject's values, overwritten next time.</remarks>
    public void Clear()
    {
        _count = 0;
        _frameCount = 0;
        _current = -1;
    }

    /// <summary>Forgets everything, before the next subject.</summary>
    public void Reset()
    {
        Clear();
        _subjectFactCount = 0;
        ClearIndex(_subjectFactIndex);
    }

    /// <summary>Empties an index; one that grew for a huge subject is dropped, so that clearing it does not cost every later
    /// small subject its size.</summary>
    private static void ClearIndex(Dictionary<string, int> index)
    {
        if (index.Count > 0)
        {
            index.Clear();
            if (index.EnsureCapacity(0) > 1024)
            {
                index.TrimExcess();
            }
        }
    }

    /// <summary>The facts the current clause read, in the order read, each path once.</summary>
    public ReadOnlyArray<Fact> TakeFacts() => MakeFacts(ReadFacts());

    /// <summary>The paths (from the subject's root) and plain values the current clause read, in the order read, each path
    /// once, without making <see cref="Fact"/>s: valid until the next call.</summary>
    public ReadOnlySpan<(string Path, object? Value)> ReadFacts()
    {
        if (_count == 0)
        {
            return [];
        }

        if (_read.Length < _count)
        {
            _read = new (string, object?)[Math.Max(8, _count)];
            _deferred = new (FieldPath?, object?)[_read.Length];
        }

        if (_frameText.Length < _frameCount)
        {
            _frameText = new string?[Math.Max(4, _frameCount)];
        }

        var distinct = 0;
        var indexed = false;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var entry = ref _entries[i];
            var key = Key(entry);
            bool seen;
            if (indexed)
            {
                seen = !_readIndex.TryAdd(key, distinct);
                PathComparisons++;
            }
            else
            {
                seen = IndexOf(_read, distinct, key) >= 0;
                if (!seen && distinct == LinearSearchLimit)
                {
                    // From here on, every new path is looked up in the index rather than compared with all those kept.
                    indexed = true;
                    for (var j = 0; j < distinct; j++)
                    {
                        _readIndex[_read[j].Path] = j;
                    }

                    _readIndex[key] = distinct;
                }
            }

            if (!seen)
            {
                // Text, enum members and booleans are read as they are; lists and numbers would be made (allocated) only
                // to be compared, so they are made when a fact is, and compared in place.
                if (entry.Path.ReadsPlain)
                {
                    _deferred[distinct] = default;
                    _read[distinct++] = (key, entry.Path.ReadFact(entry.Target));
                }
                else
                {
                    _deferred[distinct] = (entry.Path, entry.Target);
                    _read[distinct++] = (key, Deferred);
                }
            }
        }

        Array.Clear(_frameText, 0, _frameCount);
        ClearIndex(_readIndex);
        return _read.AsSpan(0, distinct);
    }

    /// <summary>Makes the facts for what <see cref="ReadFacts"/> returned; within one subject, a path read by several clauses
    /// is one <see cref="Fact"/>.</summary>
    public ReadOnlyArray<Fact> MakeFacts(ReadOnlySpan<(string Path, object? Value)> read)
    {
        if (read.Length == 0)
        {
            return ReadOnlyArray<Fact>.Empty;
        }

        var facts = new Fact[read.Length];
        for (var i = 0; i < read.Length; i++)
        {
            var (path, value) = read[i];
            var shared = SubjectFactIndex(path);
            if (shared >= 0)
            {
                facts[i] = _subjectFacts[shared];
                continue;
            }

            if (ReferenceEquals(value, Deferred))
            {
                var (deferredPath, target) = _deferred[i];
                value = deferredPath!.ReadFact(target!);
            }

            var fact = new Fact(path, value);
            if (_subjectFactCount == _subjectFacts.Length)
            {
                Array.Resize(ref _subjectFacts, Math.Max(8, _subjectFacts.Length * 2));
            }

            if (_subjectFactCount >= LinearSearchLimit)
            {
                if (_subjectFactIndex.Count == 0)
                {
                    for (var j = 0; j < _subjectFactCount; j++)
                    {
                        _subjectFactIndex.TryAdd(_subjectFacts[j].Path, j);
                    }
                }

                _subjectFactIndex.TryAdd(path, _subjectFactCount);
            }

            _subjectFacts[_subjectFactCount++] = fact;
            facts[i] = fact;
        }

        return ReadOnlyArray<Fact>.Own(facts);
    }

    /// <summary>Whether the deferred value at <paramref name="index"/> of what <see cref="ReadFacts"/> returned, made
    /// plain, would be the same as <paramref name="known"/> (a fact value), without making it when it can.</summary>
    public bool SameDeferred(int index, object? known)
    {
        var (path, target) = _deferred[index];
        return path!.ReadsAs(target!, known);
    }

    private static bool SamePath(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>Where <paramref name="key"/> is among the first <paramref name="count"/> reads, or -1.</summary>
    private int IndexOf((string Path, object? Value)[] read, int count, string key)
    {
        PathComparisons += count;
        for (var i = 0; i < count; i++)
        {
            if (SamePath(read[i].Path, key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Where <paramref name="key"/> is among the subject's facts, or -1: compared one by one while they are few,
    /// looked up in the index once there are more.</summary>
    private int SubjectFactIndex(string key)
    {
        if (_subjectFactCount > LinearSearchLimit)
        {
            PathComparisons++;
            return _subjectFactIndex.TryGetValue(key, out var index) ? index : -1;
        }

        PathComparisons += _subjectFactCount;
        for (var i = 0; i < _subjectFactCount; i++)
        {
            if (SamePath(_subjectFacts[i].Path, key))
            {
                return i;
            }
        }

        return -1;
    }

    private string Key(in Entry entry)
    {
        if (entry.Frame < 0)
        {
            return entry.Path.Text;
        }

        var prefix = FrameText(entry.Frame);
        if (entry.Path.IsSelf)
        {
            return prefix;
        }

        if (!_childKeys.TryGetValue((prefix, entry.Path.Text), out var key))
        {
            Bound();
            _childKeys[(prefix, entry.Path.Text)] = key = prefix + "." + entry.Path.Text;
        }

        return key;
    }

    /// <summary>The path of a list element from the subject's root, such as <c>calls[0]</c>.</summary>
    private string FrameText(int frame)
    {
        if (_frameText[frame] is { } known)
        {
            return known;
        }

        var f = _frames[frame];
        var parent = f.Parent < 0 ? null : FrameText(f.Parent);
        if (!_elementKeys.TryGetValue((f.ListPath, f.Index, parent), out var text))
        {
            parent ??= string.Empty;
            var head = parent.Length == 0 ? f.ListPath : f.ListPath.Length == 0 ? parent : parent + "." + f.ListPath;
            text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{head}[{f.Index}]");
            Bound();
            _elementKeys[(f.ListPath, f.Index, f.Parent < 0 ? null : parent)] = text;
        }

        return _frameText[frame] = text;
    }

    /// <summary>Keeps the caches of element paths (<c>calls[0]</c>, <c>calls[0].cloud</c>) from growing without end.</summary>
    private void Bound()
    {
        if (_elementKeys.Count + _childKeys.Count > 4096)
        {
            _elementKeys.Clear();
            _childKeys.Clear();
        }
    }

    /// <summary>Compares keys made of strings by reference: the strings are the paths of conditions and the element
    /// paths made here, each one instance.</summary>
    private sealed class ElementKeyComparer : IEqualityComparer<(string List, int Index, string? Parent)>
    {
        public static readonly ElementKeyComparer Instance = new();

        public bool Equals((string List, int Index, string? Parent) x, (string List, int Index, string? Parent) y) =>
            ReferenceEquals(x.List, y.List) && x.Index == y.Index && ReferenceEquals(x.Parent, y.Parent);

        public int GetHashCode((string List, int Index, string? Parent) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.List), key.Index,
                key.Parent is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Parent));
    }

    private sealed class ChildKeyComparer : IEqualityComparer<(string Prefix, string Path)>
    {
        public static readonly ChildKeyComparer Instance = new();

        public bool Equals((string Prefix, string Path) x, (string Prefix, string Path) y) =>
            ReferenceEquals(x.Prefix, y.Prefix) && ReferenceEquals(x.Path, y.Path);

        public int GetHashCode((string Prefix, string Path) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Prefix),
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Path));
    }

    /// <summary>Turns a subject value into a plain value a verdict can carry: text, number, boolean, list or map.</summary>
    internal static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        double or float or decimal or long or int or short or byte or uint or ulong => value,
        Enum or DateTimeOffset or DateTime or DateOnly => Operand.Format(value),
        IReadOnlyDictionary<string, string> map => new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(
            new SortedDictionary<string, string>(map.ToDictionary(), StringComparer.Ordinal)),
        IEnumerable list => ReadOnlyArray<object?>.Own(list.Cast<object?>().Select(NormalizeElement).ToArray()),
        _ => value.ToString(),
    };

    private static object? NormalizeElement(object? value) =>
        value is null || value is string || value is bool || value is Enum || value is IFormattable ? Normalize(value) : "{…}";

    private readonly record struct Entry(FieldPath Path, object Target, int Frame);

    private readonly record struct Frame(string ListPath, int Index, int Parent);
}
