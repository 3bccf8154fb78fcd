using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>Writes a stream of verdicts in one report format, verdict by verdict, and returns the counts.</summary>
internal interface IVerdictFormat
{
    /// <summary>Writes every verdict as it comes; never holds the batch.</summary>
    VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer);

    /// <summary>Judges the run's batches and writes the report; by default, the verdicts one at a time as they come.</summary>
    VerdictSummary Write(CheckRun run, TextWriter writer) => Write(run.Verdicts(), writer);

    /// <summary>Which clauses of a verdict the report reads: <see cref="VerdictDetail.Failing"/> when it writes and counts
    /// none but the failing ones (<c>violated</c>, <c>error</c>), so that <c>check</c> judges at that detail
    /// (<see cref="Compliance.Evaluation.EvaluationOptions.Detail"/>) and builds no result the report would pass over;
    /// <see cref="VerdictDetail.Full"/> when it shows a satisfied, exempt, waived or traced clause.</summary>
    VerdictDetail Reads { get; }
}

/// <summary>What a report format may need besides the verdicts.</summary>
internal sealed record FormatOptions
{
    /// <summary>The rule set the verdicts come from (SARIF lists its clauses as rules).</summary>
    public required RuleSet RuleSet { get; init; }

    /// <summary>Which clauses of each verdict the JSON formats write. The default is <see cref="VerdictDetail.Full"/>.</summary>
    public VerdictDetail Detail { get; init; }

    /// <summary>Whether verdicts carry the clauses that did not apply (the text format lists them).</summary>
    public bool Trace { get; init; }

    /// <summary>The least severe outcome that fails the run; <see langword="null"/> for <c>--fail-on none</c>.</summary>
    public Outcome? FailOn { get; init; } = Outcome.Indeterminate;

    /// <summary>How file paths are written.</summary>
    public ReportPaths Paths { get; init; } = ReportPaths.Current();

    /// <summary>The date every subject is judged as of (<c>--as-of</c>); <see langword="null"/> for each subject's own.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The date a subject without a timestamp is judged as of, when <see cref="AsOf"/> is not given: today (UTC)
    /// by the command's clock.</summary>
    public DateOnly Today { get; init; }

    /// <summary>Whether the text format colours outcomes (a terminal, with colour not turned off). The default is off.</summary>
    public bool Color { get; init; }

    /// <summary>The clock JUnit's <c>timestamp</c> and <c>time</c> are read from. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Whether a verdict fails the run.</summary>
    public bool Fails(Verdict verdict) => FailOn is { } threshold && verdict.IsAtOrAbove(threshold);
}

/// <summary>The report formats of <c>check</c>.</summary>
internal static class OutputFormats
{
    public const string Text = "text";
    public const string Json = "json";
    public const string JsonLines = "jsonl";
    public const string Sarif = "sarif";
    public const string JUnit = "junit";
    public const string GitHub = "github";
    public const string Markdown = "markdown";
    public const string CodeQuality = "codequality";

    public static readonly string[] All = [Text, Json, JsonLines, Sarif, JUnit, GitHub, Markdown, CodeQuality];

    public static IVerdictFormat Create(string name, FormatOptions options) => name switch
    {
        Text => new TextFormat(options),
        Json => new JsonFormat(options.Detail),
        JsonLines => new JsonLinesFormat(options.Detail),
        Sarif => new SarifFormat(options),
        JUnit => new JUnitFormat(options),
        GitHub => new GitHubFormat(options),
        Markdown => new MarkdownFormat(options),
        CodeQuality => new CodeQualityFormat(options),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown format"),
    };
}

/// <summary>The documented JSON document: <c>{"schemaVersion", "verdicts", "summary"}</c>, indented.</summary>
internal sealed class JsonFormat(VerdictDetail detail) : IVerdictFormat
{
    public VerdictDetail Reads => detail;

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
/// <remarks>In a run, each worker writes its batch's verdict lines into a buffer of its own
/// (<see cref="VerdictJsonWriter.Encode"/>) and the buffers are copied to the output in input order: no string per
/// verdict, and the main thread only copies bytes.</remarks>
internal sealed class JsonLinesFormat(VerdictDetail detail) : IVerdictFormat
{
    private readonly VerdictJsonWriter _lines = new(detail);

    public VerdictDetail Reads => detail;

    /// <summary>Writes each verdict as it comes, through the same writer the run's workers use.</summary>
    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var counted = new CountedVerdicts(verdicts);
        foreach (var verdict in counted)
        {
            using (var line = _lines.Encode([verdict]))
            {
                line.WriteTo(writer);
            }
        }

        return counted.Summary;
    }

    public VerdictSummary Write(CheckRun run, TextWriter writer)
    {
        var summary = VerdictSummary.Empty;
        foreach (var batch in run.Judge(_lines.Encode))
        {
            using (batch.Encoded)
            {
                batch.Encoded.WriteTo(writer);
            }

            summary = summary.Plus(batch.Summary);
        }

        return summary;
    }
}
