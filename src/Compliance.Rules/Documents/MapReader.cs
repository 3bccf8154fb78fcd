using Compliance.Rules.Diagnostics;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Documents;

/// <summary>Reads the entries of one map of a rule document, reporting unknown keys and wrong shapes.</summary>
internal sealed class MapReader
{
    private readonly MapNode _map;
    private readonly List<Diagnostic> _diagnostics;

    private readonly DocumentMap _grammar;

    public MapReader(MapNode map, DocumentMap grammar, List<Diagnostic> diagnostics)
    {
        _map = map;
        _grammar = grammar;
        _diagnostics = diagnostics;
        var allowed = grammar.Names;
        foreach (var (key, _) in map.Entries)
        {
            if (!allowed.Contains(key.Value!))
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.UnknownKey, key.Location,
                    LoadMessages.UnknownKey(key.Value!, grammar.What), Suggestions.DidYouMean(key.Value!, allowed)
                    ?? LoadMessages.AllowedKeysHint(allowed)));
            }
        }
    }

    public SourceLocation Location => _map.Location;

    public static MapReader? For(DataNode? node, DocumentMap grammar, List<Diagnostic> diagnostics)
    {
        if (node is MapNode map)
        {
            return new MapReader(map, grammar, diagnostics);
        }

        if (node is not null)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongShape, node.Location, LoadMessages.NotAMap(grammar.What, node.ShapeName)));
        }

        return null;
    }

    /// <summary>The value of a key the grammar allows (a key it does not is a mistake in the parser).</summary>
    public DataNode? Node(string key) => _map.Get(_grammar[key].Name);

    public ScalarNode? KeyNode(string key) => _map.Entries.FirstOrDefault(e => e.Key.Value == key).Key;

    /// <summary>A single value (null when absent or null); reports a map or list.</summary>
    public ScalarNode? Scalar(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return null;
            case ScalarNode { IsNull: true }:
                return null;
            case ScalarNode scalar:
                return scalar;
            default:
                _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongShape, node.Location, LoadMessages.NotAValue(key, node.ShapeName)));
                return null;
        }
    }

    public string? Text(string key) => Scalar(key)?.Value;

    public ListNode? List(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null or ScalarNode { IsNull: true }:
                return null;
            case ListNode list:
                return list;
            default:
                _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongShape, node.Location, LoadMessages.NotAList(key, node.ShapeName)));
                return null;
        }
    }

    /// <summary>A list of single values; a lone value counts as a list of one.</summary>
    public IReadOnlyList<ScalarNode> Scalars(string key)
    {
        var node = Node(key);
        if (node is ScalarNode { IsNull: false } one)
        {
            return [one];
        }

        var list = List(key);
        if (list is null)
        {
            return [];
        }

        var result = new List<ScalarNode>();
        foreach (var item in list.Items)
        {
            if (item is ScalarNode { IsNull: false } scalar)
            {
                result.Add(scalar);
            }
            else
            {
                _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongShape, item.Location, LoadMessages.EntryNotAValue(key, item.ShapeName)));
            }
        }

        return result;
    }
}
