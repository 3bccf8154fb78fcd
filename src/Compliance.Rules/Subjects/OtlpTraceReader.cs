using System.Globalization;
using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Files;
using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;

namespace Compliance.Rules.Subjects;

/// <summary>Reads OpenTelemetry trace exports in OTLP JSON (<c>{"resourceSpans": [...]}</c>, as the Collector's file exporter
/// writes them, one document per line or one per file): one <c>call</c> per span that carries the GenAI attributes of a
/// model call, read by <see cref="GenAiAttributes"/> and described by the <see cref="ModelCallMapping"/>, the same reading
/// the span auditor of <c>Compliance.Extensions.AI</c> applies to live spans.</summary>
/// <remarks>A span's id is its <c>spanId</c>, its source the file and the line its document starts on. A document that
/// cannot be read is one <c>indeterminate</c> input, and reading goes on with the next.</remarks>
internal sealed class OtlpTraceReader(ModelCallMapping mapping, int maxDepth)
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

    /// <summary>Whether a line of text opens a trace export.</summary>
    public static bool IsTraceDocument(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        return trimmed.StartsWith("{", StringComparison.Ordinal) && trimmed[1..].TrimStart().StartsWith("\"resourceSpans\"", StringComparison.Ordinal);
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

    /// <summary>The calls of one document, at <paramref name="line"/> of <paramref name="display"/>.</summary>
    public IReadOnlyList<SubjectInput> ReadDocument(ReadOnlySpan<byte> json, string display, int line)
    {
        var source = string.Create(CultureInfo.InvariantCulture, $"{display}:{line}");
        if (InputFiles.FirstInvalidUtf8(json) is { } invalid)
        {
            return [Broken(source, string.Create(CultureInfo.InvariantCulture, $"the trace document is not valid UTF-8 text at byte {invalid + 1}"))];
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                return [Broken(source, string.Create(CultureInfo.InvariantCulture,
                    $"malformed OTLP JSON: more text after the trace document at byte {reader.TokenStartIndex + 1}"))];
            }
        }
        catch (JsonException ex)
        {
            var at = ex.LineNumber is { } l && ex.BytePositionInLine is { } p
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + l}, column {p + 1}")
                : string.Empty;
            return [Broken(source, $"malformed OTLP JSON{at}: {FirstSentence(ex.Message)}")];
        }

        using (document)
        {
            var calls = new List<SubjectInput>();
            var problem = Calls(document.RootElement, source, calls);
            return problem is null ? calls : [.. calls, Broken(source, problem)];
        }
    }

    /// <summary>Adds the calls of a document's spans; the first problem with its shape, if any.</summary>
    private string? Calls(JsonElement root, string source, List<SubjectInput> calls)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resourceSpans", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            return "a trace document must be an object whose `resourceSpans` is a list";
        }

        var r = 0;
        foreach (var resource in resources.EnumerateArray())
        {
            if (resource.ValueKind != JsonValueKind.Object)
            {
                return $"`resourceSpans[{r}]` must be an object";
            }

            if (resource.TryGetProperty("scopeSpans", out var scopes))
            {
                if (scopes.ValueKind != JsonValueKind.Array)
                {
                    return $"`resourceSpans[{r}].scopeSpans` must be a list";
                }

                var s = 0;
                foreach (var scope in scopes.EnumerateArray())
                {
                    var at = $"resourceSpans[{r}].scopeSpans[{s}]";
                    if (scope.ValueKind != JsonValueKind.Object)
                    {
                        return $"`{at}` must be an object";
                    }

                    if (scope.TryGetProperty("spans", out var spans))
                    {
                        if (spans.ValueKind != JsonValueKind.Array)
                        {
                            return $"`{at}.spans` must be a list";
                        }

                        var i = 0;
                        foreach (var span in spans.EnumerateArray())
                        {
                            if (Call(span, $"{at}.spans[{i}]", source, out var problem) is { } call)
                            {
                                calls.Add(call);
                            }
                            else if (problem is not null)
                            {
                                return problem;
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
    private SubjectInput? Call(JsonElement span, string at, string source, out string? problem)
    {
        problem = null;
        if (span.ValueKind != JsonValueKind.Object)
        {
            problem = $"`{at}` must be an object";
            return null;
        }

        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (span.TryGetProperty("attributes", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                problem = $"`{at}.attributes` must be a list";
                return null;
            }

            foreach (var attribute in list.EnumerateArray())
            {
                if (attribute.ValueKind == JsonValueKind.Object && attribute.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                    && attribute.TryGetProperty("value", out var value))
                {
                    attributes[key.GetString()!] = Value(value);
                }
            }
        }

        var id = span.TryGetProperty("spanId", out var spanId) && spanId.ValueKind == JsonValueKind.String ? spanId.GetString() : null;
        var facts = GenAiAttributes.Read(name => attributes.GetValueOrDefault(name), string.IsNullOrEmpty(id) ? null : id, Start(span));
        if (facts is null)
        {
            return null;
        }

        var call = mapping.Describe(facts);
        return new SubjectInput { Subject = call, Kind = "call", Id = call.Id, Source = source };
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

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }

    /// <summary>The text's UTF-8 bytes, for a line read as text (standard input).</summary>
    public IReadOnlyList<SubjectInput> ReadDocument(string text, string display, int line) =>
        ReadDocument(Encoding.UTF8.GetBytes(text), display, line);
}
