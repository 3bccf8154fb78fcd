using System.Globalization;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>The human report: a header naming the rule set and the date, a line per subject, an indented line per failing
/// clause, and two closing lines: the counts, and what they make of the exit code.</summary>
/// <remarks>
/// <code>
/// rules: 2 contracts, 12 clauses · as of 2026-03-01
///
/// violation      call-aws  (samples/subjects/calls.jsonl:2)
///     [violation] §2.1 Stateless API calls route through Azure: Stateless OpenAI call to gpt-5 runs on AWS, not Azure  (msft-openai/azure-stateless-exclusivity)
///         fix: Route the call through Azure.
/// compliant      call-azure  (samples/subjects/calls.jsonl:1)
///
/// 2 subjects: 1 violation, 0 indeterminate, 0 review, 0 warning, 1 compliant, 0 notApplicable
/// exit 1: 1 subject at or above --fail-on indeterminate
/// </code>
/// Outcomes are spelt as in the JSON report and <c>--fail-on</c>, in the rows as in the counts. The clauses listed are
/// those the JSON report would carry that failed (<c>violated</c>, <c>error</c>); with <c>--trace</c> and the full detail,
/// every clause the verdict carries, with its status. Everything is written through <see cref="SafeText"/>.
/// </remarks>
internal sealed class TextFormat(FormatOptions options) : IVerdictFormat
{
    private static readonly int OutcomeWidth = Enum.GetValues<Outcome>().Max(o => VerdictNames.Name(o).Length);

    /// <summary>The failing clauses, but with <c>--trace</c> and the full detail every clause the verdict carries.</summary>
    public VerdictDetail Reads => options.Trace && options.Detail == VerdictDetail.Full ? VerdictDetail.Full : VerdictDetail.Failing;

    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var text = new SafeText(writer, options.Color);
        text.Line(Header(options));
        var counted = new CountedVerdicts(verdicts);
        var first = true;
        foreach (var verdict in counted)
        {
            if (first)
            {
                text.BlankLine();
                first = false;
            }

            WriteVerdict(verdict, text);
        }

        text.BlankLine();
        text.Line(SummaryLine(counted.Summary));
        text.Line(ExitLine(counted.Summary, options.FailOn));
        return counted.Summary;
    }

    /// <summary>The tone of an outcome, for colour.</summary>
    internal static Tone ToneOf(Outcome outcome) => outcome switch
    {
        Outcome.Violation => Tone.Failure,
        Outcome.Indeterminate => Tone.Unknown,
        Outcome.Review => Tone.Attention,
        Outcome.Warning => Tone.Notice,
        Outcome.Compliant => Tone.Success,
        _ => Tone.Muted,
    };

    /// <summary><c>rules: 2 contracts, 12 clauses · as of 2026-03-01</c>; without <c>--as-of</c>, <c>as of each subject's
    /// timestamp, else today (2026-03-01)</c>.</summary>
    internal static string Header(FormatOptions options)
    {
        var rules = $"rules: {Count(options.RuleSet.Contracts.Count, "contract")}, {Count(options.RuleSet.Clauses.Count, "clause")}";
        var date = options.AsOf is { } asOf
            ? $"as of {Date(asOf)}"
            : $"as of each subject's timestamp, else today ({Date(options.Today)})";
        return $"{rules} · {date}";
    }

    /// <summary><c>13 subjects: 4 violation, 0 indeterminate, 1 review, 1 warning, 6 compliant, 1 notApplicable</c>.</summary>
    internal static string SummaryLine(VerdictSummary summary)
    {
        var counts = string.Join(", ", Enum.GetValues<Outcome>().Select(o => $"{summary.Count(o)} {VerdictNames.Name(o)}"));
        return $"{Count(summary.Subjects, "subject")}: {counts}";
    }

    /// <summary>What the counts make of the exit code: <c>exit 1: 4 subjects at or above --fail-on indeterminate</c>.</summary>
    internal static string ExitLine(VerdictSummary summary, Outcome? failOn)
    {
        if (failOn is not { } threshold)
        {
            return "exit 0: --fail-on none never fails the run";
        }

        var failing = Enum.GetValues<Outcome>().Where(o => o <= threshold).Sum(summary.Count);
        var name = VerdictNames.Name(threshold);
        return failing > 0
            ? $"exit 1: {Count(failing, "subject")} at or above --fail-on {name}"
            : $"exit 0: no subject at or above --fail-on {name}";
    }

    private void WriteVerdict(Verdict verdict, SafeText text)
    {
        text.Write(ToneOf(verdict.Outcome), VerdictNames.Name(verdict.Outcome), OutcomeWidth).Write("  ").Write(verdict.Subject);
        if (verdict.Source is { } source && source != verdict.Subject)
        {
            text.Write("  (").Write(source).Write(')');
        }

        text.EndLine();
        foreach (var error in verdict.Errors)
        {
            text.Write("    ").Write(Tone.Unknown, "error").Write(": ");
            if (error.Path is { Length: > 0 } path)
            {
                text.Write(path).Write(": ");
            }

            text.Write(FailingClauses.OneLine(error.Message)).EndLine();
        }

        var all = options.Trace && options.Detail == VerdictDetail.Full;
        foreach (var clause in verdict.Clauses)
        {
            var failing = FailingClauses.IsFailing(clause.Status);
            if (!failing && !all)
            {
                continue;
            }

            var (tag, tone) = clause.Status switch
            {
                ClauseStatus.Violated => (VerdictNames.Name(clause.Effect), clause.Effect switch
                {
                    Model.Effect.Violation => Tone.Failure,
                    Model.Effect.Review => Tone.Attention,
                    _ => Tone.Notice,
                }),
                ClauseStatus.Error => (VerdictNames.Name(clause.Status), Tone.Unknown),
                ClauseStatus.Satisfied or ClauseStatus.Exempt or ClauseStatus.Waived => (VerdictNames.Name(clause.Status), Tone.Success),
                _ => (VerdictNames.Name(clause.Status), Tone.Muted),
            };
            text.Write("    [").Write(tone, tag).Write("] ");
            if (clause.Section is { Length: > 0 } section)
            {
                text.Write('§').Write(section).Write(' ');
            }

            text.Write(FailingClauses.OneLine(clause.Title));
            var said = clause.Message ?? clause.Reason ?? (clause.Exception is { } exception ? $"exception `{exception}`" : null)
                ?? (clause.Waiver is { } waiver ? $"waiver `{waiver}`" : null);
            if (said is not null && said != clause.Title)
            {
                text.Write(": ").Write(FailingClauses.OneLine(said));
            }

            text.Write("  (").Write(clause.Id).Write(')').EndLine();
            if (failing && clause.Remediation is { Length: > 0 } remediation)
            {
                text.Write("        fix: ").Write(FailingClauses.OneLine(remediation)).EndLine();
            }
        }
    }

    private static string Count(int count, string noun) => DiagnosticText.Count(count, noun);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
