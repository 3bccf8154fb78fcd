using System.Reflection;
using System.Text.Json;
using Compliance.Cli.Commands;
using Compliance.Cli.Output.Sarif;
using Compliance.Rules.Diagnostics;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>The report formats of <c>lint</c>: compiler-style text, a versioned JSON document, and SARIF 2.1.0.</summary>
internal static class LintFormats
{
    public const string Text = "text";
    public const string Json = "json";
    public const string Sarif = "sarif";

    /// <summary>The version of the JSON document <c>lint --format json</c> writes.</summary>
    public const string SchemaVersion = "1";

    public static readonly string[] All = [Text, Json, Sarif];

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

    /// <summary>One rule per code that occurs (id = code), one result per diagnostic, located at its file, line and column.</summary>
    private static void WriteSarif(LintReport report, ReportPaths paths, TextWriter writer)
    {
        var codes = report.Diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal).ToArray();
        var rules = codes.Select(code => new SarifRule(code)
        {
            Name = CodeNames.GetValueOrDefault(code),
            HelpUri = $"{ToolInfo.InformationUri}/blob/main/docs/diagnostics.md",
            DefaultLevel = LevelOf(report.Diagnostics.First(d => d.Code == code).Severity),
        }).ToArray();

        using var sarif = new SarifWriter(writer);
        sarif.WriteStart(new SarifTool(ToolInfo.Name, ToolInfo.ReleaseVersion, ToolInfo.InformationUri), rules);
        foreach (var d in report.Diagnostics)
        {
            sarif.WriteResult(new SarifResult(d.Code, LevelOf(d.Severity), d.Hint is null ? d.Message : $"{d.Message} ({d.Hint})")
            {
                RuleIndex = Array.IndexOf(codes, d.Code),
                Locations = [new SarifLocation(paths.Uri(d.File), Math.Max(1, d.Line), Math.Max(1, d.Column))],
            });
        }

        sarif.WriteEnd();
    }

    private static SarifLevel LevelOf(DiagnosticSeverity severity) =>
        severity == DiagnosticSeverity.Error ? SarifLevel.Error : SarifLevel.Warning;
}
