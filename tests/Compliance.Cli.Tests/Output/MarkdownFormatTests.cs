using Compliance.Cli.Output;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

public sealed class MarkdownFormatTests
{
    private FormatFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new FormatFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void Report_SaysWhetherTheRunFailed_CountsEachOutcome_AndTablesTheFailingClauses()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.Other),
            "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            ## Compliance check

            **Failed**: 1 of 4 subjects are at or above `indeterminate`.

            | outcome | subjects |
            |---|---:|
            | violation | 1 |
            | indeterminate | 0 |
            | review | 1 |
            | warning | 0 |
            | compliant | 1 |
            | notApplicable | 1 |
            | **total** | **4** |

            ### Failing clauses

            | subject | effect | clause | section | message | source |
            |---|---|---|---|---|---|
            | `on-aws` | violation | `acme/azure-only` | 2.1 | call to m1 runs on AWS | `calls.jsonl:2` |
            | `on-gcp` | review | `acme/gcp-review` | 2.2 | Calls on GCP need review | `calls.jsonl:3` |

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void CleanRun_Passes_AndSaysNoClauseFailed()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Clean), "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("**Passed**: no subject is at or above `indeterminate`.\n"));
        Assert.That(run.Stdout, Does.EndWith("### Failing clauses\n\nNo clause failed.\n"));
    }

    [Test]
    public void FailOnNone_Passes_EvenWithViolations()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.OnAws), "--format", "markdown", "--fail-on", "none");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("**Passed**: `--fail-on none`.\n"));
        Assert.That(run.Stdout, Does.Contain("| `on-aws` | violation | `acme/azure-only` |"));
    }

    [Test]
    public void Cells_EscapePipesAndMarkup_AndKeepToOneLine()
    {
        var subject = """{"kind": "call", "id": "a|b`c", "vendor": "Acme", "model": "m|<b>*x*</b>\nnext", "mode": "stateless", "cloud": "AWS", "timestamp": "2026-03-01"}""";

        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", subject), "--format", "markdown");

        var row = run.Stdout.Split('\n').Single(l => l.StartsWith("| a", StringComparison.Ordinal));
        Assert.That(row, Is.EqualTo(@"| a\|b\`c | violation | `acme/azure-only` | 2.1 | call to m\|\<b\>\*x\*\</b\> next runs on AWS | `calls.jsonl:1` |"));
    }

    [TestCase("x|y", "`x\\|y`")]
    [TestCase("has ` tick", "has \\` tick")]
    public void Code_IsACodeSpanWithPipesEscaped_OrEscapedTextWhenItHoldsABacktick(string text, string markdown) =>
        Assert.That(MarkdownFormat.Code(text), Is.EqualTo(markdown));

    [Test]
    public void RowsPastTheLimit_AreCountedInAClosingLine()
    {
        var rules = new RuleSetLoader().LoadString(FormatFixture.Rules, "rules/acme.yaml");
        var input = _fixture.Subjects("calls.jsonl", FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.OnOci, FormatFixture.OnAws);
        using var writer = new StringWriter();

        var summary = new MarkdownFormat(new FormatOptions { RuleSet = rules, Paths = new ReportPaths(_fixture.Root) }, maxRows: 2)
            .Write(rules.EvaluateMany(new SubjectReader().ReadPath(input)), writer);

        Assert.That(summary.Subjects, Is.EqualTo(4));
        var report = writer.ToString();
        Assert.That(report.Split('\n').Count(l => l.StartsWith("| `on-", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(report, Does.EndWith("\n… and 2 more failing clauses not shown: `--format json` lists them all.\n"));
    }
}
