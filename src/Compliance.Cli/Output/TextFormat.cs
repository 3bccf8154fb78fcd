using System.Text;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>The human report: a line per subject, an indented line per failing clause, a closing summary line.</summary>
/// <remarks>
/// <code>
/// VIOLATION       call-aws  (samples/subjects/calls.jsonl:2)
///     [violation] §2.1 Stateless API calls route through Azure: Stateless OpenAI call to gpt-5 runs on AWS, not Azure  (msft-openai/azure-stateless-exclusivity)
///         fix: Route the call through Azure.
/// COMPLIANT       call-azure  (samples/subjects/calls.jsonl:1)
///
/// 2 subjects: 1 violation, 0 indeterminate, 0 review, 0 warning, 1 compliant, 0 notApplicable
/// </code>
/// The clauses listed are those the JSON report would carry that failed (<c>violated</c>, <c>error</c>); with
/// <c>--trace</c> and the full detail, every clause the verdict carries, with its status.
/// </remarks>
internal sealed class TextFormat(VerdictDetail detail, bool trace) : IVerdictFormat
{
    private static readonly int OutcomeWidth = Enum.GetValues<Outcome>().Max(o => Label(o).Length);

    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var summary = VerdictSummary.Empty;
        var line = new StringBuilder();
        foreach (var verdict in verdicts)
        {
            WriteVerdict(verdict, writer, line);
            summary = summary.Add(verdict.Outcome);
        }

        if (summary.Subjects > 0)
        {
            writer.Write('\n');
        }

        writer.Write(SummaryLine(summary));
        writer.Write('\n');
        return summary;
    }

    internal static string Label(Outcome outcome) => outcome switch
    {
        Outcome.NotApplicable => "NOT-APPLICABLE",
        _ => VerdictNames.Name(outcome).ToUpperInvariant(),
    };

    internal static string SummaryLine(VerdictSummary summary)
    {
        var counts = string.Join(", ", Enum.GetValues<Outcome>().Select(o => $"{summary.Count(o)} {VerdictNames.Name(o)}"));
        return $"{summary.Subjects} {(summary.Subjects == 1 ? "subject" : "subjects")}: {counts}";
    }

    private void WriteVerdict(Verdict verdict, TextWriter writer, StringBuilder line)
    {
        line.Clear();
        line.Append(Label(verdict.Outcome).PadRight(OutcomeWidth)).Append("  ").Append(verdict.Subject);
        if (verdict.Source is { } source && source != verdict.Subject)
        {
            line.Append("  (").Append(source).Append(')');
        }

        line.Append('\n');
        foreach (var error in verdict.Errors)
        {
            line.Append("    error: ");
            if (error.Path is { Length: > 0 } path)
            {
                line.Append(path).Append(": ");
            }

            line.Append(OneLine(error.Message)).Append('\n');
        }

        foreach (var clause in verdict.Clauses)
        {
            var failing = clause.Status is ClauseStatus.Violated or ClauseStatus.Error;
            if (!failing && !(trace && detail == VerdictDetail.Full))
            {
                continue;
            }

            var tag = clause.Status switch
            {
                ClauseStatus.Violated => VerdictNames.Name(clause.Effect),
                _ => VerdictNames.Name(clause.Status),
            };
            line.Append("    [").Append(tag).Append("] ");
            if (clause.Section is { Length: > 0 } section)
            {
                line.Append('§').Append(section).Append(' ');
            }

            line.Append(OneLine(clause.Title));
            var said = clause.Message ?? clause.Reason ?? (clause.Exception is { } exception ? $"exception `{exception}`" : null)
                ?? (clause.Waiver is { } waiver ? $"waiver `{waiver}`" : null);
            if (said is not null && said != clause.Title)
            {
                line.Append(": ").Append(OneLine(said));
            }

            line.Append("  (").Append(clause.Id).Append(")\n");
            if (failing && clause.Remediation is { Length: > 0 } remediation)
            {
                line.Append("        fix: ").Append(OneLine(remediation)).Append('\n');
            }
        }

        writer.Write(line);
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
