using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Files;
using Compliance.Rules.Yaml;
using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;

namespace Compliance.Rules.Subjects;

/// <summary>Reads subjects from YAML, JSON and JSON-lines files, folders and streams. A subject that cannot be read
/// becomes a <see cref="SubjectInput"/> carrying its errors and location, and reading goes on.</summary>
/// <remarks>Lazy: subjects are read as they are enumerated (JSON lines a few hundred lines at a time), so a long input is
/// never held in memory. Thread-safe.</remarks>
public sealed class SubjectReader
{
    private readonly SubjectBinder _binder;
    private readonly SubjectReaderOptions _options;
    private readonly JsonLineBinder _lines;
    private readonly OtlpTraceReader _traces;

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

        _lines = new JsonLineBinder(_binder.Kinds, _options.MaxDepth, _options.MaxNodes, _options.MaxListElements);
        _traces = new OtlpTraceReader(_options.ModelCalls, _options.MaxDepth, _options.MaxNodes, _options.MaxListElements);
    }

    /// <summary>Reads a file (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>, <c>.jsonl</c>) or every such file under a folder, recursively, in path order.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist (thrown at once, before enumeration).</exception>
    public IEnumerable<SubjectInput> ReadPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Files(path).SelectMany(e => e.Problem is null ? ReadFile(e.Full, e.Display) : [Broken($"{e.Display}:1", e.Problem)]);
    }

    /// <summary>Reads the same subjects as <see cref="ReadPath"/>, in the same order, as batches for
    /// <see cref="RuleSet.EvaluateBatches{TEncoded}"/>: a JSON-lines file is only split into lines here, in batches of up
    /// to 256 lines (about 64 KB), and each batch is parsed by whoever reads it (<see cref="SubjectBatch.Read"/>), so
    /// that a batch run parses in parallel; each YAML or JSON file is one batch of subjects already read.</summary>
    /// <param name="path">A file (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>, <c>.jsonl</c>) or a folder, read recursively in path order.</param>
    /// <exception cref="FileNotFoundException">The path does not exist (thrown at once, before enumeration).</exception>
    public IEnumerable<SubjectBatch> ReadBatches(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Files(path).SelectMany(e => e.Problem is null
            ? ReadFileBatches(e.Full, e.Display)
            : [new SubjectBatch([Broken($"{e.Display}:1", e.Problem)])]);
    }

    /// <summary>Reads the same subjects as <see cref="ReadJsonLines"/>, in the same order, as batches of up to 16 subjects
    /// already read (few, so that the verdicts of a slow stream still come out soon).</summary>
    /// <param name="reader">The text to read, such as standard input.</param>
    /// <param name="displayName">The name sources use, such as <c>-</c> for standard input.</param>
    public IEnumerable<SubjectBatch> ReadBatches(TextReader reader, string displayName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadJsonLines(reader, displayName).Chunk(LineBatchBuilder.MaxReadyLines).Select(inputs => new SubjectBatch(inputs));
    }

    /// <summary>The subject files at a path, in the order they are read, with the path each is shown as and why it will not
    /// be read, if it will not (a link leading out of the folder, see <see cref="InputFiles"/>).</summary>
    private static IReadOnlyList<InputFiles.Entry> Files(string path)
    {
        if (Directory.Exists(path))
        {
            return InputFiles.Enumerate(path, IsSubjectFile);
        }

        if (File.Exists(path))
        {
            return [new InputFiles.Entry(RuleSetLoader.Normalize(path), path, null)];
        }

        throw new FileNotFoundException($"the input path `{path}` does not exist", path);
    }

    /// <summary>Reads one subject per line of JSON from a reader (such as standard input); blank lines are skipped.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="displayName">The name sources use, such as <c>-</c> for standard input.</param>
    public IEnumerable<SubjectInput> ReadJsonLines(TextReader reader, string displayName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new TextLineSplitter(reader, _options.MaxLineLength);
        while (lines.Next(out var line, out var lineNumber, out var tooLong))
        {
            foreach (var input in ParseTextLine(line.Span, displayName, lineNumber, tooLong))
            {
                yield return input;
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
        var root = YamlDocumentReader.Read(content, displayName, _options.Limits, diagnostics, "subject files", _options.MaxNodes,
            _options.MaxListElements);
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

    /// <summary>A file's subjects; a JSON-lines file or a trace export read batch by batch.</summary>
    private IEnumerable<SubjectInput> ReadFile(string full, string display) =>
        ReadFileBatches(full, display).SelectMany(batch => batch.Read());

    private static bool IsJsonLines(string file) => file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>A file as batches: a trace export (a <c>.json</c> or <c>.jsonl</c> file whose first document opens with
    /// <c>resourceSpans</c>, sniffed once here) by <see cref="OtlpTraceReader"/>, a JSON-lines file by
    /// <see cref="ReadJsonLinesFile"/>, and a YAML or JSON file as one batch of the subjects it holds.</summary>
    private IEnumerable<SubjectBatch> ReadFileBatches(string full, string display) =>
        (full.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || IsJsonLines(full)) && OtlpTraceReader.IsTraceFile(full)
            ? _traces.ReadFile(full, display, _options.MaxLineLength, _options.MaxFileBytes)
        : IsJsonLines(full) ? ReadJsonLinesFile(full, display)
        : [new SubjectBatch([.. ReadDocumentFile(full, display)])];

    private IEnumerable<SubjectInput> ReadDocumentFile(string full, string display)
    {
        var read = InputFiles.ReadText(full, _options.MaxFileBytes);
        return read.Text is { } text
            ? ReadDocument(text, display)
            : [Broken(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{display}:{read.Line}"), read.Error!)];
    }

    /// <summary>A JSON-lines file as batches of raw lines: split here, parsed by <see cref="SubjectBatch.Read"/>.</summary>
    private IEnumerable<SubjectBatch> ReadJsonLinesFile(string full, string display)
    {
        var (stream, failure, _) = InputFiles.Open(full, bufferSize: 1, FileOptions.SequentialScan);
        if (stream is null)
        {
            yield return new SubjectBatch([Broken($"{display}:1", failure!)]);
            yield break;
        }

        using (stream)
        {
            var splitter = new JsonLineSplitter(stream, _options.MaxLineLength);
            if (splitter.StartsWithWideEncoding())
            {
                // UTF-16 or UTF-32: the text reader decodes it.
                stream.Position = 0;
                using var text = new StreamReader(stream);
                foreach (var batch in ReadBatches(text, display))
                {
                    yield return batch;
                }

                yield break;
            }

            var builder = new LineBatchBuilder(ParseLine, display);
            while (splitter.Next(out var start, out var length, out var lineNumber, out var tooLong))
            {
                if (!builder.TryAdd(splitter.Buffer.AsSpan(start, length), lineNumber, tooLong))
                {
                    yield return builder.Build();
                    builder = new LineBatchBuilder(ParseLine, display);
                    builder.TryAdd(splitter.Buffer.AsSpan(start, length), lineNumber, tooLong);
                }
            }

            if (builder.Count > 0)
            {
                yield return builder.Build();
            }
        }
    }

    /// <summary>Reads one line of a JSON-lines input, in UTF-8: <see langword="null"/> for a blank line. The fast path
    /// (<see cref="JsonLineBinder"/>) binds what it can; the general path (<see cref="ParseJsonLine"/>) reads the rest and
    /// explains what is wrong.</summary>
    internal SubjectInput? ParseLine(ReadOnlyMemory<byte> line, string displayName, int lineNumber, bool tooLong)
    {
        if (tooLong)
        {
            return Broken($"{displayName}:{lineNumber}", $"the line is longer than the limit of {_options.MaxLineLength} characters");
        }

        var bytes = line.Span;
        if (IsAsciiBlank(bytes))
        {
            return null;
        }

        var source = Source(displayName, lineNumber);
        if (InputFiles.FirstInvalidUtf8(bytes) is { } invalid)
        {
            // Decoding would turn the bytes into U+FFFD, and `Open\uFFFDAI` would be judged as if someone had written it.
            return Broken(source, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the line is not valid UTF-8 text at column {invalid + 1} (byte `0x{bytes[invalid]:X2}`)"));
        }

        if (_lines.TryBind(bytes, source) is { } bound)
        {
            return bound;
        }

        return IsBlank(bytes) ? null : ParseJsonLine(line, displayName, lineNumber);
    }

    /// <summary>Reads one line of text (from standard input, say) as the same line in UTF-8: a subject, or the calls of a
    /// trace document (<see cref="OtlpTraceReader"/>); none for a blank line.</summary>
    private IReadOnlyList<SubjectInput> ParseTextLine(ReadOnlySpan<char> line, string displayName, int lineNumber, bool tooLong)
    {
        if (tooLong || line.IsWhiteSpace())
        {
            return tooLong ? [ParseLine(default, displayName, lineNumber, tooLong)!] : [];
        }

        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(line.Length));
        try
        {
            // A lone surrogate has no UTF-8 form: encoding it would write U+FFFD in its place. The command line's standard
            // input decodes each byte that is not UTF-8 to one (see the CLI's StandardStreams), so such bytes land here too.
            if (System.Text.Unicode.Utf8.FromUtf16(line, bytes, out _, out var length, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
            {
                return [Broken(Source(displayName, lineNumber),
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the line is not valid UTF-8 text at column {length + 1}"))];
            }

            var utf8 = bytes.AsMemory(0, length);
            return OtlpTraceReader.IsTraceDocument(utf8.Span) ? _traces.ReadDocument(utf8, displayName, lineNumber)
                : ParseLine(utf8, displayName, lineNumber, tooLong: false) is { } input ? [input]
                : [];
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static bool IsAsciiBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0B or 0x0C))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether valid UTF-8 text is all white space, as <see cref="string.IsNullOrWhiteSpace"/> has it.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        while (!line.IsEmpty)
        {
            System.Text.Rune.DecodeFromUtf8(line, out var rune, out var consumed);
            if (!System.Text.Rune.IsWhiteSpace(rune))
            {
                return false;
            }

            line = line[consumed..];
        }

        return true;
    }

    /// <summary>Reads one line of JSON (UTF-8, not blank) the general way: a document, checked against the limits, bound
    /// by the binder; every problem explained.</summary>
    internal SubjectInput ParseJsonLine(ReadOnlyMemory<byte> line, string displayName, int lineNumber)
    {
        var source = Source(displayName, lineNumber);
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
            return Broken(source, $"malformed JSON{column}: {ExceptionText.FirstSentenceAsClause(ex.Message)}");
        }
        catch (InvalidOperationException ex)
        {
            // The duplicate-key check reads every key as text: a key with a lone surrogate escape fails there.
            return Broken(source, $"malformed JSON: {ExceptionText.FirstSentenceAsClause(ex.Message)}");
        }

        using (document)
        {
            string? tooLarge;
            try
            {
                tooLarge = JsonElementTree.Check(document.RootElement, _options.MaxNodes, _options.MaxListElements);
            }
            catch (InvalidOperationException ex)
            {
                // A string escape that is not valid UTF-16, such as a lone `\uD800`, parses but cannot be read as text.
                return Broken(source, $"malformed JSON: {ExceptionText.FirstSentenceAsClause(ex.Message)}");
            }

            return tooLarge is null ? _binder.Bind(JsonElementTree.Instance, document.RootElement, source) : Broken(source, tooLarge);
        }
    }

    /// <summary>Where a line is, as a subject's <see cref="SubjectInput.Source"/> names it: <c>file:line</c>. Made for every
    /// line read, so made directly, with one allocation and no format string.</summary>
    internal static string Source(string displayName, int lineNumber)
    {
        Span<char> digits = stackalloc char[11];
        lineNumber.TryFormat(digits, out var length, default, System.Globalization.CultureInfo.InvariantCulture);
        return string.Concat(displayName, ":", digits[..length]);
    }

    /// <summary>Why a subject with more values than <see cref="SubjectReaderOptions.MaxNodes"/> is not read.</summary>
    internal static string TooManyNodes(int limit) =>
        $"the subject holds more than the limit of {limit} values (each map, list and single value counts one)";

    /// <summary>Why a subject with a list longer than <see cref="SubjectReaderOptions.MaxListElements"/> is not read.</summary>
    internal static string ListTooLong(int limit) =>
        $"a list in the subject holds more than the limit of {limit} elements";

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

    /// <summary>The most values one subject may hold, counting every map, list and single value (keys do not count); a
    /// larger subject is one <c>indeterminate</c> verdict, and reading it stops at the first value past the limit.</summary>
    /// <remarks>A call with its usual fields holds about 6; a deployment with 78,247 such calls, about 470,000.</remarks>
    /// <value>The default is 1,000,000.</value>
    public int MaxNodes { get; init; } = 1_000_000;

    /// <summary>The most elements any one list of a subject may hold (a deployment's <c>calls</c>, its <c>partners</c>, a
    /// list under an unknown key); a subject with a longer list is one <c>indeterminate</c> verdict, and reading it stops at
    /// the first element past the limit.</summary>
    /// <remarks>The root <c>subjects</c> list of a YAML or JSON file is not a list of a subject: each of its items is a
    /// subject with limits of its own.</remarks>
    /// <value>The default is 100,000.</value>
    public int MaxListElements { get; init; } = 100_000;

    /// <summary>The tables that turn an OpenTelemetry GenAI span's provider, host and model into a <c>call</c>'s
    /// <c>vendor</c> and <c>cloud</c>, for trace exports (OTLP JSON) read as input.</summary>
    /// <value>The default is <see cref="ModelCallMapping.Default"/>.</value>
    public ModelCallMapping ModelCalls { get; init; } = ModelCallMapping.Default;

    /// <summary>Describes every limit that is out of range.</summary>
    internal IEnumerable<string> Problems()
    {
        if (MaxNodes < 1)
        {
            yield return $"SubjectReaderOptions.MaxNodes must be at least 1, not {MaxNodes}";
        }

        if (MaxListElements < 1)
        {
            yield return $"SubjectReaderOptions.MaxListElements must be at least 1, not {MaxListElements}";
        }

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

        if (ModelCalls is null)
        {
            yield return "SubjectReaderOptions.ModelCalls is required";
        }
    }

    /// <summary>The same limits as the YAML reader takes them; a value in a subject file may be as long as a JSON line.</summary>
    internal YamlLimits Limits => new() { MaxDepth = MaxDepth, MaxFileBytes = MaxFileBytes, MaxScalarLength = MaxLineLength };
}
