using System.Text.Json;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Commands;

/// <summary>SPEC §3: errors in a <c>tests</c> document do not stop <c>check</c>, <c>explain</c>, <c>docs</c> or
/// <c>export</c>, which judge with the rules and say on standard error that the tests were not loaded; <c>test</c> and
/// <c>lint</c> report them as errors. A file that cannot be read as a document, and an error in a waiver, still stop
/// every command.</summary>
public sealed class TestsDocumentErrorsTests
{
    private const string Rules = """
        apiVersion: compliance/v1
        contract: { id: acme, title: Acme hosting agreement }
        clauses:
          - id: azure-only
            title: Stateless calls run on Azure
            text: Stateless calls to Acme models run on Azure.
            appliesTo: call
            when: { vendor: Acme, mode: stateless }
            require: { cloud: Azure }
        """;

    /// <summary>A tests document with one mistake: a clause id with a typo.</summary>
    private const string TypoTests = """
        apiVersion: compliance/v1
        tests:
          - name: an Azure call is compliant
            subject: { kind: call, vendor: Acme, model: m1, mode: stateless, cloud: Azure }
            expect: { clauses: { acme/azure-onl: satisfied } }
        """;

    private const string Subject = """{"kind":"call","id":"c1","vendor":"Acme","model":"m1","mode":"stateless","cloud":"AWS"}""";

    private const string TypoDiagnostic =
        "rules/acme.tests.yaml:5:26: error CMP0038: test `an Azure call is compliant` expects a status for `acme/azure-onl`, which is not a clause\n"
        + "  hint: did you mean `acme/azure-only`?\n";

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _temp.Write("rules/acme.yaml", Rules);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private static string NotLoaded(string command, string files = "`rules/acme.tests.yaml`", int errors = 1) =>
        $"compliance {command}: warning: the tests were not loaded ({errors} error{(errors == 1 ? string.Empty : "s")} in {files}); "
        + "judging with the rules alone; `compliance test` reports the errors\n";

    private CliRun Run(params string[] args) => CliRun.In(_temp.Path, args, Subject + "\n");

    public static IEnumerable<TestCaseData> JudgingCommands()
    {
        yield return new TestCaseData("check", new[] { "check", "--rules", "rules", "--input", "-", "--format", "jsonl", "--fail-on", "none" }).SetName("Check_TestsDocumentError_JudgesWithTheRules");
        yield return new TestCaseData("explain", new[] { "explain", "--rules", "rules", "--input", "-" }).SetName("Explain_TestsDocumentError_ExplainsWithTheRules");
        yield return new TestCaseData("docs", new[] { "docs", "--rules", "rules", "--as-of", "2026-03-01" }).SetName("Docs_TestsDocumentError_WritesTheCatalogue");
        yield return new TestCaseData("export", new[] { "export", "--rules", "rules", "--format", "rulesengine" }).SetName("Export_TestsDocumentError_WritesTheExport");
    }

    [TestCaseSource(nameof(JudgingCommands))]
    public void JudgingCommand_TestsDocumentError_ExitsZeroAndSaysTheTestsWereNotLoaded(string command, string[] args)
    {
        _temp.Write("rules/acme.tests.yaml", TypoTests);

        var run = Run(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stderr, Is.EqualTo(TypoDiagnostic + NotLoaded(command)), run.ToString());
            Assert.That(run.Stdout, Does.Contain("acme/azure-only"), "the output is made with the rules");
        });
    }

    [Test]
    public void Check_TestsDocumentError_GivesTheSameVerdictAsWithoutTheTests()
    {
        string[] args = ["check", "--rules", "rules", "--input", "-", "--format", "jsonl"];
        var without = Run(args);
        _temp.Write("rules/acme.tests.yaml", TypoTests);

        var with = Run(args);

        Assert.Multiple(() =>
        {
            Assert.That(with.ExitCode, Is.EqualTo(1), "the AWS call violates the clause: --fail-on judges the verdicts as usual");
            Assert.That(with.ExitCode, Is.EqualTo(without.ExitCode));
            Assert.That(with.Stdout, Is.EqualTo(without.Stdout));
            Assert.That(JsonDocument.Parse(with.Stdout).RootElement.GetProperty("outcome").GetString(), Is.EqualTo("violation"));
        });
    }

    [Test]
    public void Docs_TestsDocumentError_ShowsNoTestAsCovering()
    {
        // The one test would cover the clause if it loaded; none of the tests is shown when they did not load.
        _temp.Write("rules/acme.tests.yaml", TypoTests.Replace("acme/azure-onl", "acme/azure-only", StringComparison.Ordinal)
            + "\n  - name: a second test\n    subject: { kind: call, model: m1, clod: Azure }\n");

        var run = Run("docs", "--rules", "rules", "--as-of", "2026-03-01");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stderr, Does.EndWith(NotLoaded("docs", errors: 2)));
            Assert.That(run.Stdout, Does.Not.Contain("an Azure call is compliant"));
        });
    }

    [Test]
    public void Test_TestsDocumentError_IsAnErrorAndExitsTwo()
    {
        _temp.Write("rules/acme.tests.yaml", TypoTests);

        var run = Run("test", "--rules", "rules");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr, Is.EqualTo(TypoDiagnostic + "compliance test: error: the rule set did not load: 1 error\n"));
            Assert.That(run.Stdout, Is.Empty);
        });
    }

    [Test]
    public void Lint_TestsDocumentError_IsAnError()
    {
        _temp.Write("rules/acme.tests.yaml", TypoTests);

        var run = Run("lint", "--rules", "rules");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), "lint exits 1 on errors: " + run);
            Assert.That(run.Stdout, Is.EqualTo(TypoDiagnostic + "\n1 error, 0 warnings\n"));
        });
    }

    public static IEnumerable<TestCaseData> EveryCommand() => JudgingCommands()
        .Select(c => (string[])c.Arguments[1]!)
        .Append(["test", "--rules", "rules"])
        .Select(args => new TestCaseData((object)args).SetName($"{args[0]}_TestsFileThatIsNotYaml_StopsTheCommand"));

    [TestCaseSource(nameof(EveryCommand))]
    public void Command_TestsFileThatIsNotYaml_StopsTheCommand(string[] args)
    {
        _temp.Write("rules/acme.tests.yaml", "apiVersion: compliance/v1\ntests:\n  - name: a\n\tsubject: {}\n");

        var run = Run(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr, Is.EqualTo(
                "rules/acme.tests.yaml:4:1: error CMP0001: a tab is used for indentation; YAML indents with spaces only\n"
                + "  hint: replace the tab with spaces\n"
                + $"compliance {args[0]}: error: the rule set did not load: 1 error\n"));
            Assert.That(run.Stdout, Is.Empty);
        });
    }

    [Test]
    public void Check_WaiverError_StopsTheCommand_AndTheTestsErrorsAreCountedWithIt()
    {
        _temp.Write("rules/acme.tests.yaml", TypoTests);
        _temp.Write("rules/waivers.yaml", "apiVersion: compliance/v1\nwaivers:\n  - id: W-1\n    clause: acme/azure-only\n    when: {}\n    reason: A study.\n    expires: 2099-13-01\n");

        var run = Run("check", "--rules", "rules", "--input", "-");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr, Does.StartWith(TypoDiagnostic + "rules/waivers.yaml:7:14: error CMP0017: "), run.ToString());
            Assert.That(run.Stderr, Does.EndWith("\ncompliance check: error: the rule set did not load: 2 errors\n"));
            Assert.That(run.Stdout, Is.Empty);
        });
    }

    [Test]
    public void Check_TestsDocumentErrorsInTwoFiles_NamesBothFilesInTheOneLine()
    {
        _temp.Write("rules/acme.tests.yaml", TypoTests);
        _temp.Write("rules/more.tests.yaml", TypoTests.Replace("an Azure call", "another call", StringComparison.Ordinal) + "\n    asOf: 2026-02-30\n");

        var run = Run("check", "--rules", "rules", "--input", "-", "--fail-on", "none");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stderr.Split('\n').Count(l => l.StartsWith("compliance check: ", StringComparison.Ordinal)), Is.EqualTo(1), run.ToString());
            Assert.That(run.Stderr, Does.EndWith(NotLoaded("check", "`rules/acme.tests.yaml`, `rules/more.tests.yaml`", errors: 3)), run.ToString());
        });
    }

    [Test]
    public void Check_TestsDocumentErrorInAFileWhoseNameHasAnEscape_PrintsTheNameEscaped()
    {
        _temp.Write("rules/acme\u001b[2J.tests.yaml", TypoTests);

        var run = Run("check", "--rules", "rules", "--input", "-", "--fail-on", "none");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stderr.Count(c => c == '\u001b'), Is.Zero, "no raw escape reaches standard error");
            Assert.That(run.Stderr, Does.EndWith(NotLoaded("check", "`rules/acme\\u001b[2J.tests.yaml`")));
        });
    }

    /// <summary>A contract file that is not YAML, whose clause the tests document names: one error and one note.</summary>
    private void WriteBrokenContract()
    {
        _temp.Write("rules/acme.yaml", Rules.Replace("    title: Stateless", "\ttitle: Stateless", StringComparison.Ordinal));
        _temp.Write("rules/acme.tests.yaml", TypoTests.Replace("acme/azure-onl", "acme/azure-only", StringComparison.Ordinal));
    }

    private const string BrokenContractError =
        "rules/acme.yaml:5:1: error CMP0001: a tab is used for indentation; YAML indents with spaces only\n"
        + "  hint: replace the tab with spaces\n";

    private const string SkippedNote =
        "rules/acme.yaml:5:1: info CMP0095: `rules/acme.yaml` could not be read, so 1 reference to contracts that no file read defines was not checked (`acme/azure-only` at rules/acme.tests.yaml:5)\n"
        + "  hint: fix the file that could not be read first; the skipped checks run once it reads\n";

    [Test]
    public void Lint_BrokenContractFile_ReportsItsErrorAndOneNote()
    {
        WriteBrokenContract();

        var run = Run("lint", "--rules", "rules");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stdout, Is.EqualTo(BrokenContractError + SkippedNote + "\n1 error, 0 warnings\n"));
        });
    }

    [Test]
    public void Check_BrokenContractFile_PrintsItsErrorAndOneNote_AndExitsTwo()
    {
        WriteBrokenContract();

        var run = Run("check", "--rules", "rules", "--input", "-");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr, Is.EqualTo(BrokenContractError + SkippedNote + "compliance check: error: the rule set did not load: 1 error\n"));
        });
    }

    [Test]
    public void Lint_BrokenContractFile_TheNoteIsInfoInJsonNoteInSarifAndInfoInCodeQuality()
    {
        WriteBrokenContract();

        using var json = JsonDocument.Parse(Run("lint", "--rules", "rules", "--format", "json").Stdout);
        using var sarif = JsonDocument.Parse(Run("lint", "--rules", "rules", "--format", "sarif").Stdout);
        using var quality = JsonDocument.Parse(Run("lint", "--rules", "rules", "--format", "codequality").Stdout);

        var sarifRun = sarif.RootElement.GetProperty("runs")[0];
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => $"{d.GetProperty("code").GetString()} {d.GetProperty("severity").GetString()}"),
                Is.EqualTo(new[] { "CMP0001 error", "CMP0095 info" }));
            Assert.That(json.RootElement.GetProperty("summary").GetProperty("warnings").GetInt32(), Is.Zero, "a note is not a warning");
            Assert.That(sarifRun.GetProperty("results").EnumerateArray().Select(r => $"{r.GetProperty("ruleId").GetString()} {r.GetProperty("level").GetString()}"),
                Is.EqualTo(new[] { "CMP0001 error", "CMP0095 note" }));
            Assert.That(sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
                    .Select(r => r.GetProperty("defaultConfiguration").GetProperty("level").GetString()),
                Is.EqualTo(new[] { "error", "note" }));
            Assert.That(quality.RootElement.EnumerateArray().Select(i => $"{i.GetProperty("check_name").GetString()} {i.GetProperty("severity").GetString()}"),
                Is.EqualTo(new[] { "CMP0001 critical", "CMP0095 info" }));
        });
    }
}
