using Compliance.Cli.Output;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

public sealed class GitHubFormatTests
{
    private FormatFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new FormatFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void OneCommandPerFailingClause_ErrorWarningOrNoticeByEffect_ThenTheSummaryLine()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.OnOci),
            "--format", "github");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            ::error file=calls.jsonl,line=2,title=acme/azure-only (2.1)::call to m1 runs on AWS%0Afix: Route the call through Azure.
            ::warning file=calls.jsonl,line=3,title=acme/gcp-review (2.2)::Calls on GCP need review
            ::notice file=calls.jsonl,line=4,title=acme/oci-warning::Calls on OCI are noted
            4 subjects: 1 violation, 0 indeterminate, 1 review, 1 warning, 1 compliant, 0 notApplicable

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void InvalidSubject_IsAnErrorPerProblem()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Invalid), "--format", "github");

        var commands = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[..^1];
        Assert.That(commands, Has.Length.EqualTo(2), run.Stdout);
        Assert.That(commands, Has.All.StartWith("::error file=calls.jsonl,line=1,title=invalid subject no-model::"));
    }

    [Test]
    public void SubjectFromStandardInput_HasNoFileOrLine()
    {
        var run = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", "-", "--format", "github"], FormatFixture.OnGcp + "\n");

        Assert.That(run.Stdout, Does.StartWith("::warning title=acme/gcp-review (2.2)::Calls on GCP need review\n"));
    }

    [TestCase("100% done", "100%25 done")]
    [TestCase("two\r\nlines", "two%0D%0Alines")]
    [TestCase("a: b, c", "a: b, c")]
    public void EscapeData_EscapesPercentAndLineBreaks(string text, string escaped) =>
        Assert.That(GitHubFormat.EscapeData(text), Is.EqualTo(escaped));

    [TestCase("a: b, c", "a%3A b%2C c")]
    [TestCase("50%\n", "50%25%0A")]
    [TestCase(@"C:\rules\x.yaml", @"C%3A\rules\x.yaml")]
    public void EscapeProperty_AlsoEscapesColonsAndCommas(string text, string escaped) =>
        Assert.That(GitHubFormat.EscapeProperty(text), Is.EqualTo(escaped));

    [Test]
    public void PropertiesWithColonsAndCommas_AreEscapedInTheCommand()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("odd, name: here.jsonl", FormatFixture.OnOci), "--format", "github");

        Assert.That(run.Stdout, Does.StartWith("::notice file=odd%2C name%3A here.jsonl,line=1,title=acme/oci-warning::"));
    }
}
