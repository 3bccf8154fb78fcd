namespace Compliance.Rules.Yaml;

/// <summary>A node of a parsed YAML or JSON document, with its location. Built without aliases, tags or unbounded depth.</summary>
internal abstract class DataNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    public abstract string ShapeName { get; }
}

internal sealed class MapNode(SourceLocation location, IReadOnlyList<KeyValuePair<ScalarNode, DataNode>> entries) : DataNode(location)
{
    public IReadOnlyList<KeyValuePair<ScalarNode, DataNode>> Entries { get; } = entries;

    public override string ShapeName => "a map";

    public DataNode? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }
}

internal sealed class ListNode(SourceLocation location, IReadOnlyList<DataNode> items) : DataNode(location)
{
    public IReadOnlyList<DataNode> Items { get; } = items;

    public override string ShapeName => "a list";
}

/// <summary>A scalar. <see cref="Value"/> is <see langword="null"/> for YAML's <c>null</c>, <c>~</c> or nothing, and JSON's <c>null</c>.</summary>
internal sealed class ScalarNode(SourceLocation location, string? value, bool quoted) : DataNode(location)
{
    public string? Value { get; } = value;

    /// <summary>Whether the scalar was quoted (a JSON string, or a quoted YAML scalar): always text.</summary>
    public bool Quoted { get; } = quoted;

    public bool IsNull => Value is null;

    public override string ShapeName => IsNull ? "null" : "a single value";
}
