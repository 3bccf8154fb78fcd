using Compliance.Rules.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Compliance.Rules.Yaml;

/// <summary>Reads one YAML (or JSON) document into <see cref="DataNode"/>s straight from the parser's events,
/// refusing anchors, aliases, non-core tags, excess depth and oversized scalars before anything is built.</summary>
internal static class YamlDocumentReader
{
    private static readonly HashSet<string> CoreTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!",
    };

    /// <summary>Parses the text; returns the root node, or <see langword="null"/> with diagnostics.</summary>
    /// <param name="text">The document.</param>
    /// <param name="file">The path diagnostics name.</param>
    /// <param name="limits">The limits to enforce.</param>
    /// <param name="diagnostics">Where problems go.</param>
    /// <param name="files">What the files are called in messages: <c>rule files</c> or <c>subject files</c>.</param>
    /// <param name="maxNodes">For subject files, the most values (maps, lists, single values; not keys) one subject may hold:
    /// the document, or each item of a root <c>subjects</c> list. Reading stops at the first value past it.</param>
    /// <param name="maxListElements">For subject files, the most elements any one list of a subject may hold (the root
    /// <c>subjects</c> list is not a subject's). Reading stops at the first element past it.</param>
    /// <remarks>YamlDotNet's parser is a state machine: it does not recurse on nesting, but its scanner does work proportional
    /// to the flow depth for every token (100,000 levels of <c>[</c> take 20 seconds to scan in full). Reading stops at the
    /// first event deeper than <see cref="YamlLimits.MaxDepth"/>, so neither the recursion here nor that scan goes further.</remarks>
    public static DataNode? Read(string text, string file, YamlLimits limits, List<Diagnostic> diagnostics, string files = "rule files",
        int maxNodes = int.MaxValue, int maxListElements = int.MaxValue)
    {
        if (text.Length > limits.MaxFileBytes)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileTooLarge, new SourceLocation(file, 1, 1),
                LoadMessages.FileTooLarge(limits.MaxFileBytes)));
            return null;
        }

        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DocumentCount, new SourceLocation(file, 1, 1), LoadMessages.EmptyFile));
                return null;
            }

            parser.Consume<DocumentStart>();
            var context = new ReadContext(file, limits, diagnostics, files, maxNodes, maxListElements);
            var root = ReadNode(parser, context, 1);
            if (root is null)
            {
                return null;
            }

            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var at = parser.Current!.Start;
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DocumentCount, Loc(file, at),
                    LoadMessages.OneDocument, LoadMessages.OneDocumentHint));
                return null;
            }

            return root;
        }
        catch (YamlException ex)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlSyntax, Loc(file, ex.Start), Describe(ex)));
            return null;
        }
#pragma warning disable CA1031 // YamlDotNet's scanner throws other exceptions on some malformed input (an
                               // InvalidOperationException on `: {` then a line starting `2`): the loader never throws.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            var at = parser.Current is { } last ? Loc(file, last.End) : new SourceLocation(file, 1, 1);
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlSyntax, at, LoadMessages.MalformedYaml));
            return null;
        }
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && cut > 0)
        {
            message = message[(cut + 3)..];
        }

        message = message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : LoadMessages.MalformedYamlFallback;
    }

    private static string? TagText(TagName tag) => tag.IsEmpty ? null : tag.IsNonSpecific ? "!" : tag.Value;

    internal static SourceLocation Loc(string file, Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private sealed record ReadContext(string File, YamlLimits Limits, List<Diagnostic> Diagnostics, string Files, int MaxNodes, int MaxListElements)
    {
        /// <summary>The values read so far of the current subject.</summary>
        public int Nodes { get; set; }
    }

    /// <summary>A tag as its author wrote it: <c>!!python/object</c> rather than <c>tag:yaml.org,2002:python/object</c>.</summary>
    private static string Shorthand(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    private static DataNode? ReadNode(IParser parser, ReadContext context, int depth, bool isKey = false, bool subjectsList = false)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the document");
        var at = Loc(context.File, current.Start);
        if (current is AnchorAlias)
        {
            context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlAlias, at,
                LoadMessages.AliasNotAllowed(context.Files), LoadMessages.WriteOutHint));
            return null;
        }

        if (current is NodeEvent node)
        {
            if (!node.Anchor.IsEmpty)
            {
                context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlAlias, at,
                    LoadMessages.AnchorNotAllowed(context.Files, node.Anchor.Value), LoadMessages.WriteOutHint));
                return null;
            }

            if (TagText(node.Tag) is { } tag && !CoreTags.Contains(tag))
            {
                context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlTag, at,
                    LoadMessages.TagNotAllowed(Shorthand(tag)), LoadMessages.TagNotAllowedHint(context.Files)));
                return null;
            }
        }

        if (depth > context.Limits.MaxDepth && current is MappingStart or SequenceStart)
        {
            context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlTooDeep, at,
                LoadMessages.TooDeep(context.Limits.MaxDepth)));
            return null;
        }

        if (!isKey && ++context.Nodes > context.MaxNodes)
        {
            // Only subject files set the limit; the reader turns this into an unreadable subject naming the line.
            context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileTooLarge, at, Subjects.SubjectReader.TooManyNodes(context.MaxNodes)));
            return null;
        }

        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                if (scalar.Value.Length > context.Limits.MaxScalarLength)
                {
                    context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.ScalarTooLong, at,
                        LoadMessages.ScalarTooLong(context.Limits.MaxScalarLength)));
                    return null;
                }

                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                var isNull = !quoted && (scalar.Value.Length == 0 || scalar.Value is "~" or "null" or "Null" or "NULL");
                var scalarTag = TagText(scalar.Tag);
                if (scalarTag == "tag:yaml.org,2002:null")
                {
                    isNull = true;
                }

                return new ScalarNode(at, isNull ? null : scalar.Value, quoted || scalarTag == "tag:yaml.org,2002:str");

            case MappingStart:
            {
                parser.MoveNext();
                var entries = new List<KeyValuePair<ScalarNode, DataNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var ok = true;
                while (!parser.Accept<MappingEnd>(out _))
                {
                    var keyNode = ReadNode(parser, context, depth + 1, isKey: true);
                    if (keyNode is null)
                    {
                        return null;
                    }

                    // Each item of a subject file's root `subjects` list is a subject of its own, with its own count.
                    var value = ReadNode(parser, context, depth + 1,
                        subjectsList: depth == 1 && keyNode is ScalarNode { Value: "subjects" } && parser.Current is SequenceStart);
                    if (value is null)
                    {
                        return null;
                    }

                    if (keyNode is not ScalarNode { IsNull: false } key)
                    {
                        context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongShape, keyNode.Location, LoadMessages.KeyNotScalar));
                        ok = false;
                        continue;
                    }

                    if (!seen.Add(key.Value!))
                    {
                        context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DuplicateKey, key.Location, LoadMessages.DuplicateKey(key.Value!)));
                        ok = false;
                        continue;
                    }

                    entries.Add(new(key, value));
                }

                parser.MoveNext();
                return ok ? new MapNode(at, entries) : null;
            }

            case SequenceStart:
            {
                parser.MoveNext();
                var items = new List<DataNode>();
                while (!parser.Accept<SequenceEnd>(out _))
                {
                    if (subjectsList)
                    {
                        context.Nodes = 0;
                    }
                    else if (items.Count == context.MaxListElements)
                    {
                        // Only subject files set the limit: the first element past it, before it is read.
                        context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileTooLarge, Loc(context.File, parser.Current!.Start),
                            Subjects.SubjectReader.ListTooLong(context.MaxListElements)));
                        return null;
                    }

                    var item = ReadNode(parser, context, depth + 1);
                    if (item is null)
                    {
                        return null;
                    }

                    items.Add(item);
                }

                parser.MoveNext();
                return new ListNode(at, items);
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }
}
