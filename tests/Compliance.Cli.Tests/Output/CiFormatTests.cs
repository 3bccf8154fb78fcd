using System.Text.Json;
using System.Xml.Linq;
using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Output;

/// <summary>What the CI formats added for GitLab, Jenkins and GitHub's job summary do.</summary>
public sealed class CiFormatTests
{
    private FormatFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new FormatFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    private string AllFour() => _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.OnOci, FormatFixture.Invalid);

    [Test]
    public void CodeQuality_OneIssuePerFailingClauseAndInvalidSubject_SeverityByEffect_AtTheSubject()
    {
        var run = _fixture.Check("--input", AllFour(), "--format", "codequality");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var issues = document.RootElement.EnumerateArray().ToArray();
        Assert.That(issues.Select(i => (i.GetProperty("check_name").GetString(), i.GetProperty("severity").GetString(),
                i.GetProperty("location").GetProperty("path").GetString(), i.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32())),
            Is.EqualTo(new[]
            {
                ("acme/azure-only", "critical", "calls.jsonl", 2),
                ("acme/gcp-review", "minor", "calls.jsonl", 3),
                ("acme/oci-warning", "info", "calls.jsonl", 4),
                ("invalid-subject", "major", "calls.jsonl", 5),
            }));
        Assert.That(issues[0].GetProperty("description").GetString(), Is.EqualTo("call to m1 runs on AWS (subject `on-aws`, clause `acme/azure-only` §2.1)"));
        Assert.That(issues.Select(i => i.GetProperty("fingerprint").GetString()), Is.Unique);
    }

    [Test]
    public void Fingerprints_AreStablePerSubjectAndClause_AcrossRunsAndLineMoves_AndDifferBetweenSubjectsAtOnePlace()
    {
        string Fingerprint(CliRun run, string format) => format == "sarif"
            ? JsonDocument.Parse(run.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("partialFingerprints").GetProperty("complianceSubjectClause/v1").GetString()!
            : JsonDocument.Parse(run.Stdout).RootElement[0].GetProperty("fingerprint").GetString()!;

        foreach (var format in new[] { "sarif", "codequality" })
        {
            var first = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.OnAws), "--format", format);
            var moved = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.Clean, FormatFixture.OnAws), "--format", format);
            var other = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", "-", "--format", format],
                FormatFixture.OnAws.Replace("on-aws", "other-aws", StringComparison.Ordinal) + "\n");
            var same = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", "-", "--format", format], FormatFixture.OnAws + "\n");

            Assert.That(Fingerprint(moved, format), Is.EqualTo(Fingerprint(first, format)), format);
            Assert.That(Fingerprint(other, format), Is.Not.EqualTo(Fingerprint(same, format)), $"{format}: two subjects from standard input, both at the clause's line");
            Assert.That(Fingerprint(same, format), Is.Not.EqualTo(Fingerprint(first, format)), $"{format}: the same id read from another file");
        }
    }

    [Test]
    public void Sarif_NamesTheToolInFull_AndTheCategoryOfCheck()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.OnAws), "--format", "sarif");

        using var document = JsonDocument.Parse(run.Stdout);
        var sarifRun = document.RootElement.GetProperty("runs")[0];
        Assert.That(sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("fullName").GetString(),
            Is.EqualTo($"compliance {ToolInfo.ReleaseVersion} (contract compliance of model API calls and deployments)"));
        Assert.That(sarifRun.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("compliance/check/"));
    }

    [Test]
    public void JUnit_InvalidSubjectBelowFailOn_IsNotACleanPass_ItsErrorsAreInSystemOut()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Invalid), "--format", "junit", "--fail-on", "violation");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var testcase = XDocument.Parse(run.Stdout).Descendants("testcase").Single();
        Assert.That(testcase.Element("failure"), Is.Null);
        Assert.That(testcase.Element("system-out")!.Value, Does.StartWith("indeterminate: no-model (calls.jsonl:1)\n[invalid] model: "));
    }

    [Test]
    public void JUnit_ClassNameIsTheFileAsADottedName_WithFileTimeAndTimestamp()
    {
        var input = _fixture.Subjects(Path.Combine("inputs", "calls.v2.jsonl"), FormatFixture.Clean);
        var run = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", input, "--format", "junit"], environment: FixedClock.Environment);

        var document = XDocument.Parse(run.Stdout);
        var suite = document.Descendants("testsuite").Single();
        Assert.That(suite.Attribute("timestamp")!.Value, Is.EqualTo("2026-03-01T12:00:00"));
        Assert.That(suite.Attribute("time")!.Value, Is.EqualTo("0.000"));
        var testcase = suite.Element("testcase")!;
        Assert.That(testcase.Attribute("classname")!.Value, Is.EqualTo("inputs.calls_v2_jsonl"), "Jenkins splits at the last dot: package `inputs`, class `calls_v2_jsonl`");
        Assert.That(testcase.Attribute("file")!.Value, Is.EqualTo("inputs/calls.v2.jsonl"));
        Assert.That(testcase.Attribute("time")!.Value, Is.EqualTo("0.000"));
    }

    [TestCase("samples/subjects/calls.jsonl", "samples.subjects.calls_jsonl")]
    [TestCase("../shared/a.b.yaml", "__.shared.a_b_yaml")]
    [TestCase("/abs/x.json", "abs.x_json")]
    public void JUnit_ClassName(string file, string className) =>
        Assert.That(Cli.Output.JUnitFormat.ClassName(file), Is.EqualTo(className));

    [Test]
    public void Markdown_EscapesTableBreakingText_AndControlCharacters()
    {
        var hostile = FormatFixture.OnAws.Replace("\"on-aws\"", "\"a|b\\n| c & <d>\\u001b[31m\"", StringComparison.Ordinal);
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", hostile), "--format", "markdown");

        var row = run.Stdout.Split('\n').Single(l => l.Contains("acme/azure-only", StringComparison.Ordinal));
        Assert.That(row, Does.StartWith("| `a\\|b \\| c & <d>\\u001b[31m` | violation | `acme/azure-only` |"));
        Assert.That(row.Split(" | "), Has.Length.EqualTo(6), "six cells: the id's `|` and line break do not add any");
        Assert.That(Cli.Output.MarkdownFormat.Escape("a & b|c\u0007"), Is.EqualTo("a \\& b\\|c\\\\u0007"), "the escape's backslash is escaped for Markdown, which shows it as `\\u0007`");
    }

    [Test]
    public void StepSummary_InGitHubActions_AppendsTheMarkdownSummary_AfterWhatTheFileHeld()
    {
        var summaryFile = Path.Combine(_fixture.Root, "step-summary.md");
        File.WriteAllText(summaryFile, "earlier step\n");
        var environment = CliEnvironment.Default with { StepSummaryPath = summaryFile };

        var run = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", AllFour(), "--format", "sarif", "--step-summary"], environment: environment);
        var markdown = _fixture.Check("--input", AllFour(), "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Is.Empty);
        JsonDocument.Parse(run.Stdout).Dispose();
        Assert.That(File.ReadAllText(summaryFile), Is.EqualTo("earlier step\n" + markdown.Stdout));
    }

    [Test]
    public void StepSummary_OutsideGitHubActions_SaysSo_AndChangesNothingElse()
    {
        var run = _fixture.Check("--input", AllFour(), "--format", "github", "--step-summary");
        var plain = _fixture.Check("--input", AllFour(), "--format", "github");

        Assert.That(run.ExitCode, Is.EqualTo(plain.ExitCode));
        Assert.That(run.Stdout, Is.EqualTo(plain.Stdout));
        Assert.That(run.Stderr, Is.EqualTo("compliance check: warning: --step-summary: `GITHUB_STEP_SUMMARY` is not set (not in GitHub Actions), so no job summary is written\n"));
    }

    [Test]
    public void StepSummary_ThatCannotBeWritten_ExitsTwo()
    {
        var environment = CliEnvironment.Default with { StepSummaryPath = Path.Combine(_fixture.Root, "no-such-dir", "summary.md") };

        var run = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", AllFour(), "--step-summary"], environment: environment);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("compliance check: error: cannot append the job summary to `"));
    }

    [Test]
    public void Lint_CodeQuality_OneIssuePerDiagnostic_MatchesSnapshot()
    {
        using var temp = new TempDirectory();
        temp.Write("rules/broken.yaml", """
            apiVersion: compliance/v1
            contract:
              id: acme
              title: Acme
              parties: [Acme]
            clauses:
              - id: azure-only
                title: t
                text: x
                appliesTo: call
                require: { clod: Azure }
              - id: eu
                title: t
                text: x
                appliesTo: call
                require: { region: { matches: "^eu-" } }
            """);

        var run = CliRun.In(temp.Path, ["lint", "--rules", "rules", "--format", "codequality"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.That(document.RootElement.EnumerateArray().Select(i => (i.GetProperty("check_name").GetString(), i.GetProperty("severity").GetString())),
            Is.EqualTo(new[] { ("CMP0021", "critical") }));
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void Lint_SarifRules_HaveTheCataloguesDescriptionAndHelp_AndLinkToTheCodesOwnRow()
    {
        using var temp = new TempDirectory();
        temp.Write("rules/broken.yaml", """
            apiVersion: compliance/v1
            contract:
              id: acme
              title: Acme
              parties: [Acme]
            clauses:
              - id: azure-only
                title: t
                text: x
                appliesTo: call
                require: { clod: Azure }
            """);

        var run = CliRun.In(temp.Path, ["lint", "--rules", "rules", "--format", "sarif"]);

        using var document = JsonDocument.Parse(run.Stdout);
        var sarifRun = document.RootElement.GetProperty("runs")[0];
        var rule = sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single();
        Assert.That(rule.GetProperty("shortDescription").GetProperty("text").GetString(), Is.EqualTo("A path names no field of the kind"));
        Assert.That(rule.GetProperty("fullDescription").GetProperty("text").GetString(), Is.EqualTo("A path names no field of the kind (with \"did you mean\")."));
        Assert.That(rule.GetProperty("help").GetProperty("text").GetString(), Is.EqualTo(
            "Fix: `cloud: Azure`\nExample: `clod: Azure`\nSee https://github.com/compliance-engine/compliance/blob/main/docs/diagnostics.md#cmp0021"));
        Assert.That(rule.GetProperty("helpUri").GetString(), Is.EqualTo("https://github.com/compliance-engine/compliance/blob/main/docs/diagnostics.md#cmp0021"));
        Assert.That(sarifRun.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("compliance/lint/"));
        Assert.That(sarifRun.GetProperty("results")[0].GetProperty("partialFingerprints").GetProperty("complianceSubjectClause/v1").GetString(), Has.Length.EqualTo(32));
    }

    [Test]
    public void DiagnosticCatalogue_HasAnAnchoredRowWithMeaningExampleAndFix_ForEveryCode()
    {
        var codes = typeof(Compliance.Rules.Diagnostics.DiagnosticCodes).GetFields()
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
        var page = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "diagnostics.md"));

        foreach (var code in codes)
        {
            Assert.That(Cli.Output.DiagnosticCatalogue.Find(code), Is.Not.Null.And.Matches<Cli.Output.DiagnosticEntry>(
                e => e.Meaning.Length > 0 && e.Example.Length > 0 && e.Fix.Length > 0), code);
            Assert.That(page, Does.Contain($"| <a id=\"{code.ToLowerInvariant()}\"></a>{code} |"), $"{code} has no anchor for its helpUri");
        }
    }
}
