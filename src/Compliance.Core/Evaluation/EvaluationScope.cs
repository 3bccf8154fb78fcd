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
    }

    public void Exit() => _current = _frames[_current].Parent;

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
    }

    /// <summary>The facts the current clause read, in the order read, each path once.</summary>
    public Fact[] TakeFacts() => MakeFacts(ReadFacts());

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
        }

        if (_frameText.Length < _frameCount)
        {
            _frameText = new string?[Math.Max(4, _frameCount)];
        }

        var distinct = 0;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var entry = ref _entries[i];
            var key = Key(entry);
            var seen = false;
            for (var j = 0; j < distinct; j++)
            {
                if (SamePath(_read[j].Path, key))
                {
                    seen = true;
                    break;
                }
            }

            if (!seen)
            {
                _read[distinct++] = (key, entry.Path.ReadFact(entry.Target));
            }
        }

        Array.Clear(_frameText, 0, _frameCount);
        return _read.AsSpan(0, distinct);
    }

    /// <summary>Makes the facts for what <see cref="ReadFacts"/> returned; within one subject, a path read by several clauses
    /// is one <see cref="Fact"/>.</summary>
    public Fact[] MakeFacts(ReadOnlySpan<(string Path, object? Value)> read)
    {
        if (read.Length == 0)
        {
            return [];
        }

        var facts = new Fact[read.Length];
        for (var i = 0; i < read.Length; i++)
        {
            var (path, value) = read[i];
            var shared = IndexOf(_subjectFacts, _subjectFactCount, path);
            if (shared >= 0)
            {
                facts[i] = _subjectFacts[shared];
                continue;
            }

            var fact = new Fact(path, value);
            if (_subjectFactCount == _subjectFacts.Length)
            {
                Array.Resize(ref _subjectFacts, Math.Max(8, _subjectFacts.Length * 2));
            }

            _subjectFacts[_subjectFactCount++] = fact;
            facts[i] = fact;
        }

        return facts;
    }

    private static bool SamePath(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    private static int IndexOf(Fact[] facts, int count, string key)
    {
        for (var i = 0; i < count; i++)
        {
            var path = facts[i].Path;
            if (SamePath(path, key))
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
        return entry.Path.IsSelf ? prefix : prefix + "." + entry.Path.Text;
    }

    /// <summary>The path of a list element from the subject's root, such as <c>calls[0]</c>.</summary>
    private string FrameText(int frame)
    {
        if (_frameText[frame] is { } known)
        {
            return known;
        }

        var f = _frames[frame];
        var parent = f.Parent < 0 ? string.Empty : FrameText(f.Parent);
        var head = parent.Length == 0 ? f.ListPath : f.ListPath.Length == 0 ? parent : parent + "." + f.ListPath;
        return _frameText[frame] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{head}[{f.Index}]");
    }

    /// <summary>Turns a subject value into a plain value a verdict can carry: text, number, boolean, list or map.</summary>
    internal static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        double or float or decimal or long or int or short or byte or uint or ulong => value,
        Enum or DateTimeOffset or DateTime or DateOnly => Operand.Format(value),
        IReadOnlyDictionary<string, string> map => new SortedDictionary<string, string>(map.ToDictionary(), StringComparer.Ordinal),
        IEnumerable list => list.Cast<object?>().Select(NormalizeElement).ToArray(),
        _ => value.ToString(),
    };

    private static object? NormalizeElement(object? value) =>
        value is null || value is string || value is bool || value is Enum || value is IFormattable ? Normalize(value) : "{…}";

    private readonly record struct Entry(FieldPath Path, object Target, int Frame);

    private readonly record struct Frame(string ListPath, int Index, int Parent);
}
