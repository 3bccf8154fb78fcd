using System.Globalization;
using System.Text;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>GitHub Actions workflow commands: one annotation per failing clause, at the subject's file and line, at most
/// <see cref="MaxPerLevel"/> of each level.</summary>
/// <remarks>
/// <code>
/// ::error file=samples/subjects/calls.jsonl,line=2,title=msft-openai/azure-stateless-exclusivity (2.1)::Stateless OpenAI call to gpt-5 runs on AWS, not Azure%0Afix: Route the call through an Azure OpenAI endpoint.
/// </code>
/// <para><c>::error</c> for a violated clause with effect <c>violation</c> and for a clause that could not be evaluated,
/// <c>::warning</c> for <c>review</c>, <c>::notice</c> for <c>warning</c>; an invalid subject is one <c>::error</c>
/// per problem. A subject from standard input has no file: its annotations carry none.</para>
/// <para>GitHub shows at most 10 annotations of each level per step and drops the rest: past <see cref="MaxPerLevel"/>
/// of a level, a finding is written as a plain log line (<c>error: file:line: title: message</c>), and one last
/// <c>::notice</c> counts them and says where they are. The report ends with the summary line.</para>
/// <para>No line but the intended commands can begin with <c>::</c>: values are escaped as the runner unescapes them
/// (<c>%</c>, CR and LF everywhere, and <c>:</c> and <c>,</c> in properties), other control characters are written
/// as <c>\uXXXX</c>, and plain lines begin with the level.</para>
/// </remarks>
internal sealed class GitHubFormat(FormatOptions options, int maxPerLevel = GitHubFormat.MaxPerLevel) : IVerdictFormat
{
    /// <summary>The most annotations of one level GitHub shows for a step.</summary>
    public const int MaxPerLevel = 10;

    private static readonly string[] Levels = ["error", "warning", "notice"];

    /// <summary>Only the failing clauses, at either detail and with or without <c>--trace</c>.</summary>
    public VerdictDetail Reads => VerdictDetail.Failing;

    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var counted = new CountedVerdicts(verdicts);
        var written = new Dictionary<string, int>(StringComparer.Ordinal);
        var omitted = new Dictionary<string, int>(StringComparer.Ordinal);
        var line = new StringBuilder();
        foreach (var verdict in counted)
        {
            var position = verdict.Source is { } source ? SourcePosition.Parse(source) : (SourcePosition?)null;
            foreach (var error in verdict.Errors)
            {
                Finding(line, "error", position, $"invalid subject {verdict.Subject}", FailingClauses.Describe(error), written, omitted);
            }

            foreach (var clause in FailingClauses.Of(verdict))
            {
                var command = clause.Status == ClauseStatus.Error ? "error" : clause.Effect switch
                {
                    Model.Effect.Violation => "error",
                    Model.Effect.Review => "warning",
                    _ => "notice",
                };
                var title = clause.Section is { Length: > 0 } section ? $"{clause.Id} ({section})" : clause.Id;
                var message = FailingClauses.Message(clause);
                if (clause.Remediation is { Length: > 0 } remediation)
                {
                    message += "\nfix: " + remediation.Trim();
                }

                Finding(line, command, position, title, message, written, omitted);
            }

            writer.Write(line);
            line.Clear();
        }

        if (omitted.Count > 0)
        {
            var total = omitted.Values.Sum();
            var parts = Levels.Where(omitted.ContainsKey).Select(level => Count(omitted[level], level)).ToArray();
            var counts = parts.Length == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " and " + parts[^1];
            line.Append("::notice title=").Append(EscapeProperty($"{Count(total, "more finding")} not annotated")).Append("::")
                .Append(EscapeData(string.Create(CultureInfo.InvariantCulture,
                    $"GitHub shows at most {maxPerLevel} annotations of each level per step; the other {counts} are listed as plain lines in this step's log, and every finding is in the `sarif`, `junit`, `markdown` and `codequality` reports")))
                .Append('\n');
            writer.Write(line);
        }

        writer.Write(TextFormat.SummaryLine(counted.Summary));
        writer.Write('\n');
        return counted.Summary;
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private void Finding(StringBuilder line, string level, SourcePosition? position, string title, string message,
        Dictionary<string, int> written, Dictionary<string, int> omitted)
    {
        var count = written.GetValueOrDefault(level);
        if (count < maxPerLevel)
        {
            written[level] = count + 1;
            Command(line, level, position, title, message);
            return;
        }

        omitted[level] = omitted.GetValueOrDefault(level) + 1;
        line.Append(level).Append(": ");
        if (position is { IsFile: true } place)
        {
            line.Append(TextEscaper.Escape(FailingClauses.OneLine(options.Paths.Display(place.File))));
            if (place.Line is { } number)
            {
                line.Append(':').Append(number.ToString(CultureInfo.InvariantCulture));
            }

            line.Append(": ");
        }

        line.Append(TextEscaper.Escape(FailingClauses.OneLine(title))).Append(": ")
            .Append(TextEscaper.Escape(FailingClauses.OneLine(message))).Append('\n');
    }

    private void Command(StringBuilder line, string command, SourcePosition? position, string title, string message)
    {
        line.Append("::").Append(command).Append(' ');
        if (position is { IsFile: true } place)
        {
            line.Append("file=").Append(EscapeProperty(options.Paths.Display(place.File))).Append(',');
            if (place.Line is { } number)
            {
                line.Append("line=").Append(number.ToString(CultureInfo.InvariantCulture)).Append(',');
            }
        }

        line.Append("title=").Append(EscapeProperty(title)).Append("::").Append(EscapeData(message)).Append('\n');
    }

    /// <summary>Escapes a command's message: <c>%</c>, CR and LF as the runner unescapes them, and any other control
    /// character as <c>\uXXXX</c>.</summary>
    internal static string EscapeData(string text) => TextEscaper.Escape(text
        .Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal));

    /// <summary>Escapes a command's property value: as a message, and also <c>:</c> and <c>,</c>.</summary>
    internal static string EscapeProperty(string text) => EscapeData(text)
        .Replace(":", "%3A", StringComparison.Ordinal)
        .Replace(",", "%2C", StringComparison.Ordinal);
}
