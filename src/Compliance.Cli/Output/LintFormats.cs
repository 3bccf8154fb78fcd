using System.Reflection;
using System.Text.Json;
using Compliance.Cli.Commands;
using Compliance.Cli.Output.Sarif;
using Compliance.Rules.Diagnostics;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>The report formats of <c>lint</c>: compiler-style text, a versioned JSON document, SARIF 2.1.0 and GitLab Code Quality.</summary>
internal static class LintFormats
{
    public const string Text = "text";
    public const string Json = "json";
    public const string Sarif = "sarif";
    public const string CodeQuality = "codequality";

    /// <summary>The run's <c>automationDetails.id</c>: GitHub code scanning's category <c>compliance/lint</c>, apart from
    /// <c>check</c>'s, so that uploading one does not close the other's alerts.</summary>
    public const string AutomationId = "compliance/lint/";

    /// <summary>The version of the JSON document <c>lint --format json</c> writes.</summary>
    public const string SchemaVersion = "1";

    public static readonly string[] All = [Text, Json, Sarif, CodeQuality];

    /// <summary>Diagnostic codes by value, named as <see cref="DiagnosticCodes"/> names them (<c>UnknownPath</c>).</summary>
    private static readonly Dictionary<string, string> CodeNames = typeof(DiagnosticCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .ToDictionary(f => (string)f.GetRawConstantValue()!, f => f.Name, StringComparer.Ordinal);

    /// <summary>Writes the report in one of the machine formats (<see cref="Json"/>, <see cref="Sarif"/>).</summary>
    public static void Write(string format, LintReport report, TextWriter writer)
    {
        switch (format)
        {
            case Json:
                WriteJson(report, writer);
                break;
            case Sarif:
                WriteSarif(report, ReportPaths.Current(), writer);
                break;
            case CodeQuality:
                WriteCodeQuality(report, ReportPaths.Current(), writer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format");
        }
    }

    /// <summary>The closing line: <c>2 errors, 1 warning</c>.</summary>
    public static string CountLine(LintReport report) =>
        $"{DiagnosticText.Count(report.Errors, "error")}, {DiagnosticText.Count(report.Warnings, "warning")}";

    /// <summary>Writes the text report: the diagnostics in compiler style, then <see cref="CountLine"/>.</summary>
    public static void WriteText(LintReport report, SafeText text)
    {
        foreach (var diagnostic in report.Diagnostics)
        {
            DiagnosticText.Write(text, diagnostic);
        }

        if (report.Diagnostics.Count > 0)
        {
            text.BlankLine();
        }

        text.Line(CountLine(report));
    }

    private static void WriteJson(LintReport report, TextWriter writer)
    {
        using (var stream = new TextWriterStream(writer))
        using (var json = new Utf8JsonWriter(stream, VerdictJson.WriterOptions(indented: true)))
        {
            json.WriteStartObject();
            json.WriteString("schemaVersion", SchemaVersion);
            json.WriteStartArray("diagnostics");
            foreach (var diagnostic in report.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("code", diagnostic.Code);
                json.WriteString("severity", DiagnosticText.Severity(diagnostic.Severity));
                json.WriteString("file", diagnostic.File);
                json.WriteNumber("line", diagnostic.Line);
                json.WriteNumber("column", diagnostic.Column);
                json.WriteString("message", diagnostic.Message);
                json.WriteString("hint", diagnostic.Hint);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("errors", report.Errors);
            json.WriteNumber("warnings", report.Warnings);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        writer.Write('\n');
    }

    /// <summary>One rule per code that occurs (id = code, with the catalogue's description, help and link), one result
    /// per diagnostic, located at its file, line and column, with a fingerprint of its file, code and message (see
    /// <see cref="Fingerprints.OfDiagnostic"/>). At most <see cref="SarifWriter.MaxResults"/> results, as for <c>check</c>.</summary>
    internal static void WriteSarif(LintReport report, ReportPaths paths, TextWriter writer, int maxResults = SarifWriter.MaxResults)
    {
        var codes = report.Diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal).ToArray();
        var rules = codes.Select(code => RuleOf(code, report.Diagnostics.First(d => d.Code == code))).ToArray();

        using var sarif = new SarifWriter(writer, maxResults);
        sarif.WriteStart(SarifFormat.Tool, rules, new SarifAutomation(AutomationId));
        foreach (var d in report.Diagnostics)
        {
            var file = paths.Display(d.File);
            sarif.WriteResult(new SarifResult(d.Code, LevelOf(d.Severity), d.Hint is null ? d.Message : $"{d.Message} ({d.Hint})")
            {
                RuleIndex = Array.IndexOf(codes, d.Code),
                Locations = [new SarifLocation(paths.Uri(d.File), Math.Max(1, d.Line), Math.Max(1, d.Column))],
                PartialFingerprints = [new(Fingerprints.SubjectClause, Fingerprints.OfDiagnostic(file, d))],
            });
        }

        sarif.WriteEnd("`--format json` lists every diagnostic");
    }

    /// <summary>A code's rule: the catalogue's meaning as its descriptions, its example and fix as its help, and a link to
    /// its row. A code the catalogue does not know (a newer library than the tool) is described by its first message.</summary>
    private static SarifRule RuleOf(string code, Diagnostic first)
    {
        var helpUri = DiagnosticCatalogue.HelpUri(code);
        var name = CodeNames.GetValueOrDefault(code);
        if (DiagnosticCatalogue.Find(code) is not { } entry)
        {
            return new SarifRule(code)
            {
                Name = name,
                ShortDescription = DiagnosticEntry.Sentence(first.Message, period: false),
                FullDescription = DiagnosticEntry.Sentence(first.Message),
                Help = $"{DiagnosticEntry.Sentence(first.Hint ?? "see the diagnostics reference")} {DiagnosticCatalogue.PageUri}",
                HelpUri = helpUri,
                DefaultLevel = LevelOf(first.Severity),
            };
        }

        return new SarifRule(code)
        {
            Name = name,
            ShortDescription = entry.Short,
            FullDescription = DiagnosticEntry.Sentence(entry.Meaning),
            Help = $"Fix: {entry.Fix}\nExample: {entry.Example}\nSee {helpUri}",
            HelpMarkdown = $"**Fix:** {entry.Fix}\n\n**Example:** {entry.Example}\n\n[{code} in the diagnostics reference]({helpUri})",
            HelpUri = helpUri,
            DefaultLevel = LevelOf(first.Severity),
        };
    }

    /// <summary>GitLab Code Quality: one issue per diagnostic, at its file and line; an error is <c>critical</c> (the
    /// rule set does not load), a warning <c>minor</c>, and a note or CMP0101 (what the analysis could not reason about) <c>info</c>.</summary>
    private static void WriteCodeQuality(LintReport report, ReportPaths paths, TextWriter writer)
    {
        using var quality = new CodeQualityWriter(writer);
        foreach (var d in report.Diagnostics)
        {
            var file = paths.Display(d.File);
            var severity = d.Severity == DiagnosticSeverity.Error ? CodeQualitySeverity.Critical
                : d.Severity == DiagnosticSeverity.Info || d.Code == DiagnosticCodes.NotAnalysed ? CodeQualitySeverity.Info
                : CodeQualitySeverity.Minor;
            quality.Write(new CodeQualityIssue(
                $"{d.Code}: {(d.Hint is null ? d.Message : $"{d.Message} ({d.Hint})")}",
                d.Code,
                Fingerprints.OfDiagnostic(file, d),
                severity,
                file,
                d.Line));
        }

        quality.WriteEnd();
    }

    private static SarifLevel LevelOf(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => SarifLevel.Error,
        DiagnosticSeverity.Warning => SarifLevel.Warning,
        _ => SarifLevel.Note,
    };
}
