using System.Text.RegularExpressions;
using Compliance.Rules.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Compliance.Rules.Yaml;

/// <summary>Reads one YAML (or JSON) document into <see cref="DataNode"/>s straight from the parser's events,
/// refusing anchors, aliases, non-core tags, excess depth and oversized scalars before anything is built.</summary>
internal static partial class YamlDocumentReader
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
            var context = new ReadContext(text, file, limits, diagnostics, files, maxNodes, maxListElements);
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
            diagnostics.Add(YamlErrors.Explain(text, file, ex, files) ?? Diagnostic.Error(DiagnosticCodes.YamlSyntax, Loc(file, ex.Start), Describe(ex)));
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

        message = ExceptionText.AsClause(message);
        return message.Length > 0 ? message : LoadMessages.MalformedYamlFallback;
    }

    /// <summary>The text an event was read from, as written.</summary>
    private static string Written(string text, ParsingEvent e)
    {
        var start = (int)e.Start.Index;
        var end = (int)e.End.Index;
        return start >= 0 && end > start && end <= text.Length ? text[start..end] : string.Empty;
    }

    /// <summary>A tag that reads as a word after <c>!</c> (<c>!OpenAI</c>), not a type name (<c>!System.IO.FileInfo</c>),
    /// a secondary handle (<c>!!python/object</c>) or a verbatim tag (<c>!&lt;...&gt;</c>).</summary>
    [GeneratedRegex(@"^![A-Za-z0-9_-]+$")]
    private static partial Regex LocalTagName();

    /// <summary>The text of a plain single value on one line, as written from its anchor or tag (<c>&amp;Co Ltd</c>,
    /// <c>!OpenAI</c>); <see langword="null"/> for a map, a list, a quoted or block value, or one that goes on to the next line.</summary>
    private static string? TextLike(string text, ParsingEvent e)
    {
        if (e is not Scalar { Style: ScalarStyle.Plain or ScalarStyle.Any })
        {
            return null;
        }

        var written = Written(text, e).TrimEnd();
        return written.Length > 0 && written[0] is '&' or '!' && written.IndexOfAny(['\n', '\r']) < 0 ? written : null;
    }

    private static string? TagText(TagName tag) => tag.IsEmpty ? null : tag.IsNonSpecific ? "!" : tag.Value;

    internal static SourceLocation Loc(string file, Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private sealed record ReadContext(string Text, string File, YamlLimits Limits, List<Diagnostic> Diagnostics, string Files, int MaxNodes, int MaxListElements)
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
            // Anchors are refused before any alias could name one, so an alias is a value that begins with `*`.
            var written = Written(context.Text, current);
            context.Diagnostics.Add(written.StartsWith('*')
                ? Diagnostic.Error(DiagnosticCodes.YamlAlias, at, LoadMessages.NeedsQuotes(written, '*', $"an alias, which {context.Files} do not allow"), LoadMessages.Quoted(written))
                : Diagnostic.Error(DiagnosticCodes.YamlAlias, at, LoadMessages.AliasNotAllowed(context.Files), LoadMessages.WriteOutHint));
            return null;
        }

        if (current is NodeEvent node)
        {
            // An anchor or a tag on a one-line plain value is text that begins with `&` or `!` (`title: &Co`,
            // `vendor: !OpenAI`): it is refused all the same, and the message says it needs quotes.
            var text = TextLike(context.Text, current);
            if (!node.Anchor.IsEmpty)
            {
                context.Diagnostics.Add(text is not null
                    ? Diagnostic.Error(DiagnosticCodes.YamlAlias, at, LoadMessages.NeedsQuotes(text, '&', $"an anchor, which {context.Files} do not allow"), LoadMessages.Quoted(text))
                    : Diagnostic.Error(DiagnosticCodes.YamlAlias, at, LoadMessages.AnchorNotAllowed(context.Files, node.Anchor.Value), LoadMessages.WriteOutHint));
                return null;
            }

            if (TagText(node.Tag) is { } tag && !CoreTags.Contains(tag))
            {
                context.Diagnostics.Add(text is not null && LocalTagName().IsMatch(Shorthand(tag))
                    ? Diagnostic.Error(DiagnosticCodes.YamlTag, at, LoadMessages.NeedsQuotes(text, '!', $"a tag, which {context.Files} do not allow"), LoadMessages.Quoted(text))
                    : Diagnostic.Error(DiagnosticCodes.YamlTag, at, LoadMessages.TagNotAllowed(Shorthand(tag)), LoadMessages.TagNotAllowedHint(context.Files)));
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
                var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                var ok = true;
                var flow = current is MappingStart { Style: MappingStyle.Flow };
                ScalarNode? separated = null;
                while (!parser.Accept<MappingEnd>(out _))
                {
                    var keyStart = parser.Current!.Start;
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

                    // `{ gt: 100,000 }` reads as `gt: 100` and a key `000` without a value: say what was meant, once a number.
                    if (flow && !key.Quoted && value is ScalarNode { IsNull: true } && key.Value!.All(char.IsAsciiDigit)
                        && YamlErrors.ThousandsAt(context.Text, (int)keyStart.Index) is { } number)
                    {
                        if (entries.Count > 0 && entries[^1].Value is ScalarNode { Quoted: false } previous && previous != separated
                            && number.StartsWith(previous.Value!, StringComparison.Ordinal))
                        {
                            separated = previous;
                            context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlSyntax, key.Location with { Column = key.Location.Column - 1 },
                                LoadMessages.Thousands(number)));
                        }

                        ok = false;
                        continue;
                    }

                    if (seen.TryGetValue(key.Value!, out var first))
                    {
                        context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DuplicateKey, key.Location, LoadMessages.DuplicateKey(key.Value!, first)));
                        ok = false;
                        continue;
                    }

                    seen[key.Value!] = key.Location;
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
