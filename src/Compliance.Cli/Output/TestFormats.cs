using System.Globalization;
using System.Text;
using System.Text.Json;
using Compliance.Rules.Testing;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>The report formats of <c>test</c> besides text: a versioned JSON document and JUnit XML, and the clause
/// coverage as Cobertura XML.</summary>
internal static class TestFormats
{
    public const string Text = "text";
    public const string Json = "json";
    public const string JUnit = "junit";

    /// <summary>The version of the JSON document <c>test --format json</c> writes.</summary>
    public const string SchemaVersion = "1";

    public static readonly string[] All = [Text, Json, JUnit];

    /// <summary>The JSON document: every test with its place, result and what differed; the coverage; the counts.</summary>
    public static void WriteJson(RuleTestReport report, RuleSet ruleSet, double minCoverage, ReportPaths paths, TextWriter writer)
    {
        using (var stream = new TextWriterStream(writer))
        using (var json = new Utf8JsonWriter(stream, VerdictJson.WriterOptions(indented: true)))
        {
            json.WriteStartObject();
            json.WriteString("schemaVersion", SchemaVersion);
            json.WriteStartArray("tests");
            foreach (var result in report.Results)
            {
                var test = result.Test;
                json.WriteStartObject();
                json.WriteString("name", test.Name);
                json.WriteString("source", $"{paths.Display(test.Location.File)}:{test.Location.Line.ToString(CultureInfo.InvariantCulture)}");
                json.WriteBoolean("passed", result.Passed);
                json.WriteString("asOf", result.Verdict.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteString("outcome", VerdictNames.Name(result.Verdict.Outcome));
                json.WriteStartObject("expected");
                if (test.ExpectedOutcome is { } outcome)
                {
                    json.WriteString("outcome", VerdictNames.Name(outcome));
                }
                else
                {
                    json.WriteNull("outcome");
                }

                json.WriteStartObject("clauses");
                foreach (var (id, status) in test.ExpectedClauses)
                {
                    json.WriteString(id, VerdictNames.Name(status));
                }

                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartArray("clauses");
                foreach (var clause in Applied(result))
                {
                    json.WriteStartObject();
                    json.WriteString("id", clause.Id);
                    json.WriteString("status", VerdictNames.Name(clause.Status));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("failures");
                foreach (var failure in result.Failures)
                {
                    json.WriteStringValue(failure);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("coverage");
            json.WriteNumber("clauses", report.Exercised.Count + report.Unexercised.Count);
            json.WriteNumber("exercised", report.Exercised.Count);
            json.WriteNumber("percent", Math.Floor(report.CoveragePercent * 10) / 10);
            json.WriteNumber("minimum", minCoverage);
            json.WriteStartArray("unexercised");
            foreach (var id in report.Unexercised)
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString("source", ruleSet.FindClause(id) is { } clause ? $"{paths.Display(clause.Location.File)}:{clause.Location.Line.ToString(CultureInfo.InvariantCulture)}" : null);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("summary");
            json.WriteNumber("passed", report.Passed);
            json.WriteNumber("failed", report.Failed);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        writer.Write('\n');
    }

    /// <summary>JUnit XML: a suite per tests file, a test case per test (<c>classname</c> the file as a dotted name,
    /// <c>file</c> the file), a failure for a failing test listing what differed and the clauses that applied. With
    /// <c>--min-coverage</c>, one more suite <c>clause coverage</c> holds one test case that fails when the coverage
    /// is below it, so that the test view agrees with the exit code.</summary>
    public static void WriteJUnit(RuleTestReport report, RuleSet ruleSet, double minCoverage, ReportPaths paths, TextWriter writer)
    {
        var text = new StringBuilder();
        text.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        text.Append("<testsuites name=\"compliance test\">\n");
        foreach (var file in report.Results.GroupBy(r => paths.Display(r.Test.Location.File)))
        {
            var results = file.ToArray();
            text.Append(CultureInfo.InvariantCulture,
                $"  <testsuite name=\"{JUnitFormat.Escape(file.Key)}\" tests=\"{results.Length}\" failures=\"{results.Count(r => !r.Passed)}\" errors=\"0\" skipped=\"0\">\n");
            foreach (var result in results)
            {
                var test = result.Test;
                text.Append("    <testcase name=\"").Append(JUnitFormat.Escape(test.Name))
                    .Append("\" classname=\"").Append(JUnitFormat.Escape(JUnitFormat.ClassName(file.Key)))
                    .Append("\" file=\"").Append(JUnitFormat.Escape(file.Key)).Append('"');
                if (result.Passed)
                {
                    text.Append(" />\n");
                    continue;
                }

                text.Append(">\n      <failure type=\"test\" message=\"").Append(JUnitFormat.Escape(result.Failures[0])).Append("\">")
                    .Append(JUnitFormat.Escape(Details(result, file.Key), attribute: false)).Append("</failure>\n    </testcase>\n");
            }

            text.Append("  </testsuite>\n");
        }

        if (minCoverage > 0)
        {
            var covered = report.CoveragePercent >= minCoverage;
            var name = $"at least {Percent(minCoverage)} of clauses exercised";
            text.Append(CultureInfo.InvariantCulture,
                $"  <testsuite name=\"clause coverage\" tests=\"1\" failures=\"{(covered ? 0 : 1)}\" errors=\"0\" skipped=\"0\">\n");
            text.Append("    <testcase name=\"").Append(JUnitFormat.Escape(name)).Append("\" classname=\"clause_coverage\"");
            if (covered)
            {
                text.Append(" />\n");
            }
            else
            {
                var message = $"coverage {Percent(report.CoveragePercent)} is below --min-coverage {Percent(minCoverage)}";
                var details = new StringBuilder(message).Append("\nno test exercises:\n");
                foreach (var id in report.Unexercised)
                {
                    details.Append("    ").Append(Line(id)).Append("  (").Append(Line(Place(ruleSet, id, paths))).Append(")\n");
                }

                text.Append(">\n      <failure type=\"coverage\" message=\"").Append(JUnitFormat.Escape(message)).Append("\">")
                    .Append(JUnitFormat.Escape(details.ToString(), attribute: false)).Append("</failure>\n    </testcase>\n");
            }

            text.Append("  </testsuite>\n");
        }

        text.Append("</testsuites>\n");
        writer.Write(text);
    }

    /// <summary>Cobertura XML of the clause coverage: a package per contract, a class per rule file, a line per clause at
    /// the line of its <c>id</c>, hit once when some test exercises the clause and not at all otherwise.</summary>
    /// <remarks>GitLab and Azure DevOps find the files through <c>sources</c> (the working directory) and each class's
    /// <c>filename</c> (relative to it), so run <c>test</c> from the repository's root.</remarks>
    public static void WriteCobertura(RuleTestReport report, RuleSet ruleSet, ReportPaths paths, string workingDirectory, long timestamp, TextWriter writer)
    {
        var exercised = report.Exercised.ToHashSet(StringComparer.Ordinal);
        var clauses = ruleSet.Clauses.ToArray();
        var text = new StringBuilder();
        text.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        text.Append(CultureInfo.InvariantCulture,
            $"<coverage line-rate=\"{Rate(clauses.Count(c => exercised.Contains(c.Id)), clauses.Length)}\" branch-rate=\"0\" lines-covered=\"{clauses.Count(c => exercised.Contains(c.Id))}\" lines-valid=\"{clauses.Length}\" branches-covered=\"0\" branches-valid=\"0\" complexity=\"0\" version=\"{JUnitFormat.Escape(ToolInfo.ReleaseVersion)}\" timestamp=\"{timestamp}\">\n");
        text.Append("  <sources>\n    <source>").Append(JUnitFormat.Escape(workingDirectory, attribute: false)).Append("</source>\n  </sources>\n");
        text.Append("  <packages>\n");
        foreach (var contract in clauses.GroupBy(c => c.Contract))
        {
            var inContract = contract.ToArray();
            text.Append(CultureInfo.InvariantCulture,
                $"    <package name=\"{JUnitFormat.Escape(contract.Key)}\" line-rate=\"{Rate(inContract.Count(c => exercised.Contains(c.Id)), inContract.Length)}\" branch-rate=\"0\" complexity=\"0\">\n");
            text.Append("      <classes>\n");
            foreach (var file in inContract.GroupBy(c => paths.Display(c.Location.File)))
            {
                var inFile = file.OrderBy(c => c.Location.Line).ToArray();
                text.Append(CultureInfo.InvariantCulture,
                    $"        <class name=\"{JUnitFormat.Escape(file.Key)}\" filename=\"{JUnitFormat.Escape(file.Key)}\" line-rate=\"{Rate(inFile.Count(c => exercised.Contains(c.Id)), inFile.Length)}\" branch-rate=\"0\" complexity=\"0\">\n");
                text.Append("          <methods />\n          <lines>\n");
                foreach (var clause in inFile)
                {
                    text.Append(CultureInfo.InvariantCulture,
                        $"            <line number=\"{clause.Location.Line}\" hits=\"{(exercised.Contains(clause.Id) ? 1 : 0)}\" branch=\"false\" />\n");
                }

                text.Append("          </lines>\n        </class>\n");
            }

            text.Append("      </classes>\n    </package>\n");
        }

        text.Append("  </packages>\n</coverage>\n");
        writer.Write(text);
    }

    /// <summary>The clauses a test's verdict applied (any status but <c>notApplicable</c> and <c>superseded</c>).</summary>
    public static IEnumerable<ClauseResult> Applied(RuleTestResult result) =>
        result.Verdict.Clauses.Where(c => c.Status is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded));

    private static string Details(RuleTestResult result, string file)
    {
        var text = new StringBuilder();
        text.Append(Line(result.Test.Name)).Append(" (").Append(Line(file)).Append(':')
            .Append(result.Test.Location.Line.ToString(CultureInfo.InvariantCulture)).Append(")\n");
        foreach (var failure in result.Failures)
        {
            text.Append("    ").Append(Line(failure)).Append('\n');
        }

        var applied = Applied(result).ToArray();
        var asOf = result.Verdict.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        text.Append(applied.Length == 0 ? $"    no clause applied, as of {asOf}\n" : $"    clauses applied, as of {asOf}:\n");
        foreach (var clause in applied)
        {
            text.Append("        ").Append(VerdictNames.Name(clause.Status)).Append("  ").Append(Line(clause.Id)).Append('\n');
        }

        return text.ToString();
    }

    private static string Place(RuleSet ruleSet, string id, ReportPaths paths) =>
        ruleSet.FindClause(id) is { } clause ? $"{paths.Display(clause.Location.File)}:{clause.Location.Line.ToString(CultureInfo.InvariantCulture)}" : string.Empty;

    private static string Line(string text) => TextEscaper.Escape(FailingClauses.OneLine(text));

    private static string Rate(int covered, int valid) =>
        (valid == 0 ? 1 : (double)covered / valid).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double value) => Commands.TestCommand.Percent(value);
}
