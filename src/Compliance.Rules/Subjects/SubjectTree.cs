using System.Text.Json;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Subjects;

/// <summary>The shape of a value in a parsed subject.</summary>
internal enum NodeShape
{
    /// <summary>A map of names to values.</summary>
    Map,

    /// <summary>A list of values.</summary>
    List,

    /// <summary>A single value: text, a number, <c>true</c> or <c>false</c>.</summary>
    Scalar,

    /// <summary>Nothing: YAML's <c>null</c>, <c>~</c> or an empty value, JSON's <c>null</c>.</summary>
    Null,
}

/// <summary>How <see cref="SubjectBinder"/> reads a tree some reader parsed, whatever its format; a new format gives the
/// binder one of these and gets the same binding, conversion and errors as every other reader.</summary>
/// <typeparam name="TNode">The reader's node type.</typeparam>
internal interface ISubjectTree<TNode>
{
    /// <summary>The node's shape.</summary>
    NodeShape ShapeOf(TNode node);

    /// <summary>The entries of a map, in input order.</summary>
    IEnumerable<(string Key, TNode Value)> Entries(TNode map);

    /// <summary>The value of a map's key.</summary>
    bool TryGet(TNode map, string key, out TNode value);

    /// <summary>How many items a list has.</summary>
    int Count(TNode list);

    /// <summary>The items of a list, in input order.</summary>
    IEnumerable<TNode> Items(TNode list);

    /// <summary>A single value's text, as written (a JSON number as its digits).</summary>
    string Text(TNode scalar);

    /// <summary>Whether a single value was quoted (a JSON string, a quoted YAML scalar): then it is always text.</summary>
    bool Quoted(TNode scalar);
}

/// <summary>YAML (and JSON files, read as YAML) as <see cref="SubjectBinder"/> reads it.</summary>
internal sealed class DataNodeTree : ISubjectTree<DataNode>
{
    public static DataNodeTree Instance { get; } = new();

    public NodeShape ShapeOf(DataNode node) => node switch
    {
        MapNode => NodeShape.Map,
        ListNode => NodeShape.List,
        ScalarNode { IsNull: true } => NodeShape.Null,
        _ => NodeShape.Scalar,
    };

    public IEnumerable<(string Key, DataNode Value)> Entries(DataNode map) =>
        ((MapNode)map).Entries.Select(e => (e.Key.Value!, e.Value));

    public bool TryGet(DataNode map, string key, out DataNode value)
    {
        value = ((MapNode)map).Get(key)!;
        return value is not null;
    }

    public int Count(DataNode list) => ((ListNode)list).Items.Count;

    public IEnumerable<DataNode> Items(DataNode list) => ((ListNode)list).Items;

    public string Text(DataNode scalar) => ((ScalarNode)scalar).Value!;

    public bool Quoted(DataNode scalar) => ((ScalarNode)scalar).Quoted;
}

/// <summary>A parsed JSON line as <see cref="SubjectBinder"/> reads it: strings are quoted text, numbers and booleans their
/// raw text.</summary>
/// <remarks>The document must already be checked with <see cref="Check"/>: then reading its text cannot fail.</remarks>
internal sealed class JsonElementTree : ISubjectTree<JsonElement>
{
    public static JsonElementTree Instance { get; } = new();

    public NodeShape ShapeOf(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Object => NodeShape.Map,
        JsonValueKind.Array => NodeShape.List,
        JsonValueKind.Null or JsonValueKind.Undefined => NodeShape.Null,
        _ => NodeShape.Scalar,
    };

    public IEnumerable<(string Key, JsonElement Value)> Entries(JsonElement map) =>
        map.EnumerateObject().Select(p => (p.Name, p.Value));

    public bool TryGet(JsonElement map, string key, out JsonElement value) => map.TryGetProperty(key, out value);

    public int Count(JsonElement list) => list.GetArrayLength();

    public IEnumerable<JsonElement> Items(JsonElement list) => list.EnumerateArray();

    public string Text(JsonElement scalar) => scalar.ValueKind == JsonValueKind.String ? scalar.GetString()! : scalar.GetRawText();

    public bool Quoted(JsonElement scalar) => scalar.ValueKind == JsonValueKind.String;

    /// <summary>Why a JSON value cannot be bound, or <see langword="null"/>: more than <paramref name="maxNodes"/> values, a
    /// list of more than <paramref name="maxListElements"/> elements (each found before the rest is looked at), or text that
    /// is not valid UTF-16, such as a lone <c>\uD800</c> escape (<see cref="InvalidOperationException"/>, thrown).</summary>
    public static string? Check(JsonElement element, int maxNodes, int maxListElements)
    {
        var nodes = 0;
        return CheckValue(element, maxNodes, maxListElements, ref nodes);
    }

    private static string? CheckValue(JsonElement element, int maxNodes, int maxListElements, ref int nodes)
    {
        if (++nodes > maxNodes)
        {
            return SubjectReader.TooManyNodes(maxNodes);
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (CheckValue(property.Value, maxNodes, maxListElements, ref nodes) is { } problem)
                    {
                        return problem;
                    }

                    _ = property.Name;
                }

                return null;
            case JsonValueKind.Array:
            {
                var count = 0;
                foreach (var item in element.EnumerateArray())
                {
                    // The list's length is checked before its next element is counted, as in the other readers.
                    if (count++ == maxListElements)
                    {
                        return SubjectReader.ListTooLong(maxListElements);
                    }

                    if (CheckValue(item, maxNodes, maxListElements, ref nodes) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            }

            case JsonValueKind.String:
                _ = element.GetString();
                return null;
            default:
                return null;
        }
    }
}
