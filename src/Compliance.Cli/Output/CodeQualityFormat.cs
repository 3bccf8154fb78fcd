using System.Text.Json;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>A GitLab Code Quality severity.</summary>
internal enum CodeQualitySeverity
{
    /// <summary><c>info</c></summary>
    Info,

    /// <summary><c>minor</c></summary>
    Minor,

    /// <summary><c>major</c></summary>
    Major,

    /// <summary><c>critical</c></summary>
    Critical,

    /// <summary><c>blocker</c></summary>
    Blocker,
}

/// <summary>One finding of a GitLab Code Quality report.</summary>
/// <param name="Description">What was found, one line.</param>
/// <param name="CheckName">The clause id, rule id or diagnostic code.</param>
/// <param name="Fingerprint">A stable identity of the finding across runs.</param>
/// <param name="Severity">How much it weighs.</param>
/// <param name="Path">The file, relative to the repository's root where it is under the working directory.</param>
/// <param name="Line">The 1-based line.</param>
internal sealed record CodeQualityIssue(string Description, string CheckName, string Fingerprint, CodeQualitySeverity Severity, string Path, int Line);

/// <summary>Writes a GitLab Code Quality report (a JSON array of issues), streaming: each issue as it comes.</summary>
internal sealed class CodeQualityWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly TextWriterStream _stream;
    private readonly Utf8JsonWriter _json;

    public CodeQualityWriter(TextWriter writer)
    {
        _writer = writer;
        _stream = new TextWriterStream(writer);
        _json = new Utf8JsonWriter(_stream, VerdictJson.WriterOptions(indented: true));
        _json.WriteStartArray();
    }

    /// <summary>The report's spelling of a severity.</summary>
    public static string Name(CodeQualitySeverity severity) => severity switch
    {
        CodeQualitySeverity.Info => "info",
        CodeQualitySeverity.Minor => "minor",
        CodeQualitySeverity.Major => "major",
        CodeQualitySeverity.Critical => "critical",
        CodeQualitySeverity.Blocker => "blocker",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    public void Write(CodeQualityIssue issue)
    {
        _json.WriteStartObject();
        _json.WriteString("description", issue.Description);
        _json.WriteString("check_name", issue.CheckName);
        _json.WriteString("fingerprint", issue.Fingerprint);
        _json.WriteString("severity", Name(issue.Severity));
        _json.WriteStartObject("location");
        _json.WriteString("path", issue.Path);
        _json.WriteStartObject("lines");
        _json.WriteNumber("begin", Math.Max(1, issue.Line));
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
    }

    /// <summary>Closes the array and ends the text with a line break.</summary>
    public void WriteEnd()
    {
        _json.WriteEndArray();
        _json.Flush();
        _writer.Write('\n');
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }
}

/// <summary>GitLab Code Quality for <c>check</c>: one issue per violated, error, review or warning clause of each
/// subject, and one per invalid subject, at the subject's file and line.</summary>
/// <remarks>
/// Severities: a violated clause with effect <c>violation</c> is <c>critical</c>; a clause that could not be evaluated
/// and an invalid subject (both make the verdict indeterminate) are <c>major</c>; <c>review</c> is <c>minor</c>;
/// <c>warning</c> is <c>info</c>. The fingerprint is <see cref="Fingerprints.OfFinding"/>: the same subject and clause
/// give the same fingerprint in every run, so GitLab tells new findings from old. A subject from standard input has
/// no file: its issues are located at the clause's line in its rule file, and an invalid one at <c>-</c> and its line.
/// </remarks>
internal sealed class CodeQualityFormat(FormatOptions options) : IVerdictFormat
{
    /// <summary>Only the failing clauses, at either detail and with or without <c>--trace</c>.</summary>
    public VerdictDetail Reads => VerdictDetail.Failing;

    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var counted = new CountedVerdicts(verdicts);
        using var report = new CodeQualityWriter(writer);
        foreach (var verdict in counted)
        {
            var position = verdict.Source is { } source ? SourcePosition.Parse(source) : new SourcePosition(SourcePosition.StandardInput, null);
            var subjectPath = position.IsFile ? options.Paths.Display(position.File) : null;
            if (verdict.Errors.Count > 0)
            {
                var problems = string.Join("; ", verdict.Errors.Select(e => FailingClauses.OneLine(FailingClauses.Describe(e))));
                report.Write(new CodeQualityIssue(
                    $"subject `{FailingClauses.OneLine(verdict.Subject)}` is invalid: {problems}",
                    SarifFormat.InvalidSubjectRuleId,
                    Fingerprints.OfFinding(verdict, options.Paths, SarifFormat.InvalidSubjectRuleId),
                    CodeQualitySeverity.Major,
                    subjectPath ?? SourcePosition.StandardInput,
                    position.Line ?? 1));
            }

            foreach (var clause in FailingClauses.Of(verdict))
            {
                var clausePlace = SourcePosition.Parse(clause.Source);
                var section = clause.Section is { Length: > 0 } s ? $" §{s}" : string.Empty;
                report.Write(new CodeQualityIssue(
                    $"{FailingClauses.OneLine(FailingClauses.Message(clause))} (subject `{FailingClauses.OneLine(verdict.Subject)}`, clause `{clause.Id}`{section})",
                    clause.Id,
                    Fingerprints.OfFinding(verdict, options.Paths, clause.Id),
                    SeverityOf(clause),
                    subjectPath ?? options.Paths.Display(clausePlace.File),
                    (subjectPath is null ? clausePlace.Line : position.Line) ?? 1));
            }
        }

        report.WriteEnd();
        return counted.Summary;
    }

    /// <summary>The severity of a failing clause.</summary>
    public static CodeQualitySeverity SeverityOf(ClauseResult clause) => clause.Status == ClauseStatus.Error
        ? CodeQualitySeverity.Major
        : clause.Effect switch
        {
            Model.Effect.Violation => CodeQualitySeverity.Critical,
            Model.Effect.Review => CodeQualitySeverity.Minor,
            _ => CodeQualitySeverity.Info,
        };
}
