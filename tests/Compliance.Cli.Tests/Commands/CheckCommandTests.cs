using System.Text.Json;
using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Commands;

public sealed class CheckCommandTests
{
    // The same small rule set and subjects as the format tests.
    private const string Rules = Output.FormatFixture.Rules;
    private const string Clean = Output.FormatFixture.Clean;
    private const string OnAws = Output.FormatFixture.OnAws;
    private const string OnGcp = Output.FormatFixture.OnGcp;
    private const string OnOci = Output.FormatFixture.OnOci;

    private TempDirectory _temp = null!;
    private string _rules = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _rules = _temp.Write("rules/acme.yaml", Rules);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private string Subjects(params string[] lines) => _temp.Write($"subjects-{Guid.NewGuid():N}.jsonl", string.Join("\n", lines) + "\n");

    /// <summary>Runs <c>check</c> over the rules directory (so that a test can add files to it).</summary>
    private CliRun Check(params string[] options) => CliRun.Of(["check", "--rules", Path.GetDirectoryName(_rules)!, .. options]);

    [Test]
    public void CleanSubject_ExitsZero_AndReportsItCompliant()
    {
        var run = Check("--input", Subjects(Clean));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("\ncompliant      clean  ("));
        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public void ViolatingSubject_ExitsOne_AndTextNamesTheClauseItsMessageAndFix()
    {
        var input = Subjects(Clean, OnAws);

        var run = Check("--input", input);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo($"""
            rules: 1 contract, 3 clauses · as of each subject's timestamp, else today (2026-03-01)

            compliant      clean  ({input}:1)
            violation      on-aws  ({input}:2)
                [violation] §2.1 Stateless calls run on Azure: call to m1 runs on AWS  (acme/azure-only)
                    fix: Route the call through Azure.

            2 subjects: 1 violation, 0 indeterminate, 0 review, 0 warning, 1 compliant, 0 notApplicable
            exit 1: 1 subject at or above --fail-on indeterminate

            """));
    }

    [Test]
    public void MissingRulesPath_ExitsTwo_WithUnreadablePathDiagnostic()
    {
        var missing = _temp.Combine("no-such-rules");

        var run = CliRun.Of(["check", "--rules", missing, "--input", Subjects(Clean)]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("error CMP0060:"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void InvalidRuleFile_ExitsTwo_AndPrintsEveryDiagnosticCompilerStyleWithHints()
    {
        var bad = _temp.Write("rules/bad.yaml", """
            apiVersion: compliance/v1
            contract:
              id: bad
              title: Bad contract
              parties: [A, B]
            clauses:
              - id: typo-path
                title: A path with a typo
                text: Calls run on Azure.
                appliesTo: call
                require: { clod: Azure }
              - id: typo-key
                title: A key with a typo
                text: Calls run on Azure.
                appliesTo: call
                requires: { cloud: Azure }
            """);

        var run = Check("--input", Subjects(Clean));

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var diagnostics = lines.Where(l => l.StartsWith(bad + ":", StringComparison.Ordinal)).ToArray();
        Assert.That(diagnostics, Has.Length.GreaterThanOrEqualTo(2), run.ToString());
        Assert.That(diagnostics, Has.All.Match(@":\d+:\d+: error CMP\d{4}: "));
        Assert.That(diagnostics, Has.Some.StartWith($"{bad}:11:"), "the unknown path, on its line");
        Assert.That(lines, Has.Some.StartWith("  hint: did you mean"));
        Assert.That(lines[^1], Does.StartWith("compliance check: error: the rule set did not load: "));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void UnwritableOutputPath_ExitsTwo_WithClearMessage_AndWritesNothing()
    {
        var file = _temp.Write("a-file", "x\n");
        var output = Path.Combine(file, "no-such-directory", "report.json");

        var run = Check("--input", Subjects(Clean), "--output", output);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo($"compliance check: error: cannot write output `{output}`: `{file}` is a file, not a folder\n"));
        Assert.That(File.ReadAllText(file), Is.EqualTo("x\n"));
    }

    [Test]
    public void OutputPathThatIsADirectory_ExitsTwo()
    {
        var run = Check("--input", Subjects(Clean), "--output", _temp.Path);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo($"compliance check: error: cannot write output `{_temp.Path}`: it is a directory\n"));
    }

    [TestCase("--format", "xml")]
    [TestCase("--fail-on", "sometimes")]
    [TestCase("--detail", "some")]
    [TestCase("--as-of", "01/06/2026")]
    [TestCase("--as-of", "2026-13-01")]
    public void InvalidOptionValue_ExitsTwo_NamingTheValue(string option, string value)
    {
        var run = Check("--input", Subjects(Clean), option, value);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain(value));
        Assert.That(run.Stderr, Does.EndWith("run `compliance check --help` for usage\n"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void MissingRequiredOption_ExitsTwo()
    {
        var run = CliRun.Of(["check", "--input", Subjects(Clean)]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("--rules"));
    }

    [Test]
    public void NoCommand_ExitsTwo()
    {
        var run = CliRun.Of([]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
    }

    [Test]
    public void MissingInputPath_ExitsTwo_NamingThePath()
    {
        var missing = _temp.Combine("no-such-input.jsonl");

        var run = Check("--input", Subjects(Clean), missing);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo($"compliance check: error: cannot read input `{missing}`: no such file or directory\n"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void MalformedJsonLineOnStdin_IsOneIndeterminateVerdict_AndTheRestOfTheBatchIsJudged()
    {
        var stdin = string.Join("\n", Clean, """{"kind": "call", "id": """, OnAws, OnOci) + "\n";

        var run = CliRun.Of(["check", "--rules", _rules, "--input", "-", "--format", "jsonl"], stdin);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var verdicts = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.That(verdicts.Select(v => v.GetProperty("outcome").GetString()),
            Is.EqualTo(new[] { "compliant", "indeterminate", "violation", "warning" }));
        Assert.That(verdicts.Select(v => v.GetProperty("source").GetString()), Is.EqualTo(new[] { "-:1", "-:2", "-:3", "-:4" }));
        Assert.That(verdicts[1].GetProperty("errors").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(verdicts[1].GetProperty("clauses").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void EmptyId_IsNamedByItsFileAndLine_LikeAMissingOne_InEveryReader()
    {
        var jsonl = Subjects(OnAws.Replace("\"id\": \"on-aws\"", "\"id\": \"\"", StringComparison.Ordinal));
        var yaml = _temp.Write("blank.yaml", "kind: call\nid: \"  \"\nvendor: Acme\nmodel: m1\nmode: stateless\ncloud: AWS\n");

        var run = Check("--input", jsonl, yaml, "--format", "jsonl");

        var subjects = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("subject").GetString());
        Assert.That(subjects, Is.EqualTo(new[] { $"{jsonl.Replace('\\', '/')}:1", $"{yaml.Replace('\\', '/')}:1" }), run.ToString());
    }

    [Test]
    public void JsonFormat_WritesTheDocumentedDocument()
    {
        var run = Check("--input", Subjects(Clean, OnAws, OnGcp), "--format", "json");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "schemaVersion", "verdicts", "summary" }));
        Assert.That(root.GetProperty("verdicts").EnumerateArray().Select(v => v.GetProperty("subject").GetString()),
            Is.EqualTo(new[] { "clean", "on-aws", "on-gcp" }));
        Assert.That(root.GetProperty("summary").GetRawText().ReplaceLineEndings("").Replace(" ", "", StringComparison.Ordinal), Is.EqualTo(
            """{"subjects":3,"violation":1,"indeterminate":0,"review":1,"warning":0,"compliant":1,"notApplicable":0}"""));
        Assert.That(run.Stdout, Does.EndWith("}\n"));
    }

    [Test]
    public void DetailFailing_KeepsOnlyViolatedClauses_ButNotTheOutcomeOrSummary()
    {
        var input = Subjects(Clean, OnAws);

        var full = Check("--input", input, "--format", "json");
        var failing = Check("--input", input, "--format", "json", "--detail", "failing");

        Assert.That(failing.ExitCode, Is.EqualTo(1), failing.ToString());
        using var fullDocument = JsonDocument.Parse(full.Stdout);
        using var failingDocument = JsonDocument.Parse(failing.Stdout);
        var fullVerdicts = fullDocument.RootElement.GetProperty("verdicts");
        var failingVerdicts = failingDocument.RootElement.GetProperty("verdicts");
        Assert.That(fullVerdicts[1].GetProperty("clauses").GetArrayLength(), Is.EqualTo(3));
        Assert.That(failingVerdicts[0].GetProperty("clauses").GetArrayLength(), Is.Zero);
        Assert.That(failingVerdicts[1].GetProperty("clauses").EnumerateArray().Select(c => c.GetProperty("id").GetString()),
            Is.EqualTo(new[] { "acme/azure-only" }));
        Assert.That(failingVerdicts.EnumerateArray().Select(v => v.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "compliant", "violation" }));
        Assert.That(failingDocument.RootElement.GetProperty("summary").GetRawText(), Is.EqualTo(fullDocument.RootElement.GetProperty("summary").GetRawText()));
    }

    [TestCase(null, "on-aws", 1)]
    [TestCase(null, "on-gcp", 0)]
    [TestCase("none", "on-aws", 0)]
    [TestCase("violation", "on-aws", 1)]
    [TestCase("review", "on-gcp", 1)]
    [TestCase("review", "on-oci", 0)]
    [TestCase("warning", "on-oci", 1)]
    [TestCase("warning", "clean", 0)]
    public void FailOn_ExitsOneOnlyWhenSomeVerdictIsAtOrAboveTheThreshold(string? failOn, string subject, int exitCode)
    {
        var line = new Dictionary<string, string> { ["clean"] = Clean, ["on-aws"] = OnAws, ["on-gcp"] = OnGcp, ["on-oci"] = OnOci }[subject];
        string[] options = failOn is null ? ["--input", Subjects(line)] : ["--input", Subjects(line), "--fail-on", failOn];

        var run = Check(options);

        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
    }

    [Test]
    public void Output_WritesTheReportToTheFile_ReplacingIt_AndLeavesNoTemporaryFile()
    {
        var output = _temp.Write("reports/report.jsonl", "an older report\n");

        var run = Check("--input", Subjects(Clean, OnAws), "--format", "jsonl", "--output", output);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        var lines = File.ReadAllLines(output);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("subject").GetString()), Is.EqualTo(new[] { "clean", "on-aws" }));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(output)!), Is.EqualTo(new[] { output }));
    }

    [Test]
    public void Output_WhenTheRuleSetIsInvalid_LeavesTheEarlierReportUntouched()
    {
        var output = _temp.Write("reports/report.json", "an older report\n");
        _temp.Write("rules/broken.yaml", "apiVersion: compliance/v1\nnonsense: true\n");

        var run = Check("--input", Subjects(Clean), "--output", output);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(File.ReadAllText(output), Is.EqualTo("an older report\n"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(output)!), Is.EqualTo(new[] { output }));
    }

    [Test]
    public void AsOf_JudgesEverySubjectOnThatDate()
    {
        var run = Check("--input", Subjects(Clean), "--format", "jsonl", "--as-of", "2026-06-01");

        Assert.That(JsonDocument.Parse(run.Stdout).RootElement.GetProperty("asOf").GetString(), Is.EqualTo("2026-06-01"));
    }

    [Test]
    public void Trace_InText_ListsEveryClauseWithItsStatus()
    {
        var run = Check("--input", Subjects(OnOci), "--trace");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("    [notApplicable] §2.1 Stateless calls run on Azure: "));
        Assert.That(run.Stdout, Does.Contain("    [satisfied] §2.2 Calls on GCP need review  (acme/gcp-review)\n"));
        Assert.That(run.Stdout, Does.Contain("    [warning] Calls on OCI are noted  (acme/oci-warning)\n"));
    }

    [Test]
    public void ManyRulesAndInputPaths_AreAllRead_RulesInPathOrder()
    {
        var moreRules = _temp.Write("more-rules/other.yaml", Rules.Replace("id: acme", "id: other", StringComparison.Ordinal));

        var run = CliRun.Of(["check", "--rules", _rules, moreRules, "--input", Subjects(Clean), Subjects(OnAws), "--format", "jsonl"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var verdicts = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.That(verdicts, Has.Length.EqualTo(2));
        Assert.That(verdicts[1].GetProperty("clauses").EnumerateArray().Select(c => c.GetProperty("id").GetString()),
            Is.EqualTo(new[] { "other/azure-only", "other/gcp-review", "other/oci-warning", "acme/azure-only", "acme/gcp-review", "acme/oci-warning" }),
            "`.../more-rules/other.yaml` sorts before `.../rules/acme.yaml`");
    }

    [Test]
    public void BundledRulesOverSampleSubjects_AsJson_MatchSnapshot()
    {
        var run = CliRun.In(RepoRoot.Path, ["check", "--rules", "rules", "--input", "samples/subjects", "--format", "json", "--as-of", "2026-06-01"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Snapshot.Match(run.Stdout);
    }
}
