using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Files;
using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;

namespace Compliance.Rules.Subjects;

/// <summary>Reads OpenTelemetry trace exports in OTLP JSON (<c>{"resourceSpans": [...]}</c>, as the Collector's file exporter
/// writes them, one document per line or one per file): one <c>call</c> per span that carries the GenAI attributes of a
/// model call, read by <see cref="GenAiAttributes"/> and described by the <see cref="ModelCallMapping"/>, the same reading
/// the span auditor of <c>Compliance.Extensions.AI</c> applies to live spans.</summary>
/// <remarks>A span's id is its <c>spanId</c>, its source the file and the line the span opens on (in a document on one line,
/// that line). A span that is a call is held to the subject limits (<see cref="SubjectReaderOptions.MaxNodes"/>,
/// <see cref="SubjectReaderOptions.MaxListElements"/>); the document to <see cref="SubjectReaderOptions.MaxDepth"/> and to
/// the line or file size. A document that cannot be read is one <c>indeterminate</c> input (after the calls read before
/// its problem), and reading goes on with the next.</remarks>
internal sealed class OtlpTraceReader(ModelCallMapping mapping, int maxDepth, int maxNodes, int maxListElements)
{
    private static ReadOnlySpan<byte> Key => "\"resourceSpans\""u8;

    private int MaxNodes => maxNodes;

    private int MaxListElements => maxListElements;

    /// <summary>Whether the bytes open a trace export: <c>{</c> then the key <c>resourceSpans</c>, after white space.</summary>
    public static bool IsTraceDocument(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith("\uFEFF"u8))
        {
            start = start[3..];
        }

        start = start.TrimStart(" \t\r\n"u8);
        if (start.IsEmpty || start[0] != (byte)'{')
        {
            return false;
        }

        return start[1..].TrimStart(" \t\r\n"u8).StartsWith(Key);
    }

    /// <summary>Whether the file starts with a trace export (its first 4 KB are read).</summary>
    public static bool IsTraceFile(string full)
    {
        var (stream, _, _) = InputFiles.Open(full, bufferSize: 1);
        if (stream is null)
        {
            return false;
        }

        using (stream)
        {
            Span<byte> start = stackalloc byte[4096];
            var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            return IsTraceDocument(start[..read]);
        }
    }

    /// <summary>A trace file as batches: one document per line, each batch of lines parsed by whoever reads it, as JSON lines
    /// are; or, when the first line is not a whole document (a pretty-printed export), the file as one document.</summary>
    public IEnumerable<SubjectBatch> ReadFile(string full, string display, int maxLineLength, long maxFileBytes)
    {
        var (stream, failure, _) = InputFiles.Open(full, bufferSize: 1, FileOptions.SequentialScan);
        if (stream is null)
        {
            yield return new SubjectBatch([Broken($"{display}:1", failure!)]);
            yield break;
        }

        using (stream)
        {
            var splitter = new JsonLineSplitter(stream, maxLineLength);
            // As for JSON lines (LineBatchBuilder): a batch's lines are copied into one pooled buffer, given back once read.
            var buffer = ArrayPool<byte>.Shared.Rent(LineBatchBuilder.MaxBytes);
            var used = 0;
            var lines = new List<(int Start, int Length, int Number, bool TooLong)>();
            var decided = false;
            while (splitter.Next(out var start, out var length, out var number, out var tooLong))
            {
                var line = splitter.Buffer.AsSpan(start, length);
                if (!decided)
                {
                    if (!tooLong && line.Trim(" \t\r\n"u8).IsEmpty)
                    {
                        continue;
                    }

                    decided = true;
                    if (tooLong || !IsWholeDocument(line))
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        foreach (var batch in ReadWholeFile(full, display, maxFileBytes))
                        {
                            yield return batch;
                        }

                        yield break;
                    }
                }

                if (used + length > buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(used + length);
                    buffer.AsSpan(0, used).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                line.CopyTo(buffer.AsSpan(used));
                lines.Add((used, length, number, tooLong));
                used += length;
                if (lines.Count == LineBatchBuilder.MaxLines || used >= LineBatchBuilder.MaxBytes)
                {
                    yield return Batch(buffer, lines, display, maxLineLength);
                    buffer = ArrayPool<byte>.Shared.Rent(LineBatchBuilder.MaxBytes);
                    used = 0;
                    lines = [];
                }
            }

            if (lines.Count > 0)
            {
                yield return Batch(buffer, lines, display, maxLineLength);
            }
            else
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private SubjectBatch Batch(byte[] buffer, List<(int Start, int Length, int Number, bool TooLong)> lines, string display, int maxLineLength) =>
        new(lines.Count, () =>
        {
            try
            {
                var inputs = new List<SubjectInput>();
                foreach (var (start, length, number, tooLong) in lines)
                {
                    if (tooLong)
                    {
                        inputs.Add(Broken(string.Create(CultureInfo.InvariantCulture, $"{display}:{number}"),
                            $"the line is longer than the limit of {maxLineLength} characters"));
                    }
                    else if (!buffer.AsSpan(start, length).Trim(" \t\r\n"u8).IsEmpty)
                    {
                        inputs.AddRange(ReadDocument(buffer.AsMemory(start, length), display, number));
                    }
                }

                return inputs;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });

    private IEnumerable<SubjectBatch> ReadWholeFile(string full, string display, long maxFileBytes)
    {
        var read = InputFiles.ReadText(full, maxFileBytes);
        if (read.Text is not { } text)
        {
            return [new SubjectBatch([Broken(string.Create(CultureInfo.InvariantCulture, $"{display}:{read.Line}"), read.Error!)])];
        }

        var first = text.AsSpan().IndexOfAnyExcept(" \t\r\n\uFEFF");
        var line = 1 + (first < 0 ? 0 : text.AsSpan(0, first).Count('\n'));
        return [new SubjectBatch(ReadDocument(Encoding.UTF8.GetBytes(text), display, line))];
    }

    private static bool IsWholeDocument(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            // A line that is malformed JSON is still a line of its own when it ends where its braces close; one that
            // opens a document the next lines continue is read with the whole file.
            return line.TrimEnd(" \t\r\n"u8).EndsWith("}"u8);
        }
    }

    /// <summary>The calls of one document, at <paramref name="line"/> of <paramref name="display"/>; the bytes are not kept.</summary>
    /// <remarks>The fast path (<see cref="TryReadFast"/>) reads a document that is read cleanly; anything else it declines,
    /// and the general path (<see cref="ReadGeneral"/>) reads it and explains what is wrong, with the same calls.</remarks>
    public IReadOnlyList<SubjectInput> ReadDocument(ReadOnlyMemory<byte> json, string display, int line)
    {
        if (InputFiles.FirstInvalidUtf8(json.Span) is { } invalid)
        {
            return [Broken(Source(display, line), string.Create(CultureInfo.InvariantCulture, $"the trace document is not valid UTF-8 text at byte {invalid + 1}"))];
        }

        var calls = new List<SubjectInput>();
        return TryReadFast(json.Span, display, line, calls) ? calls : ReadGeneral(json, display, line);
    }

    /// <summary>The general path: the document parsed into a <see cref="JsonDocument"/>, its first problem explained.</summary>
    internal IReadOnlyList<SubjectInput> ReadGeneral(ReadOnlyMemory<byte> json, string display, int line)
    {
        var source = Source(display, line);
        JsonDocument document;
        try
        {
            // Duplicate keys are refused, as in JSON lines: two `resourceSpans` must not let this reader judge one list while
            // another reader of the same export reads the other.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            var at = ex.LineNumber is { } l && ex.BytePositionInLine is { } p
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + l}, column {p + 1}")
                : string.Empty;
            return [Broken(source, $"malformed OTLP JSON{at}: {ExceptionText.FirstSentenceAsClause(ex.Message)}")];
        }
        catch (InvalidOperationException ex)
        {
            // The duplicate-key check reads every key as text: a key with a lone surrogate escape fails there.
            return [Broken(source, $"malformed OTLP JSON: {ExceptionText.FirstSentenceAsClause(ex.Message)}")];
        }

        using (document)
        {
            // A document on one line gives its spans that line; a pretty-printed one, the line each span opens on.
            var lines = document.RootElement.ValueKind == JsonValueKind.Object && json.Span.Contains((byte)'\n') ? SpanLines(json.Span, line) : null;
            var calls = new List<SubjectInput>();
            var broken = Calls(document.RootElement, display, source, lines, calls);
            return broken is null ? calls : [.. calls, broken];
        }
    }

    /// <summary>The line each span object of a document opens on, in document order (the order <see cref="Calls"/> reads
    /// them in): an object in <c>resourceSpans[*].scopeSpans[*].spans</c>, counted from <paramref name="line"/>, the line of
    /// the document's opening brace (white space before it is not counted again).</summary>
    private List<int> SpanLines(ReadOnlySpan<byte> json, int line)
    {
        var lines = new List<int>();
        json = json[json.IndexOf((byte)'{')..];
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        // Whether the key read last at depth 1, 3 and 5 is `resourceSpans`, `scopeSpans` and `spans`: a span object sits at
        // depth 6 inside all three.
        Span<bool> onPath = stackalloc bool[6];
        var counted = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth is 1 or 3 or 5)
            {
                onPath[reader.CurrentDepth] = reader.ValueTextEquals(reader.CurrentDepth switch { 1 => "resourceSpans"u8, 3 => "scopeSpans"u8, _ => "spans"u8 });
            }
            else if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 6 && onPath[1] && onPath[3] && onPath[5])
            {
                var at = (int)reader.TokenStartIndex;
                line += json[counted..at].Count((byte)'\n');
                counted = at;
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>Adds the calls of a document's spans; the input for the first problem with its shape, if any.</summary>
    private SubjectInput? Calls(JsonElement root, string display, string source, List<int>? lines, List<SubjectInput> calls)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resourceSpans", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            return Broken(source, "a trace document must be an object whose `resourceSpans` is a list");
        }

        var attributes = new SpanAttributes();
        var r = 0;
        var n = 0;
        foreach (var resource in resources.EnumerateArray())
        {
            if (resource.ValueKind != JsonValueKind.Object)
            {
                return Broken(source, $"`resourceSpans[{r}]` must be an object");
            }

            if (resource.TryGetProperty("scopeSpans", out var scopes))
            {
                if (scopes.ValueKind != JsonValueKind.Array)
                {
                    return Broken(source, $"`resourceSpans[{r}].scopeSpans` must be a list");
                }

                var s = 0;
                foreach (var scope in scopes.EnumerateArray())
                {
                    if (scope.ValueKind != JsonValueKind.Object)
                    {
                        return Broken(source, $"`{Scope(r, s)}` must be an object");
                    }

                    if (scope.TryGetProperty("spans", out var spans))
                    {
                        if (spans.ValueKind != JsonValueKind.Array)
                        {
                            return Broken(source, $"`{Scope(r, s)}.spans` must be a list");
                        }

                        var i = 0;
                        foreach (var span in spans.EnumerateArray())
                        {
                            var spanSource = lines is not null && span.ValueKind == JsonValueKind.Object ? Source(display, lines[n++]) : source;
                            if (Call(span, attributes, r, s, i, spanSource, out var problem) is { } call)
                            {
                                calls.Add(call);
                            }
                            else if (problem is not null)
                            {
                                return Broken(spanSource, problem);
                            }

                            i++;
                        }
                    }

                    s++;
                }
            }

            r++;
        }

        return null;
    }

    private static string Scope(int r, int s) => string.Create(CultureInfo.InvariantCulture, $"resourceSpans[{r}].scopeSpans[{s}]");

    private static string At(int r, int s, int i) => string.Create(CultureInfo.InvariantCulture, $"resourceSpans[{r}].scopeSpans[{s}].spans[{i}]");

    /// <summary>The call of one span; <see langword="null"/> when the span is not a model call, or, with
    /// <paramref name="problem"/> set, when it cannot be read.</summary>
    /// <remarks>Only the attributes the reading asks for are collected (a span may carry many others), in one pass over the
    /// list; a span that is a call is then held to the limits of a subject.</remarks>
    private SubjectInput? Call(JsonElement span, SpanAttributes attributes, int r, int s, int i, string source, out string? problem)
    {
        problem = null;
        if (span.ValueKind != JsonValueKind.Object)
        {
            problem = $"`{At(r, s, i)}` must be an object";
            return null;
        }

        if (span.TryGetProperty("attributes", out var list) && list.ValueKind != JsonValueKind.Array)
        {
            problem = $"`{At(r, s, i)}.attributes` must be a list";
            return null;
        }

        ModelCallFacts? facts;
        try
        {
            attributes.Reset();
            if (list.ValueKind == JsonValueKind.Array)
            {
                Collect(list, attributes);
            }

            var id = span.TryGetProperty("spanId", out var spanId) && spanId.ValueKind == JsonValueKind.String ? spanId.GetString() : null;
            var start = Start(span, attributes);
            facts = GenAiAttributes.Read(attributes.Lookup, string.IsNullOrEmpty(id) ? null : id, start);
            problem = facts is null ? null : attributes.Problem(At(r, s, i)) ?? JsonElementTree.Check(span, maxNodes, maxListElements);
        }
        catch (InvalidOperationException ex)
        {
            // A string escape that is not valid UTF-16, such as a lone `\uD800`, parses but cannot be read as text.
            problem = $"malformed OTLP JSON: {ExceptionText.FirstSentenceAsClause(ex.Message)}";
            return null;
        }

        return facts is null || problem is not null ? null : Input(facts, source);
    }

    private SubjectInput Input(ModelCallFacts facts, string source)
    {
        var call = mapping.Describe(facts);
        return new SubjectInput { Subject = call, Kind = "call", Id = call.Id, Source = source };
    }

    /// <summary>Collects the attributes of <see cref="GenAiAttributes.Names"/> from an OTLP attribute list, in one pass: each
    /// element an object with a text <c>key</c> and a <c>value</c>; other elements are passed over.</summary>
    private static void Collect(JsonElement list, SpanAttributes attributes)
    {
        foreach (var attribute in list.EnumerateArray())
        {
            if (attribute.ValueKind != JsonValueKind.Object || !attribute.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var slot = -1;
            for (var k = 0; k < Utf8Names.Length && slot < 0; k++)
            {
                slot = key.ValueEquals(Utf8Names[k]) ? k : -1;
            }

            if (slot >= 0 && attributes.Take(slot) && attribute.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in value.EnumerateObject())
                {
                    if (Value(property, attributes, slot))
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>Sets the slot's value from one property of an OTLP <c>AnyValue</c> when it is one the reading takes (text, a
    /// whole number, a number, a flag); false to look at the next property.</summary>
    private static bool Value(JsonProperty property, SpanAttributes attributes, int slot)
    {
        var value = property.Value;
        switch (property.Name)
        {
            case "stringValue" when value.ValueKind == JsonValueKind.String:
                attributes.Values[slot] = value.GetString();
                return true;
            case "intValue" when value.ValueKind == JsonValueKind.String:
                // Int64 values are strings in OTLP JSON; some writers give numbers.
                attributes.Whole(slot, value.GetString()!);
                return true;
            case "intValue" when value.ValueKind == JsonValueKind.Number:
                if (value.TryGetInt64(out var whole))
                {
                    attributes.Values[slot] = whole;
                }
                else
                {
                    attributes.Unreadable(slot, value.GetRawText());
                }

                return true;
            case "doubleValue" when value.ValueKind == JsonValueKind.Number:
                attributes.Values[slot] = value.TryGetDouble(out var number) ? number : null;
                return true;
            case "boolValue" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                attributes.Values[slot] = value.GetBoolean();
                return true;
            default:
                return false;
        }
    }

    /// <summary>The span's start, from <c>startTimeUnixNano</c> (a string or a number of nanoseconds since 1970), read by
    /// <see cref="ScalarSyntax.TryUnixNanoseconds(ReadOnlySpan{char}, out DateTimeOffset)"/>; one that cannot be read is
    /// noted in <paramref name="attributes"/>.</summary>
    private static DateTimeOffset? Start(JsonElement span, SpanAttributes attributes)
    {
        if (!span.TryGetProperty("startTimeUnixNano", out var start) || start.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (start.ValueKind == JsonValueKind.String && ScalarSyntax.TryUnixNanoseconds(start.GetString(), out var instant))
        {
            return instant;
        }

        if (start.ValueKind == JsonValueKind.Number && start.TryGetUInt64(out var nanos) && ScalarSyntax.FromUnixNanoseconds(nanos, out instant))
        {
            return instant;
        }

        attributes.UnreadableStart(start.ValueKind switch
        {
            JsonValueKind.String => start.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => start.GetRawText(),
            _ => null,
        });
        return null;
    }

    private static readonly byte[][] Utf8Names = [.. GenAiAttributes.Names.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The converter that reads a call's <c>tokens</c>: its wording explains a whole number that cannot be read.</summary>
    private static readonly FieldConverter WholeNumbers =
        SubjectKindRegistry.Default.Find(typeof(CallSubject))!.Model.Find("tokens")!.Converter;

    /// <summary>The attributes of <see cref="GenAiAttributes.Names"/> one span gives, collected in one pass over its list (by
    /// either path), and what in the span cannot be read; reused from span to span of a document.</summary>
    private sealed class SpanAttributes
    {
        private int _seen;
        private string? _repeated;
        private string? _unreadable;
        private bool _startUnreadable;
        private string? _startText;

        public SpanAttributes() => Lookup = Get;

        /// <summary>The values, in the order of <see cref="GenAiAttributes.Names"/>.</summary>
        public object?[] Values { get; } = new object?[GenAiAttributes.Names.Length];

        /// <summary>The values by name, for <see cref="GenAiAttributes.Read"/>.</summary>
        public Func<string, object?> Lookup { get; }

        /// <summary>Whether something in the span cannot be read (see <see cref="Problem"/>).</summary>
        public bool HasProblem => _repeated is not null || _unreadable is not null || _startUnreadable;

        public void Reset()
        {
            Array.Clear(Values);
            _seen = 0;
            _repeated = null;
            _unreadable = null;
            _startUnreadable = false;
            _startText = null;
        }

        /// <summary>Whether this is the slot's first attribute (whose value is read); a repeat is noted (a reader taking the
        /// first and one taking the last would judge different calls).</summary>
        public bool Take(int slot)
        {
            if ((_seen & (1 << slot)) != 0)
            {
                _repeated ??= GenAiAttributes.Names[slot];
                return false;
            }

            _seen |= 1 << slot;
            return true;
        }

        /// <summary>Sets a whole number from its text, as subjects read whole numbers.</summary>
        public void Whole(int slot, string text)
        {
            if (ScalarSyntax.TryWhole(text, quoted: false, out var whole))
            {
                Values[slot] = whole;
            }
            else
            {
                Unreadable(slot, text);
            }
        }

        public void Unreadable(int slot, string text) =>
            _unreadable ??= WholeNumbers.Explain(ConversionFailure.WrongType, GenAiAttributes.Names[slot], text);

        public void UnreadableStart(string? text)
        {
            _startUnreadable = true;
            _startText = text;
        }

        /// <summary>What in a call span cannot be read, at <paramref name="at"/>, or <see langword="null"/>.</summary>
        public string? Problem(string at) =>
            _repeated is { } repeated ? $"`{at}.attributes` holds `{repeated}` more than once"
            : _unreadable is { } unreadable ? $"in `{at}.attributes`, {unreadable}"
            : _startUnreadable ? $"`{at}.startTimeUnixNano` must be a whole number of nanoseconds since 1970{(_startText is null ? "" : $", not `{_startText}`")}"
            : null;

        private object? Get(string name) => Values[Array.IndexOf(GenAiAttributes.Names, name)];
    }

    private static SubjectInput Broken(string source, string message) =>
        new() { Source = source, Kind = "call", Errors = [new SubjectError(null, message)] };

    private static string Source(string display, int line) => string.Create(CultureInfo.InvariantCulture, $"{display}:{line}");

    /// <summary>The fast path: the document tokenized once with <see cref="Utf8JsonReader"/>, the wanted attributes of each
    /// span collected as they pass, with no document and no tree. It reads only documents that read cleanly and declines
    /// (false) on anything else: malformed JSON, nesting deeper than the limit, a key given twice or spelt with an escape, a
    /// lone surrogate escape anywhere, a shape other than the export's, a call span with an attribute given twice, a value
    /// that cannot be read, or more values or a longer list than a subject may hold; an attribute whose <c>value</c> comes
    /// before its <c>key</c>. The general path then reads the document and explains.</summary>
    internal bool TryReadFast(ReadOnlySpan<byte> json, string display, int line, List<SubjectInput> calls)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            return false;
        }

        var fast = new FastReader(this, display, line, json.IndexOf((byte)'{'), calls);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            return fast.Document(ref reader, json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>The state of the fast path over one document: the names of each object open (to refuse a key given twice),
    /// the values of the span being read (to hold a call span to the subject limits) and its attributes.</summary>
    private sealed class FastReader(OtlpTraceReader owner, string display, int line, int opening, List<SubjectInput> calls)
    {
        /// <summary>The names of the open objects: start and length in the document, two ints a name.</summary>
        private int[] _names = new int[64];
        private int _nameCount;
        private int _nodes;
        private bool _tooLarge;
        private int _counted = Math.Max(opening, 0);
        private int _line = line;
        private string? _source;
        private int _sourceLine;
        private readonly SpanAttributes _attributes = new();
        private const int RecentPerSlot = 4;
        private readonly (byte[]? Bytes, string Text)[] _recent = new (byte[]?, string)[GenAiAttributes.Names.Length * RecentPerSlot];
        private readonly int[] _replace = new int[GenAiAttributes.Names.Length];
        private readonly object?[] _boxes = new object?[GenAiAttributes.Names.Length];

        public bool Document(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
        {
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var mark = _nameCount;
            var found = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!Name(ref r, json, mark))
                {
                    return false;
                }

                var resources = r.ValueSpan.SequenceEqual("resourceSpans"u8);
                if (!r.Read())
                {
                    return false;
                }

                if (resources)
                {
                    if (r.TokenType != JsonTokenType.StartArray || !List(ref r, json, "scopeSpans"u8, 0))
                    {
                        return false;
                    }

                    found = true;
                }
                else if (!Skip(ref r, json))
                {
                    return false;
                }
            }

            _nameCount = mark;
            return found && !r.Read();
        }

        /// <summary>Reads <c>resourceSpans</c> (level 0) or a resource's <c>scopeSpans</c> (level 1): a list of objects, each
        /// with an optional list under <paramref name="inner"/>; a scope's <c>spans</c> (level 2) is a list of spans.</summary>
        private bool List(ref Utf8JsonReader r, ReadOnlySpan<byte> json, ReadOnlySpan<byte> inner, int level)
        {
            while (r.Read() && r.TokenType != JsonTokenType.EndArray)
            {
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                if (level == 2)
                {
                    if (!Span(ref r, json))
                    {
                        return false;
                    }

                    continue;
                }

                var mark = _nameCount;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (!Name(ref r, json, mark))
                    {
                        return false;
                    }

                    var isInner = r.ValueSpan.SequenceEqual(inner);
                    if (!r.Read())
                    {
                        return false;
                    }

                    if (isInner)
                    {
                        if (r.TokenType != JsonTokenType.StartArray || !List(ref r, json, level == 0 ? "spans"u8 : default, level + 1))
                        {
                            return false;
                        }
                    }
                    else if (!Skip(ref r, json))
                    {
                        return false;
                    }
                }

                _nameCount = mark;
            }

            return true;
        }

        /// <summary>Reads one span (the reader on its start) and adds its call, if it is one; false to decline.</summary>
        private bool Span(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
        {
            // The line the span opens on, counted from the document's opening brace, as the general path counts it.
            var at = (int)r.TokenStartIndex;
            _line += json[_counted..at].Count((byte)'\n');
            _counted = at;
            _nodes = 0;
            _tooLarge = false;
            _attributes.Reset();
            Node();
            string? id = null;
            DateTimeOffset? start = null;
            var mark = _nameCount;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!Name(ref r, json, mark))
                {
                    return false;
                }

                var name = r.ValueSpan;
                if (!r.Read())
                {
                    return false;
                }

                if (name.SequenceEqual("spanId"u8) && r.TokenType == JsonTokenType.String)
                {
                    Node();
                    if (!Text(ref r))
                    {
                        return false;
                    }

                    id = r.GetString();
                }
                else if (name.SequenceEqual("startTimeUnixNano"u8) && r.TokenType != JsonTokenType.Null)
                {
                    Node();
                    if (!Start(ref r, out start))
                    {
                        return false;
                    }
                }
                else if (name.SequenceEqual("attributes"u8))
                {
                    if (r.TokenType != JsonTokenType.StartArray || !Attributes(ref r, json))
                    {
                        return false;
                    }
                }
                else if (!Skip(ref r, json))
                {
                    return false;
                }
            }

            _nameCount = mark;
            if (GenAiAttributes.Read(_attributes.Lookup, string.IsNullOrEmpty(id) ? null : id, start) is not { } facts)
            {
                return true;
            }

            if (_tooLarge || _attributes.HasProblem)
            {
                return false;
            }

            if (_source is null || _sourceLine != _line)
            {
                _source = Source(display, _line);
                _sourceLine = _line;
            }

            calls.Add(owner.Input(facts, _source));
            return true;
        }

        /// <summary>The span's start from <c>startTimeUnixNano</c>, text or a number; false when it cannot be read.</summary>
        private static bool Start(ref Utf8JsonReader r, out DateTimeOffset? start)
        {
            start = null;
            DateTimeOffset instant;
            var read = r.TokenType switch
            {
                JsonTokenType.String when r.ValueIsEscaped => ScalarSyntax.TryUnixNanoseconds(r.GetString(), out instant),
                JsonTokenType.String => ScalarSyntax.TryUnixNanoseconds(r.ValueSpan, out instant),
                JsonTokenType.Number => r.TryGetUInt64(out var nanos) & ScalarSyntax.FromUnixNanoseconds(nanos, out instant),
                _ => Fail(out instant),
            };
            start = read ? instant : null;
            return read;
        }

        private static bool Fail(out DateTimeOffset instant)
        {
            instant = default;
            return false;
        }

        /// <summary>Reads a span's attribute list (the reader on its start), collecting the wanted attributes.</summary>
        private bool Attributes(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
        {
            Node();
            var count = 0;
            while (r.Read() && r.TokenType != JsonTokenType.EndArray)
            {
                Element(ref count);
                if (r.TokenType == JsonTokenType.StartObject ? !Attribute(ref r, json) : !Skip(ref r, json))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Reads one attribute, <c>{"key": ..., "value": {...}}</c>; false to decline (also when its value comes
        /// before its key).</summary>
        private bool Attribute(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
        {
            Node();
            var mark = _nameCount;
            var keySeen = false;
            var slot = -1;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!Name(ref r, json, mark))
                {
                    return false;
                }

                var name = r.ValueSpan;
                if (!r.Read())
                {
                    return false;
                }

                if (name.SequenceEqual("key"u8))
                {
                    keySeen = true;
                    if (r.TokenType != JsonTokenType.String)
                    {
                        if (!Skip(ref r, json))
                        {
                            return false;
                        }

                        continue;
                    }

                    Node();
                    if (!Text(ref r))
                    {
                        return false;
                    }

                    for (var k = 0; k < Utf8Names.Length && slot < 0; k++)
                    {
                        slot = r.ValueTextEquals(Utf8Names[k]) ? k : -1;
                    }

                    if (slot >= 0 && !_attributes.Take(slot))
                    {
                        slot = -1;
                    }
                }
                else if (name.SequenceEqual("value"u8))
                {
                    if (!keySeen)
                    {
                        return false;
                    }

                    if (slot >= 0 && r.TokenType == JsonTokenType.StartObject ? !Value(ref r, json, slot) : !Skip(ref r, json))
                    {
                        return false;
                    }
                }
                else if (!Skip(ref r, json))
                {
                    return false;
                }
            }

            _nameCount = mark;
            return true;
        }

        /// <summary>Reads an OTLP <c>AnyValue</c> (the reader on its start) into the slot: its first property that is text, a
        /// whole number, a number or a flag, as the general path's <c>Value</c> takes it.</summary>
        private bool Value(ref Utf8JsonReader r, ReadOnlySpan<byte> json, int slot)
        {
            Node();
            var mark = _nameCount;
            var matched = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!Name(ref r, json, mark))
                {
                    return false;
                }

                var name = r.ValueSpan;
                if (!r.Read())
                {
                    return false;
                }

                var token = r.TokenType;
                if (matched
                    || !(name.SequenceEqual("stringValue"u8) ? token == JsonTokenType.String
                        : name.SequenceEqual("intValue"u8) ? token is JsonTokenType.String or JsonTokenType.Number
                        : name.SequenceEqual("doubleValue"u8) ? token == JsonTokenType.Number
                        : name.SequenceEqual("boolValue"u8) && token is JsonTokenType.True or JsonTokenType.False))
                {
                    if (!Skip(ref r, json))
                    {
                        return false;
                    }

                    continue;
                }

                matched = true;
                Node();
                if (token == JsonTokenType.String && !Text(ref r))
                {
                    return false;
                }

                var values = _attributes.Values;
                switch (name[0])
                {
                    case (byte)'s':
                        values[slot] = r.ValueIsEscaped ? r.GetString() : Recent(slot, r.ValueSpan);
                        break;
                    case (byte)'i' when token == JsonTokenType.String && !r.ValueIsEscaped:
                        if (ScalarSyntax.TryWhole(r.ValueSpan, out var whole))
                        {
                            values[slot] = Box(slot, whole);
                        }
                        else
                        {
                            _attributes.Unreadable(slot, r.GetString()!);
                        }

                        break;
                    case (byte)'i' when token == JsonTokenType.String:
                        _attributes.Whole(slot, r.GetString()!);
                        break;
                    case (byte)'i':
                        if (r.TryGetInt64(out var number))
                        {
                            values[slot] = Box(slot, number);
                        }
                        else
                        {
                            _attributes.Unreadable(slot, Encoding.UTF8.GetString(r.ValueSpan));
                        }

                        break;
                    case (byte)'d':
                        values[slot] = r.TryGetDouble(out var real) ? real : null;
                        break;
                    default:
                        values[slot] = token == JsonTokenType.True;
                        break;
                }
            }

            _nameCount = mark;
            return true;
        }

        /// <summary>The text of an attribute's value (valid UTF-8, no escapes): the same string as a recent span's when the
        /// bytes are the same (a document's spans mostly name the same operation, provider, model and host), else a new one.</summary>
        private string Recent(int slot, ReadOnlySpan<byte> utf8)
        {
            var first = slot * RecentPerSlot;
            for (var k = first; k < first + RecentPerSlot; k++)
            {
                if (_recent[k].Bytes is { } bytes && utf8.SequenceEqual(bytes))
                {
                    return _recent[k].Text;
                }
            }

            var text = Encoding.UTF8.GetString(utf8);
            if (utf8.Length <= 256)
            {
                _recent[first + (_replace[slot]++ % RecentPerSlot)] = (utf8.ToArray(), text);
            }

            return text;
        }

        /// <summary>A whole number boxed, the same box as the slot's last when the number is the same (a port, say).</summary>
        private object Box(int slot, long value)
        {
            if (_boxes[slot] is long last && last == value)
            {
                return _boxes[slot]!;
            }

            return _boxes[slot] = value;
        }

        /// <summary>Passes over the value the reader is on, counting its values and checking its keys and text.</summary>
        private bool Skip(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
        {
            Node();
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject:
                {
                    var mark = _nameCount;
                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        if (!Name(ref r, json, mark) || !r.Read() || !Skip(ref r, json))
                        {
                            return false;
                        }
                    }

                    _nameCount = mark;
                    return true;
                }

                case JsonTokenType.StartArray:
                {
                    var count = 0;
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        Element(ref count);
                        if (!Skip(ref r, json))
                        {
                            return false;
                        }
                    }

                    return true;
                }

                case JsonTokenType.String:
                    return Text(ref r);
                default:
                    return true;
            }
        }

        /// <summary>Notes the property name the reader is on among its object's names (those from <paramref name="mark"/>);
        /// false to decline: a name spelt with an escape, one the object already has, or an object of many names.</summary>
        private bool Name(ref Utf8JsonReader r, ReadOnlySpan<byte> json, int mark)
        {
            var name = r.ValueSpan;
            if (r.ValueIsEscaped || _nameCount - mark >= 64)
            {
                return false;
            }

            for (var k = mark; k < _nameCount; k++)
            {
                if (_names[(2 * k) + 1] == name.Length && json.Slice(_names[2 * k], name.Length).SequenceEqual(name))
                {
                    return false;
                }
            }

            if ((2 * _nameCount) + 2 > _names.Length)
            {
                Array.Resize(ref _names, _names.Length * 2);
            }

            // A property name's token starts at its opening quote.
            _names[2 * _nameCount] = (int)r.TokenStartIndex + 1;
            _names[(2 * _nameCount) + 1] = name.Length;
            _nameCount++;
            return true;
        }

        private void Node()
        {
            if (++_nodes > owner.MaxNodes)
            {
                _tooLarge = true;
            }
        }

        private void Element(ref int count)
        {
            if (count++ == owner.MaxListElements)
            {
                _tooLarge = true;
            }
        }

        /// <summary>Whether the string the reader is on reads as text: not when an escape in it is a lone surrogate.</summary>
        private static bool Text(ref Utf8JsonReader r) => !r.ValueIsEscaped || !HasLoneSurrogate(r.ValueSpan);
    }

    /// <summary>Whether the raw (escaped) text of a JSON string holds a <c>\u</c> escape of a surrogate that is not half of a
    /// pair; the reader has checked the escapes' syntax.</summary>
    internal static bool HasLoneSurrogate(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length - 1; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                continue;
            }

            i++;
            if (raw[i] != (byte)'u' || i + 4 >= raw.Length)
            {
                continue;
            }

            var unit = Hex(raw.Slice(i + 1, 4));
            i += 4;
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return true;
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 6 >= raw.Length || raw[i + 1] != (byte)'\\' || raw[i + 2] != (byte)'u' || Hex(raw.Slice(i + 3, 4)) is < 0xDC00 or > 0xDFFF)
                {
                    return true;
                }

                i += 6;
            }
        }

        return false;
    }

    private static int Hex(ReadOnlySpan<byte> digits) =>
        int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : -1;
}
