using System.Text.Json;

namespace Compliance.Verdicts;

/// <summary>Writes and reads verdicts as the documented JSON (schema version <c>1</c>).</summary>
/// <remarks>Field names and order are a public contract: see the product specification, section 5. The writing is
/// <see cref="VerdictJsonWriter"/>'s (which also writes JSON lines for a batch), the reading <c>VerdictJsonReader</c>'s.
/// Thread-safe: every member is a pure function of its arguments.</remarks>
public static class VerdictJson
{
    /// <summary>The version of the JSON document this class writes.</summary>
    public const string SchemaVersion = "1";

    /// <summary>The writer options verdict JSON is written with: readable escaping (the output is not HTML) and <c>\n</c> line ends.</summary>
    /// <param name="indented">Whether to indent (for a document) or write one line (for JSON lines).</param>
    public static JsonWriterOptions WriterOptions(bool indented) => VerdictJsonWriter.Options(indented);

    /// <summary>Writes one verdict as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="verdict">The verdict.</param>
    /// <param name="detail">Which clauses to write. The outcome is written as it is, whatever the detail.</param>
    public static void WriteVerdict(Utf8JsonWriter writer, Verdict verdict, VerdictDetail detail = VerdictDetail.Full)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(verdict);
        VerdictJsonWriter.Write(writer, verdict, detail);
    }

    /// <summary>Writes the whole document, <c>{"schemaVersion", "verdicts", "summary"}</c>, writing each verdict as it comes.</summary>
    /// <remarks>Streams: <paramref name="verdicts"/> is enumerated once and no verdict is kept; the writer is
    /// flushed after each verdict so that a long batch does not pile up in its buffer.</remarks>
    /// <returns>The summary written at the end.</returns>
    public static VerdictSummary WriteDocument(Utf8JsonWriter writer, IEnumerable<Verdict> verdicts, VerdictDetail detail = VerdictDetail.Full)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(verdicts);

        var summary = VerdictSummary.Empty;
        writer.WriteStartObject();
        writer.WriteString("schemaVersion", SchemaVersion);
        writer.WriteStartArray("verdicts");
        foreach (var verdict in verdicts)
        {
            VerdictJsonWriter.Write(writer, verdict, detail);
            summary = summary.Add(verdict.Outcome);
            writer.Flush();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("summary");
        VerdictJsonWriter.WriteSummary(writer, summary);
        writer.WriteEndObject();
        writer.Flush();
        return summary;
    }

    /// <summary>Writes a summary object: <c>subjects</c>, then a count for each outcome, most severe first.</summary>
    public static void WriteSummary(Utf8JsonWriter writer, VerdictSummary summary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);
        VerdictJsonWriter.WriteSummary(writer, summary);
    }

    /// <summary>Serializes one verdict as a one-line JSON object.</summary>
    public static string Serialize(Verdict verdict, VerdictDetail detail = VerdictDetail.Full)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return VerdictJsonWriter.Serialize(verdict, detail);
    }

    /// <summary>Reads one verdict from its JSON object, as <see cref="Serialize"/> writes it.</summary>
    /// <remarks>Unknown fields are ignored. Whole numbers in facts come back as <see cref="long"/>, other numbers as
    /// <see cref="double"/>, lists as read-only lists of values, and maps as read-only dictionaries of
    /// <c>string</c> to <c>string</c> (or to <c>object?</c> when a value is not text), sorted by key.</remarks>
    /// <exception cref="JsonException">The text is not JSON, or not a verdict.</exception>
    public static Verdict Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return VerdictJsonReader.ReadVerdict(document.RootElement);
    }

    /// <summary>Reads one verdict from the reader's current JSON object, leaving the reader on its end.</summary>
    /// <exception cref="JsonException">The value is not a verdict.</exception>
    public static Verdict ReadVerdict(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return VerdictJsonReader.ReadVerdict(document.RootElement);
    }

    /// <summary>Reads one verdict from a JSON object.</summary>
    /// <exception cref="JsonException">The value is not a verdict.</exception>
    public static Verdict ReadVerdict(JsonElement element) => VerdictJsonReader.ReadVerdict(element);
}
