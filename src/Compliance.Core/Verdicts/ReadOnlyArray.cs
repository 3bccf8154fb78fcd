using System.Collections;
using System.Collections.ObjectModel;

namespace Compliance.Verdicts;

/// <summary>A list over an array that nobody outside can write, however it is cast: the collections of verdicts, which
/// verdicts share (<see cref="Evaluation.ClauseResultCache"/>), so that a caller who writes one cannot change another.</summary>
/// <remarks>Every mutating member of <see cref="IList{T}"/> and <see cref="IList"/> throws <see cref="NotSupportedException"/>,
/// as <see cref="ReadOnlyCollection{T}"/> does; unlike it, the indexer reads the array directly. The array is owned by the
/// wrapper: whoever makes one hands over an array nobody else writes.</remarks>
internal sealed class ReadOnlyArray<T> : IList<T>, IReadOnlyList<T>, IList
{
    private readonly T[] _items;

    private ReadOnlyArray(T[] items) => _items = items;

    /// <summary>The list with no elements.</summary>
    public static ReadOnlyArray<T> Empty { get; } = new([]);

    /// <summary>Wraps an array the caller hands over and will not write again.</summary>
    public static ReadOnlyArray<T> Own(T[] items) => items.Length == 0 ? Empty : new(items);

    /// <summary>The list itself when it is one of these already, else a read-only copy.</summary>
    public static ReadOnlyArray<T> From(IReadOnlyList<T>? items) => items switch
    {
        null => Empty,
        ReadOnlyArray<T> known => known,
        _ => Own([.. items]),
    };

    /// <summary>The elements, for reading in place.</summary>
    public ReadOnlySpan<T> Span => _items;

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    T IList<T>.this[int index]
    {
        get => _items[index];
        set => throw ReadOnly();
    }

    object? IList.this[int index]
    {
        get => _items[index];
        set => throw ReadOnly();
    }

    bool ICollection<T>.IsReadOnly => true;

    bool IList.IsReadOnly => true;

    bool IList.IsFixedSize => true;

    bool ICollection.IsSynchronized => false;

    object ICollection.SyncRoot => this;

    public bool Contains(T item) => Array.IndexOf(_items, item) >= 0;

    public int IndexOf(T item) => Array.IndexOf(_items, item);

    public void CopyTo(T[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    bool IList.Contains(object? value) => ((IList)_items).Contains(value);

    int IList.IndexOf(object? value) => ((IList)_items).IndexOf(value);

    void ICollection.CopyTo(Array array, int index) => _items.CopyTo(array, index);

    void ICollection<T>.Add(T item) => throw ReadOnly();

    void ICollection<T>.Clear() => throw ReadOnly();

    bool ICollection<T>.Remove(T item) => throw ReadOnly();

    void IList<T>.Insert(int index, T item) => throw ReadOnly();

    void IList<T>.RemoveAt(int index) => throw ReadOnly();

    int IList.Add(object? value) => throw ReadOnly();

    void IList.Clear() => throw ReadOnly();

    void IList.Insert(int index, object? value) => throw ReadOnly();

    void IList.Remove(object? value) => throw ReadOnly();

    void IList.RemoveAt(int index) => throw ReadOnly();

    public override string ToString() => $"[{string.Join(", ", _items)}]";

    private static NotSupportedException ReadOnly() => new("a verdict's collections cannot be changed");
}

/// <summary>Makes the values a <see cref="Fact"/> carries read-only: a list becomes a <see cref="ReadOnlyArray{T}"/>, a map
/// a <see cref="ReadOnlyDictionary{TKey, TValue}"/>, and so on inside them.</summary>
internal static class FactValues
{
    public static object? Freeze(object? value) => value switch
    {
        null or string or ReadOnlyArray<object?> or ReadOnlyDictionary<string, string> or ReadOnlyDictionary<string, object?> => value,
        object?[] list => ReadOnlyArray<object?>.Own(Array.ConvertAll(list, Freeze)),
        IDictionary<string, string> map => new ReadOnlyDictionary<string, string>(Copy(map)),
        IDictionary<string, object?> map => new ReadOnlyDictionary<string, object?>(CopyFrozen(map)),
        _ => value,
    };

    private static SortedDictionary<string, string> Copy(IDictionary<string, string> map) => new(map, StringComparer.Ordinal);

    private static SortedDictionary<string, object?> CopyFrozen(IDictionary<string, object?> map)
    {
        var copy = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            copy[key] = Freeze(item);
        }

        return copy;
    }
}
