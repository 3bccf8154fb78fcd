using Compliance.Cli.Tests.Output;
using NUnit.Framework;

namespace Compliance.Cli.Tests;

/// <summary>What a first run shows: the help for <c>compliance</c> alone, help that says what each option does for its
/// command, one form of error, and a text report that names its rules and date, colours outcomes on a terminal only,
/// and says why it exits as it does.</summary>
public sealed class TextOutputTests
{
    private FormatFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new FormatFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    private static readonly CliEnvironment Terminal = CliRun.Environment with { OutputIsTerminal = true, ErrorIsTerminal = true };

    [Test]
    public void NoCommand_PrintsTheHelp_AndExitsAsAUsageError()
    {
        var bare = CliRun.Of([]);
        var help = CliRun.Of(["--help"]);

        Assert.That(bare.ExitCode, Is.EqualTo(2), bare.ToString());
        Assert.That(bare.Stdout, Is.EqualTo(help.Stdout));
        Assert.That(bare.Stdout, Does.Contain("\n  check "));
        Assert.That(bare.Stderr, Is.Empty);
    }

    [Test]
    public void FailOnHelp_ListsTheLevelsBySeverity_AndSaysAtOrAbove()
    {
        var run = CliRun.Of(["check", "--help"]);

        Assert.That(run.Stdout, Does.Match(@"\n  --fail-on <violation\|indeterminate\|review\|warning\|none> +Exit 1 when some verdict is at or above this outcome\. From the most severe: violation, indeterminate, review, warning; `none` never fails\."));
    }

    [TestCase("check", "Judge every subject as of this date")]
    [TestCase("explain", "Judge every subject as of this date")]
    [TestCase("lint", "The date of the analysis")]
    [TestCase("docs", "The date of the analysis")]
    public void AsOfHelp_SaysWhatItDoesForThatCommand_AndNoOther(string command, string start)
    {
        var run = CliRun.Of([command, "--help"]);

        var line = run.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("--as-of", StringComparison.Ordinal));
        Assert.That(line, Does.Contain(start));
        foreach (var other in new[] { "check", "explain", "lint", "docs" })
        {
            Assert.That(line, Does.Not.Contain($"`{other}`"), other);
        }
    }

    [TestCase(new[] { "export", "--rules", "rules" }, "compliance export: error: option `--format` is required\n")]
    [TestCase(new[] { "check", "--rules", "rules", "--input", "x", "--format", "yaml" }, "compliance check: error: argument `yaml` not recognized; must be one of: `text`, `json`, `jsonl`, `sarif`, `junit`, `github`, `markdown`, `codequality`\n")]
    [TestCase(new[] { "lint" }, "compliance lint: error: option `--rules` is required\n")]
    [TestCase(new[] { "frobnicate" }, "compliance: error: unrecognized command or argument `frobnicate`\n")]
    [TestCase(new[] { "check", "--rules", "rules", "--input", "x", "--as-of", "soon" }, "compliance check: error: --as-of: `soon` is not a date as yyyy-MM-dd\n")]
    public void UsageErrors_HaveOneForm_LowercaseWithBackticksAndNoPeriod(string[] args, string first)
    {
        var run = CliRun.Of(args);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith(first));
        Assert.That(run.Stderr, Does.EndWith("for usage\n"));
    }

    [Test]
    public void ErrorsOfTheRunAndOfTheCommandLine_ShareThePrefix()
    {
        var missing = CliRun.Of(["check", "--rules", _fixture.RulesPath, "--input", "no-such-input"]);
        var usage = CliRun.Of(["check", "--rules", _fixture.RulesPath]);

        Assert.That(missing.Stderr, Does.StartWith("compliance check: error: cannot read input `no-such-input`"));
        Assert.That(usage.Stderr, Does.StartWith("compliance check: error: option `--input` is required"));
    }

    [Test]
    public void Header_NamesTheRuleSetAndTheDate()
    {
        var input = _fixture.Subjects("calls.jsonl", FormatFixture.Clean);

        var own = _fixture.Check("--input", input);
        var asOf = _fixture.Check("--input", input, "--as-of", "2025-06-30");

        Assert.That(own.Stdout, Does.StartWith("rules: 1 contract, 3 clauses · as of each subject's timestamp, else today (2026-03-01)\n\n"));
        Assert.That(asOf.Stdout, Does.StartWith("rules: 1 contract, 3 clauses · as of 2025-06-30\n\n"));
    }

    [TestCase(new string[0], 1, "exit 1: 2 subjects at or above --fail-on indeterminate")]
    [TestCase(new[] { "--fail-on", "violation" }, 1, "exit 1: 1 subject at or above --fail-on violation")]
    [TestCase(new[] { "--fail-on", "warning" }, 1, "exit 1: 4 subjects at or above --fail-on warning")]
    [TestCase(new[] { "--fail-on", "none" }, 0, "exit 0: --fail-on none never fails the run")]
    public void LastLine_ExplainsTheExitCode(string[] options, int exitCode, string last)
    {
        var input = _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.OnOci, FormatFixture.Invalid);

        var run = _fixture.Check(["--input", input, .. options]);

        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
        Assert.That(run.Stdout, Does.EndWith("\n5 subjects: 1 violation, 1 indeterminate, 1 review, 1 warning, 1 compliant, 0 notApplicable\n" + last + "\n"));
    }

    [Test]
    public void LastLine_WithNothingFailing_SaysNoSubject()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnGcp));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.EndWith("\nexit 0: no subject at or above --fail-on indeterminate\n"));
    }

    [Test]
    public void RowsAndSummary_SpellOutcomesAlike()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.OnAws, FormatFixture.Other));

        var rows = run.Stdout.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(' ') && l.Contains("  (", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]);
        Assert.That(rows, Is.EqualTo(new[] { "violation", "notApplicable" }));
        Assert.That(run.Stdout, Does.Contain("1 violation, 0 indeterminate, 0 review, 0 warning, 0 compliant, 1 notApplicable"));
    }

    [Test]
    public void OnATerminal_OutcomesAreColoured()
    {
        var run = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws)], environment: Terminal);

        Assert.That(run.Stdout.Contains("\u001b[32mcompliant\u001b[0m      clean", StringComparison.Ordinal), Is.True, run.Stdout);
        Assert.That(run.Stdout.Contains("\u001b[31mviolation\u001b[0m      on-aws", StringComparison.Ordinal), Is.True, run.Stdout);
        Assert.That(run.Stdout.Contains("    [\u001b[31mviolation\u001b[0m] §2.1", StringComparison.Ordinal), Is.True, run.Stdout);
    }

    [TestCase("redirected")]
    [TestCase("NO_COLOR")]
    [TestCase("--no-color")]
    [TestCase("--output")]
    public void Colour_IsOff_WhenNotATerminal_OrWhenTurnedOff(string how)
    {
        using var temp = new TempDirectory();
        var report = temp.Combine("report.txt");
        var input = _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws);
        string[] args = ["check", "--rules", "rules", "--input", input];
        var (environment, extra) = how switch
        {
            "redirected" => (CliRun.Environment, Array.Empty<string>()),
            "NO_COLOR" => (Terminal with { NoColor = true }, []),
            "--no-color" => (Terminal, ["--no-color"]),
            _ => (Terminal, new[] { "--output", report }),
        };

        var run = CliRun.In(_fixture.Root, [.. args, .. extra], environment: environment);

        var text = how == "--output" ? File.ReadAllText(report) : run.Stdout;
        Assert.That(text, Does.Contain("\nviolation      on-aws"));
        Assert.That(text.Contains("\u001b", StringComparison.Ordinal), Is.False, text);
    }

    [Test]
    public void OnATerminal_ErrorsAndLintSeveritiesAreColoured_AndNotWithNoColor()
    {
        var rules = _fixture.Subjects("bad/acme.yaml", FormatFixture.Rules.Replace("require: { cloud: Azure }", "require: { clod: Azure }", StringComparison.Ordinal));

        var coloured = CliRun.Of(["lint", "--rules", rules], environment: Terminal);
        var plain = CliRun.Of(["lint", "--rules", rules, "--no-color"], environment: Terminal);
        var error = CliRun.Of(["check", "--rules", rules, "--input", "x"], environment: Terminal);

        Assert.That(coloured.Stdout.Contains(": \u001b[31merror\u001b[0m CMP0021: unknown path `clod`", StringComparison.Ordinal), Is.True, coloured.Stdout);
        Assert.That(plain.Stdout, Does.Contain(": error CMP0021: unknown path `clod`"));
        Assert.That(plain.Stdout.Contains("\u001b", StringComparison.Ordinal), Is.False, plain.Stdout);
        Assert.That(error.Stderr.Contains("compliance check: \u001b[31merror\u001b[0m: the rule set did not load: 1 error\n", StringComparison.Ordinal), Is.True, error.Stderr);
    }

    [Test]
    public void FromConsole_ReadsNoColor()
    {
        var previous = Environment.GetEnvironmentVariable("NO_COLOR");
        try
        {
            Environment.SetEnvironmentVariable("NO_COLOR", "1");
            Assert.That(CliEnvironment.FromConsole().NoColor, Is.True);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NO_COLOR", previous);
        }
    }
}
