using System.Globalization;
using System.Text;
using System.Xml;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>JUnit XML: a test suite per input file, a test case per subject, a failure listing the failing clauses
/// of each subject whose verdict fails the run (at or above <c>--fail-on</c>).</summary>
/// <remarks>
/// <para>A <c>notApplicable</c> subject is a skipped test case; a subject that passes but has failing clauses or errors
/// below the threshold (a review, a warning, an invalid subject under <c>--fail-on violation</c>) lists them in its
/// <c>system-out</c>. An indeterminate subject's failure lists its errors and the clauses that could not be evaluated.
/// The failures agree with the exit code.</para>
/// <para>A test case's <c>classname</c> is its file as a dotted name (<c>samples/subjects/calls.jsonl</c> is
/// <c>samples.subjects.calls_jsonl</c>), since Jenkins splits a class name at its last dot into package and class;
/// <c>file</c> is the file itself. A suite's <c>timestamp</c> is when its first verdict was awaited (UTC), a test
/// case's <c>time</c> how long the report waited for its verdict (reading and judging, in parallel with others), a
/// suite's <c>time</c> the sum of its test cases'.</para>
/// <para>User text (ids, messages) never starts a line of its own: in element content as in attributes, its line
/// breaks are written as character references, and control characters (which XML 1.0 cannot hold, or which a
/// terminal would act on) as <c>\uXXXX</c>.</para>
/// <para>Streams as far as JUnit lets it: a suite's counts are attributes written before its test cases, so the
/// test cases of the current input file are held (as text, in memory up to a limit, then in a temporary file) until
/// the next file starts; no verdict is kept. The root <c>testsuites</c> element carries no totals, which would need
/// the whole batch: the readers we aim at (GitLab, Azure Pipelines, Jenkins) add up the suites.</para>
/// </remarks>
internal sealed class JUnitFormat(FormatOptions options, int memoryLimit = SpillBuffer.DefaultMemoryLimit) : IVerdictFormat
{
    /// <summary>Only the failing clauses, at either detail and with or without <c>--trace</c>.</summary>
    public VerdictDetail Reads => VerdictDetail.Failing;

    public VerdictSummary Write(IEnumerable<Verdict> verdicts, TextWriter writer)
    {
        var counted = new CountedVerdicts(verdicts);
        writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        writer.Write("<testsuites name=\"compliance check\">\n");
        using var cases = new SpillBuffer(memoryLimit);
        Suite? suite = null;
        var text = new StringBuilder();
        var clock = options.TimeProvider;
        var started = clock.GetUtcNow();
        var waited = clock.GetTimestamp();
        foreach (var verdict in counted)
        {
            var arrived = clock.GetTimestamp();
            var elapsed = clock.GetElapsedTime(waited, arrived);
            waited = arrived;
            var position = verdict.Source is { } source ? SourcePosition.Parse(source) : new SourcePosition(verdict.Subject, null);
            var file = position.IsFile ? options.Paths.Display(position.File) : StandardInputSuite;
            if (suite is null || suite.Name != file)
            {
                if (suite is not null)
                {
                    WriteSuite(writer, suite, cases);
                    started = clock.GetUtcNow() - elapsed;
                }

                suite = new Suite(file, started);
            }

            text.Clear();
            var fails = options.Fails(verdict);
            suite.Tests++;
            suite.Failures += fails ? 1 : 0;
            suite.Skipped += !fails && verdict.Outcome == Outcome.NotApplicable ? 1 : 0;
            suite.Time += elapsed;
            WriteCase(text, verdict, position.IsFile ? file : null, position.Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}") : file, fails, elapsed);
            cases.Append(text.ToString());
        }

        if (suite is not null)
        {
            WriteSuite(writer, suite, cases);
        }

        writer.Write("</testsuites>\n");
        return counted.Summary;
    }

    /// <summary>The suite of the subjects read from standard input.</summary>
    public const string StandardInputSuite = "standard input";

    /// <summary>A file as a class name that Jenkins reads as package and class: directories become dot-separated
    /// packages, and the dots within a name become <c>_</c> (<c>samples/subjects/calls.jsonl</c> is
    /// <c>samples.subjects.calls_jsonl</c>).</summary>
    internal static string ClassName(string file) => string.Join('.',
        file.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(part => part.Replace('.', '_')));

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static void WriteSuite(TextWriter writer, Suite suite, SpillBuffer cases)
    {
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"  <testsuite name=\"{Escape(suite.Name)}\" tests=\"{suite.Tests}\" failures=\"{suite.Failures}\" errors=\"0\" skipped=\"{suite.Skipped}\" time=\"{Seconds(suite.Time)}\" timestamp=\"{suite.Started.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}\">\n"));
        cases.MoveTo(writer);
        writer.Write("  </testsuite>\n");
    }

    private static void WriteCase(StringBuilder text, Verdict verdict, string? file, string place, bool fails, TimeSpan time)
    {
        text.Append("    <testcase name=\"").Append(Escape(verdict.Subject))
            .Append("\" classname=\"").Append(Escape(ClassName(file ?? StandardInputSuite))).Append('"');
        if (file is not null)
        {
            text.Append(" file=\"").Append(Escape(file)).Append('"');
        }

        text.Append(" time=\"").Append(Seconds(time)).Append('"');
        var failing = FailingClauses.Of(verdict).ToArray();
        var skipped = !fails && verdict.Outcome == Outcome.NotApplicable;
        if (!fails && !skipped && failing.Length == 0 && verdict.Errors.Count == 0)
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
        text.Append(VerdictNames.Name(verdict.Outcome)).Append(": ").Append(User(verdict.Subject)).Append(" (").Append(User(place)).Append(")\n");
        foreach (var error in verdict.Errors)
        {
            text.Append("[invalid] ").Append(User(FailingClauses.Describe(error))).Append('\n');
        }

        foreach (var clause in failing)
        {
            text.Append('[').Append(FailingClauses.Severity(clause)).Append("] ").Append(User(clause.Id));
            if (clause.Section is { Length: > 0 } section)
            {
                text.Append(" §").Append(User(section));
            }

            text.Append(' ').Append(User(clause.Title)).Append('\n');
            text.Append("    ").Append(User(FailingClauses.Message(clause))).Append('\n');
            if (clause.Remediation is { Length: > 0 } remediation)
            {
                text.Append("    fix: ").Append(User(remediation)).Append('\n');
            }

            text.Append("    clause: ").Append(User(clause.Source)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>User text within the details: on one line, control characters as <c>\uXXXX</c>.</summary>
    private static string User(string text) => TextEscaper.Escape(FailingClauses.OneLine(text));

    /// <summary>Escapes text for an XML attribute (line breaks and tabs as references) or element content (kept as
    /// they are), and replaces characters XML 1.0 cannot hold with U+FFFD.</summary>
    internal static string Escape(string text, bool attribute = true)
    {
        text = TextEscaper.Escape(text, keep: "\t\n\r");
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

    private sealed class Suite(string name, DateTimeOffset started)
    {
        public string Name { get; } = name;

        public DateTimeOffset Started { get; } = started;

        public TimeSpan Time { get; set; }

        public int Tests { get; set; }

        public int Failures { get; set; }

        public int Skipped { get; set; }
    }
}
