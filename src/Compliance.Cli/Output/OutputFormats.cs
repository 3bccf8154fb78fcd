using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>Writes a stream of verdicts in one report format, verdict by verdict, and returns the counts.</summary>
internal interface IVerdictFormat
{
    /// <summary>Writes every verdict as it comes; never holds the batch.</summary>
    VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer);
}

/// <summary>The report formats of <c>check</c>.</summary>
internal static class OutputFormats
{
    public const string Text = "text";
    public const string Json = "json";
    public const string JsonLines = "jsonl";

    public static readonly string[] All = [Text, Json, JsonLines];

    public static IVerdictFormat Create(string name, VerdictDetail detail, bool trace) => name switch
    {
        Text => new TextFormat(detail, trace),
        Json => new JsonFormat(detail),
        JsonLines => new JsonLinesFormat(detail),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown format"),
    };
}

/// <summary>The documented JSON document: <c>{"schemaVersion", "verdicts", "summary"}</c>, indented.</summary>
internal sealed class JsonFormat(VerdictDetail detail) : IVerdictFormat
{
    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        VerdictSummary summary;
        using (var stream = new TextWriterStream(writer))
        using (var json = new System.Text.Json.Utf8JsonWriter(stream, VerdictJson.WriterOptions(indented: true)))
        {
            summary = VerdictJson.WriteDocument(json, verdicts, detail);
        }

        writer.Write('\n');
        return summary;
    }
}

/// <summary>JSON lines: one verdict object a line, no wrapper.</summary>
internal sealed class JsonLinesFormat(VerdictDetail detail) : IVerdictFormat
{
    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var summary = VerdictSummary.Empty;
        foreach (var verdict in verdicts)
        {
            writer.Write(VerdictJson.Serialize(verdict, detail));
            writer.Write('\n');
            summary = summary.Add(verdict.Outcome);
        }

        return summary;
    }
}
