using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Files;
using Compliance.Rules.Yaml;
using Compliance.Subjects;

namespace Compliance.Rules.Subjects;

/// <summary>Reads subjects from YAML, JSON and JSON-lines files, folders and streams. A subject that cannot be read
/// becomes a <see cref="SubjectInput"/> carrying its errors and location, and reading goes on.</summary>
/// <remarks>Lazy: subjects are read as they are enumerated, so a long input is never held in memory. Thread-safe.</remarks>
public sealed class SubjectReader
{
    private readonly SubjectBinder _binder;
    private readonly SubjectReaderOptions _options;

    /// <summary>Creates a reader for the given kinds.</summary>
    /// <param name="kinds">The registered subject kinds; <see langword="null"/> for <see cref="SubjectKindRegistry.Default"/>.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="SubjectReaderOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">A limit is out of range (the message names every one).</exception>
    public SubjectReader(SubjectKindRegistry? kinds = null, SubjectReaderOptions? options = null)
    {
        _binder = new SubjectBinder(kinds ?? SubjectKindRegistry.Default);
        _options = options ?? SubjectReaderOptions.Default;
        var problems = _options.Problems().ToArray();
        if (problems.Length > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
    }

    /// <summary>Reads a file (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>, <c>.jsonl</c>) or every such file under a folder, recursively, in path order.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist (thrown at once, before enumeration).</exception>
    public IEnumerable<SubjectInput> ReadPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var entries = InputFiles.Enumerate(path, IsSubjectFile);
            return entries.SelectMany(e => e.Problem is null ? ReadFile(e.Full, e.Display) : [Broken($"{e.Display}:1", e.Problem)]);
        }

        if (File.Exists(path))
        {
            return ReadFile(path, RuleSetLoader.Normalize(path));
        }

        throw new FileNotFoundException($"the input path `{path}` does not exist", path);
    }

    /// <summary>Reads one subject per line of JSON from a reader (such as standard input); blank lines are skipped.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="displayName">The name sources use, such as <c>-</c> for standard input.</param>
    public IEnumerable<SubjectInput> ReadJsonLines(TextReader reader, string displayName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        while (true)
        {
            lineNumber++;
            var (line, tooLong, ended) = ReadLine(reader);
            if (ended && line is null)
            {
                yield break;
            }

            var source = $"{displayName}:{lineNumber}";
            if (tooLong)
            {
                yield return Broken(source, $"the line is longer than the limit of {_options.MaxLineLength} characters");
            }
            else if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ParseJsonLine(line!, displayName, lineNumber);
            }

            if (ended)
            {
                yield break;
            }
        }
    }

    /// <summary>Reads subjects from YAML or JSON text: one subject, or a map with <c>subjects: [...]</c>.</summary>
    /// <param name="content">The text.</param>
    /// <param name="displayName">The file name sources use.</param>
    public IEnumerable<SubjectInput> ReadDocument(string content, string displayName)
    {
        ArgumentNullException.ThrowIfNull(content);
        var diagnostics = new List<Diagnostic>();
        var root = YamlDocumentReader.Read(content, displayName, _options.Limits, diagnostics, "subject files");
        if (root is null)
        {
            var first = diagnostics.FirstOrDefault();
            return [Broken(first is null ? $"{displayName}:1" : $"{first.File}:{first.Line}", first?.Message ?? "the file cannot be read")];
        }

        if (root is MapNode map && map.Get("subjects") is { } subjects && map.Get("kind") is null)
        {
            if (map.Entries.Count > 1)
            {
                var extra = map.Entries.First(e => e.Key.Value != "subjects").Key;
                return [Broken(extra.Location.FileAndLine, $"unknown key `{extra.Value}` beside `subjects`")];
            }

            if (subjects is not ListNode list)
            {
                return [Broken(subjects.Location.FileAndLine, $"`subjects` must be a list, not {subjects.ShapeName}")];
            }

            return list.Items.Select(item => _binder.Bind(item, item.Location.FileAndLine)).ToArray();
        }

        return [_binder.Bind(root, root.Location.FileAndLine)];
    }

    private static bool IsSubjectFile(string file) =>
        file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    private IEnumerable<SubjectInput> ReadFile(string full, string display)
    {
        if (full.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            StreamReader? reader = null;
            string? failure = null;
            try
            {
                reader = new StreamReader(full);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failure = ex.Message;
            }

            if (reader is null)
            {
                yield return Broken($"{display}:1", $"the file cannot be read: {failure}");
                yield break;
            }

            using (reader)
            {
                foreach (var input in ReadJsonLines(reader, display))
                {
                    yield return input;
                }
            }

            yield break;
        }

        var read = InputFiles.ReadText(full, _options.MaxFileBytes);
        if (read.Text is not { } text)
        {
            yield return Broken($"{display}:1", read.Error!);
            yield break;
        }

        foreach (var input in ReadDocument(text, display))
        {
            yield return input;
        }
    }

    private (string? Line, bool TooLong, bool Ended) ReadLine(TextReader reader)
    {
        var builder = new System.Text.StringBuilder();
        var tooLong = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                return (builder.Length == 0 && !tooLong ? null : builder.ToString(), tooLong, true);
            }

            if (c == '\n')
            {
                if (builder.Length > 0 && builder[^1] == '\r')
                {
                    builder.Length--;
                }

                return (tooLong ? null : builder.ToString(), tooLong, false);
            }

            if (tooLong)
            {
                continue;
            }

            builder.Append((char)c);
            if (builder.Length > _options.MaxLineLength)
            {
                tooLong = true;
                builder.Clear();
            }
        }
    }

    private SubjectInput ParseJsonLine(string line, string displayName, int lineNumber)
    {
        var source = $"{displayName}:{lineNumber}";
        JsonDocument document;
        try
        {
            // Duplicate keys are refused, as in YAML: `{"cloud": "AWS", "cloud": "Azure"}` must not let the rules
            // read one value while another reader of the same log reads the other.
            document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = _options.MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            var column = ex.BytePositionInLine is { } p ? $" at column {p + 1}" : string.Empty;
            return Broken(source, $"malformed JSON{column}: {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            DataNode node;
            try
            {
                node = ToNode(document.RootElement, displayName, lineNumber);
            }
            catch (InvalidOperationException ex)
            {
                // A string escape that is not valid UTF-16, such as a lone `\uD800`, parses but cannot be read as text.
                return Broken(source, $"malformed JSON: {FirstSentence(ex.Message)}");
            }

            return _binder.Bind(node, source);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }

    private static DataNode ToNode(JsonElement element, string file, int line)
    {
        var at = new SourceLocation(file, line, 1);
        return element.ValueKind switch
        {
            JsonValueKind.Object => new MapNode(at, element.EnumerateObject()
                .Select(p => new KeyValuePair<ScalarNode, DataNode>(new ScalarNode(at, p.Name, true), ToNode(p.Value, file, line))).ToArray()),
            JsonValueKind.Array => new ListNode(at, element.EnumerateArray().Select(e => ToNode(e, file, line)).ToArray()),
            JsonValueKind.String => new ScalarNode(at, element.GetString(), true),
            JsonValueKind.Null or JsonValueKind.Undefined => new ScalarNode(at, null, false),
            _ => new ScalarNode(at, element.GetRawText(), false),
        };
    }

    private static SubjectInput Broken(string source, string message) =>
        new() { Source = source, Errors = [new SubjectError(null, message)] };
}

/// <summary>Limits on subject inputs.</summary>
public sealed record SubjectReaderOptions
{
    /// <summary>The default limits.</summary>
    public static SubjectReaderOptions Default { get; } = new();

    /// <summary>The longest line of a JSON-lines input, in characters; a longer line is one <c>indeterminate</c> verdict.</summary>
    /// <value>The default is 1,048,576 (1 MB).</value>
    public int MaxLineLength { get; init; } = 1024 * 1024;

    /// <summary>The deepest nesting of a subject, in a JSON line or a YAML or JSON file; at most 1,000.</summary>
    /// <value>The default is 64.</value>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The largest YAML or JSON subject file, in bytes.</summary>
    /// <value>The default is 5 MB (5,242,880 bytes).</value>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Describes every limit that is out of range.</summary>
    internal IEnumerable<string> Problems()
    {
        if (MaxLineLength < 1)
        {
            yield return $"SubjectReaderOptions.MaxLineLength must be at least 1, not {MaxLineLength}";
        }

        if (MaxDepth is < 1 or > YamlLimits.DepthCeiling)
        {
            yield return $"SubjectReaderOptions.MaxDepth must be from 1 to {YamlLimits.DepthCeiling}, not {MaxDepth}";
        }

        if (MaxFileBytes < 1)
        {
            yield return $"SubjectReaderOptions.MaxFileBytes must be at least 1, not {MaxFileBytes}";
        }
    }

    /// <summary>The same limits as the YAML reader takes them; a value in a subject file may be as long as a JSON line.</summary>
    internal YamlLimits Limits => new() { MaxDepth = MaxDepth, MaxFileBytes = MaxFileBytes, MaxScalarLength = MaxLineLength };
}
