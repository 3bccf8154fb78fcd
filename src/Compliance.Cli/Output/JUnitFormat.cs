using System.Globalization;
using System.Text;
using System.Xml;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>JUnit XML: a test suite per input file, a test case per subject, a failure listing the failing clauses
/// of each subject whose verdict fails the run (at or above <c>--fail-on</c>).</summary>
/// <remarks>
/// <para>A <c>notApplicable</c> subject is a skipped test case; a subject that passes but has failing clauses below
/// the threshold (a review, a warning) lists them in its <c>system-out</c>. An indeterminate subject's failure lists its
/// errors and the clauses that could not be evaluated. The failures agree with the exit code.</para>
/// <para>Streams as far as JUnit lets it: a suite's counts are attributes written before its test cases, so the
/// test cases of the current input file are held (as text, in memory up to a limit, then in a temporary file) until
/// the next file starts; no verdict is kept. The root <c>testsuites</c> element carries no totals, which would need
/// the whole batch: the readers we aim at (GitLab, Azure Pipelines, Jenkins) add up the suites.</para>
/// </remarks>
internal sealed class JUnitFormat(FormatOptions options, int memoryLimit = SpillBuffer.DefaultMemoryLimit) : IVerdictFormat
{
    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var summary = VerdictSummary.Empty;
        writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        writer.Write("<testsuites name=\"compliance check\">\n");
        using var cases = new SpillBuffer(memoryLimit);
        Suite? suite = null;
        var text = new StringBuilder();
        foreach (var verdict in verdicts)
        {
            var position = verdict.Source is { } source ? SourcePosition.Parse(source) : new SourcePosition(verdict.Subject, null);
            var file = position.IsFile ? options.Paths.Display(position.File) : "standard input";
            if (suite is null || suite.Name != file)
            {
                if (suite is not null)
                {
                    WriteSuite(writer, suite, cases);
                }

                suite = new Suite(file);
            }

            text.Clear();
            var fails = options.Fails(verdict);
            suite.Tests++;
            suite.Failures += fails ? 1 : 0;
            suite.Skipped += !fails && verdict.Outcome == Outcome.NotApplicable ? 1 : 0;
            WriteCase(text, verdict, file, position.Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}") : file, fails);
            cases.Append(text.ToString());
            summary = summary.Add(verdict.Outcome);
        }

        if (suite is not null)
        {
            WriteSuite(writer, suite, cases);
        }

        writer.Write("</testsuites>\n");
        return summary;
    }

    private static void WriteSuite(TextWriter writer, Suite suite, SpillBuffer cases)
    {
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"  <testsuite name=\"{Escape(suite.Name)}\" tests=\"{suite.Tests}\" failures=\"{suite.Failures}\" errors=\"0\" skipped=\"{suite.Skipped}\">\n"));
        cases.MoveTo(writer);
        writer.Write("  </testsuite>\n");
    }

    private static void WriteCase(StringBuilder text, Verdict verdict, string file, string place, bool fails)
    {
        text.Append("    <testcase name=\"").Append(Escape(verdict.Subject)).Append("\" classname=\"").Append(Escape(file)).Append('"');
        var failing = FailingClauses.Of(verdict).ToArray();
        var skipped = !fails && verdict.Outcome == Outcome.NotApplicable;
        if (!fails && !skipped && failing.Length == 0)
        {
            text.Append(" />\n");
            return;
        }

        text.Append(">\n");
        if (fails)
        {
            var what = failing.Select(c => c.Id).ToList();
            if (verdict.Errors.Count > 0)
            {
                what.Insert(0, "invalid subject");
            }

            text.Append("      <failure type=\"").Append(VerdictNames.Name(verdict.Outcome))
                .Append("\" message=\"").Append(Escape($"{VerdictNames.Name(verdict.Outcome)}: {string.Join(", ", what)}")).Append("\">")
                .Append(Escape(Details(verdict, place, failing), attribute: false)).Append("</failure>\n");
        }
        else if (skipped)
        {
            text.Append("      <skipped message=\"no clause applies\" />\n");
        }
        else
        {
            text.Append("      <system-out>").Append(Escape(Details(verdict, place, failing), attribute: false)).Append("</system-out>\n");
        }

        text.Append("    </testcase>\n");
    }

    /// <summary>One block per subject error and failing clause: what, the message, the fix, and where the clause is written.</summary>
    private static string Details(Verdict verdict, string place, IReadOnlyList<ClauseResult> failing)
    {
        var text = new StringBuilder();
        text.Append(VerdictNames.Name(verdict.Outcome)).Append(": ").Append(verdict.Subject).Append(" (").Append(place).Append(")\n");
        foreach (var error in verdict.Errors)
        {
            text.Append("[invalid] ").Append(FailingClauses.OneLine(FailingClauses.Describe(error))).Append('\n');
        }

        foreach (var clause in failing)
        {
            text.Append('[').Append(FailingClauses.Severity(clause)).Append("] ").Append(clause.Id);
            if (clause.Section is { Length: > 0 } section)
            {
                text.Append(" §").Append(section);
            }

            text.Append(' ').Append(FailingClauses.OneLine(clause.Title)).Append('\n');
            text.Append("    ").Append(FailingClauses.OneLine(FailingClauses.Message(clause))).Append('\n');
            if (clause.Remediation is { Length: > 0 } remediation)
            {
                text.Append("    fix: ").Append(FailingClauses.OneLine(remediation)).Append('\n');
            }

            text.Append("    clause: ").Append(clause.Source).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Escapes text for an XML attribute (line breaks and tabs as references) or element content (kept as
    /// they are), and replaces characters XML 1.0 cannot hold with U+FFFD.</summary>
    private static string Escape(string text, bool attribute = true)
    {
        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\n': escaped.Append(attribute ? "&#10;" : "\n"); break;
                case '\r': escaped.Append("&#13;"); break;
                case '\t': escaped.Append(attribute ? "&#9;" : "\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        escaped.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        escaped.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    private sealed class Suite(string name)
    {
        public string Name { get; } = name;

        public int Tests { get; set; }

        public int Failures { get; set; }

        public int Skipped { get; set; }
    }
}
