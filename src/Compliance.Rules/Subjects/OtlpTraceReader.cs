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
            var lines = new List<(byte[] Bytes, int Number, bool TooLong)>();
            var bytes = 0;
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
                        foreach (var batch in ReadWholeFile(full, display, maxFileBytes))
                        {
                            yield return batch;
                        }

                        yield break;
                    }
                }

                lines.Add((line.ToArray(), number, tooLong));
                bytes += length;
                if (lines.Count == LineBatchBuilder.MaxLines || bytes >= LineBatchBuilder.MaxBytes)
                {
                    yield return Batch(lines, display, maxLineLength);
                    lines = [];
                    bytes = 0;
                }
            }

            if (lines.Count > 0)
            {
                yield return Batch(lines, display, maxLineLength);
            }
        }
    }

    private SubjectBatch Batch(List<(byte[] Bytes, int Number, bool TooLong)> lines, string display, int maxLineLength) =>
        new(lines.Count, () =>
        {
            var inputs = new List<SubjectInput>();
            foreach (var (bytes, number, tooLong) in lines)
            {
                if (tooLong)
                {
                    inputs.Add(Broken(string.Create(CultureInfo.InvariantCulture, $"{display}:{number}"),
                        $"the line is longer than the limit of {maxLineLength} characters"));
                }
                else if (!bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
                {
                    inputs.AddRange(ReadDocument(bytes, display, number));
                }
            }

            return inputs;
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
    public IReadOnlyList<SubjectInput> ReadDocument(ReadOnlyMemory<byte> json, string display, int line)
    {
        var source = Source(display, line);
        if (InputFiles.FirstInvalidUtf8(json.Span) is { } invalid)
        {
            return [Broken(source, string.Create(CultureInfo.InvariantCulture, $"the trace document is not valid UTF-8 text at byte {invalid + 1}"))];
        }

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
                    var at = $"resourceSpans[{r}].scopeSpans[{s}]";
                    if (scope.ValueKind != JsonValueKind.Object)
                    {
                        return Broken(source, $"`{at}` must be an object");
                    }

                    if (scope.TryGetProperty("spans", out var spans))
                    {
                        if (spans.ValueKind != JsonValueKind.Array)
                        {
                            return Broken(source, $"`{at}.spans` must be a list");
                        }

                        var i = 0;
                        foreach (var span in spans.EnumerateArray())
                        {
                            var spanSource = lines is not null && span.ValueKind == JsonValueKind.Object ? Source(display, lines[n++]) : source;
                            if (Call(span, $"{at}.spans[{i}]", spanSource, out var problem) is { } call)
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

    /// <summary>The call of one span; <see langword="null"/> when the span is not a model call, or, with
    /// <paramref name="problem"/> set, when it cannot be read.</summary>
    /// <remarks>Only the attributes the reading asks for are looked up (a span may carry many others), each in one pass over
    /// the list; a span that is a call is then held to the limits of a subject.</remarks>
    private SubjectInput? Call(JsonElement span, string at, string source, out string? problem)
    {
        problem = null;
        if (span.ValueKind != JsonValueKind.Object)
        {
            problem = $"`{at}` must be an object";
            return null;
        }

        var list = default(JsonElement);
        if (span.TryGetProperty("attributes", out list) && list.ValueKind != JsonValueKind.Array)
        {
            problem = $"`{at}.attributes` must be a list";
            return null;
        }

        ModelCallFacts? facts;
        string? repeated = null;
        try
        {
            var id = span.TryGetProperty("spanId", out var spanId) && spanId.ValueKind == JsonValueKind.String ? spanId.GetString() : null;
            facts = GenAiAttributes.Read(name => Attribute(list, name, ref repeated), string.IsNullOrEmpty(id) ? null : id, Start(span));
            problem = facts is null ? null
                : repeated is not null ? $"`{at}.attributes` holds `{repeated}` more than once"
                : JsonElementTree.Check(span, maxNodes, maxListElements);
        }
        catch (InvalidOperationException ex)
        {
            // A string escape that is not valid UTF-16, such as a lone `\uD800`, parses but cannot be read as text.
            problem = $"malformed OTLP JSON: {ExceptionText.FirstSentenceAsClause(ex.Message)}";
            return null;
        }

        if (facts is null || problem is not null)
        {
            return null;
        }

        var call = mapping.Describe(facts);
        return new SubjectInput { Subject = call, Kind = "call", Id = call.Id, Source = source };
    }

    /// <summary>The value of the attribute named <paramref name="name"/> in an OTLP attribute list, <see langword="null"/>
    /// when absent; a name the list holds twice is set in <paramref name="repeated"/> (a reader taking the first and one
    /// taking the last would judge different calls).</summary>
    private static object? Attribute(JsonElement list, string name, ref string? repeated)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        object? found = null;
        var seen = false;
        foreach (var attribute in list.EnumerateArray())
        {
            if (attribute.ValueKind == JsonValueKind.Object && attribute.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                && key.ValueEquals(name))
            {
                if (seen)
                {
                    repeated ??= name;
                    break;
                }

                seen = true;
                found = attribute.TryGetProperty("value", out var value) ? Value(value) : null;
            }
        }

        return found;
    }

    /// <summary>An OTLP <c>AnyValue</c> as the attribute reading takes it: text, a whole number, a number, a flag; else null.</summary>
    private static object? Value(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "stringValue" when property.Value.ValueKind == JsonValueKind.String:
                    return property.Value.GetString();
                case "intValue" when property.Value.ValueKind == JsonValueKind.String:
                    // Int64 values are strings in OTLP JSON; some writers give numbers.
                    return long.TryParse(property.Value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
                case "intValue" when property.Value.ValueKind == JsonValueKind.Number:
                    return property.Value.TryGetInt64(out var whole) ? whole : null;
                case "doubleValue" when property.Value.ValueKind == JsonValueKind.Number:
                    return property.Value.GetDouble();
                case "boolValue" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    return property.Value.GetBoolean();
            }
        }

        return null;
    }

    /// <summary>The span's start, from <c>startTimeUnixNano</c> (a string or a number of nanoseconds since 1970).</summary>
    private static DateTimeOffset? Start(JsonElement span)
    {
        if (!span.TryGetProperty("startTimeUnixNano", out var start))
        {
            return null;
        }

        ulong nanos;
        if (start.ValueKind == JsonValueKind.String && ulong.TryParse(start.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var text))
        {
            nanos = text;
        }
        else if (start.ValueKind == JsonValueKind.Number && start.TryGetUInt64(out var number))
        {
            nanos = number;
        }
        else
        {
            return null;
        }

        var ticks = (long)(nanos / 100);
        return ticks <= DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks
            ? DateTimeOffset.UnixEpoch.AddTicks(ticks)
            : null;
    }

    private static SubjectInput Broken(string source, string message) =>
        new() { Source = source, Kind = "call", Errors = [new SubjectError(null, message)] };

    private static string Source(string display, int line) => string.Create(CultureInfo.InvariantCulture, $"{display}:{line}");
}
