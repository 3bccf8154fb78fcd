using System.Globalization;
using System.Text;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>Markdown for a CI job summary or a pull-request comment: whether the run passed, the count of each
/// outcome, and a table of the failing clauses of every subject.</summary>
/// <remarks>
/// The counts come first, so the report is written when the batch ends; until then it holds the counts and at
/// most <c>maxRows</c> table rows (100 by default, which keeps a comment under GitHub's size limit); the rows past
/// that are counted and named in a closing line. Cells escape the characters Markdown would read (<c>|</c> among them),
/// keep to one line (CR, LF and the blanks around them become one space) and write other control characters as
/// <c>\uXXXX</c>; every line of the report begins with text of its own, so none can begin with a workflow command.
/// </remarks>
internal sealed class MarkdownFormat(FormatOptions options, int maxRows = MarkdownFormat.DefaultMaxRows) : IVerdictFormat
{
    /// <summary>How many table rows the report shows by default.</summary>
    public const int DefaultMaxRows = 100;

    private readonly List<string> _rows = [];
    private VerdictSummary _summary = VerdictSummary.Empty;
    private int _hidden;
    private int _failed;

    /// <summary>Only the failing clauses, at either detail and with or without <c>--trace</c>.</summary>
    public VerdictDetail Reads => VerdictDetail.Failing;

    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        foreach (var verdict in verdicts)
        {
            Add(verdict);
        }

        WriteReport(writer);
        return _summary;
    }

    /// <summary>Counts a verdict and keeps its rows (up to the limit), for <see cref="WriteReport"/>; what
    /// <c>--step-summary</c> calls for each verdict as another format writes it.</summary>
    public void Add(Verdict verdict)
    {
        _summary = _summary.Add(verdict.Outcome);
        _failed += options.Fails(verdict) ? 1 : 0;
        foreach (var row in RowsOf(verdict))
        {
            if (_rows.Count < maxRows)
            {
                _rows.Add(row);
            }
            else
            {
                _hidden++;
            }
        }
    }

    /// <summary>Writes the report of the verdicts added so far.</summary>
    public void WriteReport(TextWriter writer)
    {
        var summary = _summary;
        var rows = _rows;
        var hidden = _hidden;
        var failed = _failed;
        var text = new StringBuilder();
        text.Append("## Compliance check\n\n");
        text.Append(Verdict(summary, failed)).Append("\n\n");
        text.Append("| outcome | subjects |\n|---|---:|\n");
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            text.Append("| ").Append(VerdictNames.Name(outcome)).Append(" | ")
                .Append(summary.Count(outcome).ToString(CultureInfo.InvariantCulture)).Append(" |\n");
        }

        text.Append("| **total** | **").Append(summary.Subjects.ToString(CultureInfo.InvariantCulture)).Append("** |\n\n");
        text.Append("### Failing clauses\n\n");
        if (rows.Count == 0)
        {
            text.Append("No clause failed.\n");
        }
        else
        {
            text.Append("| subject | effect | clause | section | message | source |\n|---|---|---|---|---|---|\n");
            foreach (var row in rows)
            {
                text.Append(row);
            }

            if (hidden > 0)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"\n… and {hidden} more failing {(hidden == 1 ? "clause" : "clauses")} not shown: `--format json` lists them all.\n");
            }
        }

        writer.Write(text);
    }

    private string Verdict(VerdictSummary summary, int failed)
    {
        if (options.FailOn is not { } threshold)
        {
            return "**Passed**: `--fail-on none`.";
        }

        var at = Code(VerdictNames.Name(threshold));
        return failed == 0
            ? $"**Passed**: no subject is at or above {at}."
            : string.Create(CultureInfo.InvariantCulture, $"**Failed**: {failed} of {summary.Subjects} {(summary.Subjects == 1 ? "subject is" : "subjects are")} at or above {at}.");
    }

    private IEnumerable<string> RowsOf(Verdict verdict)
    {
        var source = verdict.Source is { } text ? Code(Place(text)) : string.Empty;
        foreach (var error in verdict.Errors)
        {
            yield return Row(Code(verdict.Subject), "invalid", string.Empty, string.Empty, Escape(FailingClauses.Describe(error)), source);
        }

        foreach (var clause in FailingClauses.Of(verdict))
        {
            yield return Row(Code(verdict.Subject), FailingClauses.Severity(clause), Code(clause.Id), Escape(clause.Section ?? string.Empty),
                Escape(FailingClauses.Message(clause)), source);
        }
    }

    private string Place(string source)
    {
        var position = SourcePosition.Parse(source);
        if (!position.IsFile)
        {
            return source;
        }

        var file = options.Paths.Display(position.File);
        return position.Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}") : file;
    }

    private static string Row(params string[] cells) => "| " + string.Join(" | ", cells) + " |\n";

    /// <summary>Text in a table cell: one line, with Markdown's and HTML's special characters escaped and control
    /// characters written as <c>\uXXXX</c>.</summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in TextEscaper.Escape(FailingClauses.OneLine(text)))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '#' or '!' or '&')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>Text as code in a table cell: a code span (whose <c>|</c> a table still needs escaped), or escaped text when it holds a backtick.</summary>
    internal static string Code(string text)
    {
        var line = TextEscaper.Escape(FailingClauses.OneLine(text));
        return line.Contains('`', StringComparison.Ordinal) || line.Length == 0
            ? Escape(line)
            : "`" + line.Replace("|", "\\|", StringComparison.Ordinal) + "`";
    }
}
