using System.Globalization;
using System.Text;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>GitHub Actions workflow commands: one annotation per failing clause, at the subject's file and line.</summary>
/// <remarks>
/// <code>
/// ::error file=samples/subjects/calls.jsonl,line=2,title=msft-openai/azure-stateless-exclusivity (2.1)::Stateless OpenAI call to gpt-5 runs on AWS, not Azure%0Afix: Route the call through an Azure OpenAI endpoint.
/// </code>
/// <c>::error</c> for a violated clause with effect <c>violation</c> and for a clause that could not be evaluated,
/// <c>::warning</c> for <c>review</c>, <c>::notice</c> for <c>warning</c>; an invalid subject is one <c>::error</c>
/// per problem. Values are escaped as the runner unescapes them: <c>%</c>, CR and LF everywhere, and <c>:</c> and
/// <c>,</c> in properties. A subject from standard input has no file: its annotations carry none. The report ends
/// with the summary line, which the runner prints as it is.
/// </remarks>
internal sealed class GitHubFormat(FormatOptions options) : IVerdictFormat
{
    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var summary = VerdictSummary.Empty;
        var line = new StringBuilder();
        foreach (var verdict in verdicts)
        {
            var position = verdict.Source is { } source ? SourcePosition.Parse(source) : (SourcePosition?)null;
            foreach (var error in verdict.Errors)
            {
                Command(line, "error", position, $"invalid subject {verdict.Subject}", FailingClauses.Describe(error));
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

                Command(line, command, position, title, message);
            }

            writer.Write(line);
            line.Clear();
            summary = summary.Add(verdict.Outcome);
        }

        writer.Write(TextFormat.SummaryLine(summary));
        writer.Write('\n');
        return summary;
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

    /// <summary>Escapes a command's message: <c>%</c>, CR and LF.</summary>
    internal static string EscapeData(string text) => text
        .Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a command's property value: as a message, and also <c>:</c> and <c>,</c>.</summary>
    internal static string EscapeProperty(string text) => EscapeData(text)
        .Replace(":", "%3A", StringComparison.Ordinal)
        .Replace(",", "%2C", StringComparison.Ordinal);
}
