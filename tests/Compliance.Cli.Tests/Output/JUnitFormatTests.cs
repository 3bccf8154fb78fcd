using System.Xml.Linq;
using Compliance.Cli.Output;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

public sealed class JUnitFormatTests
{
    private FormatFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new FormatFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public void ASuitePerInputFile_ATestCasePerSubject_WithCountsThatAgreeWithTheCases()
    {
        _fixture.Subjects("inputs/a.jsonl", FormatFixture.Clean, FormatFixture.OnAws, FormatFixture.Other);
        _fixture.Subjects("inputs/b.jsonl", FormatFixture.OnGcp, FormatFixture.Invalid);

        var run = _fixture.Check("--input", "inputs", "--format", "junit");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var root = XDocument.Parse(run.Stdout).Root!;
        Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
        var suites = root.Elements("testsuite").ToArray();
        Assert.That(suites.Select(s => s.Attribute("name")!.Value), Is.EqualTo(new[] { "inputs/a.jsonl", "inputs/b.jsonl" }));
        Assert.That(suites.Select(s => (s.Attribute("tests")!.Value, s.Attribute("failures")!.Value, s.Attribute("skipped")!.Value)),
            Is.EqualTo(new[] { ("3", "1", "1"), ("2", "1", "0") }));
        foreach (var suite in suites)
        {
            var cases = suite.Elements("testcase").ToArray();
            Assert.That(cases, Has.Length.EqualTo(int.Parse(suite.Attribute("tests")!.Value, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(cases.Count(c => c.Element("failure") is not null), Is.EqualTo(int.Parse(suite.Attribute("failures")!.Value, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(cases.Select(c => c.Attribute("file")!.Value), Has.All.EqualTo(suite.Attribute("name")!.Value));
            Assert.That(cases.Select(c => c.Attribute("classname")!.Value), Has.All.EqualTo(Cli.Output.JUnitFormat.ClassName(suite.Attribute("name")!.Value)));
        }

        Assert.That(suites[0].Elements("testcase").Select(c => c.Attribute("name")!.Value), Is.EqualTo(new[] { "clean", "on-aws", "other-vendor" }));
    }

    [Test]
    public void Failure_ListsEachFailingClause_WithIdSectionTitleMessageFixAndWhereTheClauseIs()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.OnAws), "--format", "junit");

        var failure = XDocument.Parse(run.Stdout).Descendants("failure").Single();
        Assert.That(failure.Attribute("type")!.Value, Is.EqualTo("violation"));
        Assert.That(failure.Attribute("message")!.Value, Is.EqualTo("violation: acme/azure-only"));
        Assert.That(failure.Value, Is.EqualTo("""
            violation: on-aws (calls.jsonl:1)
            [violation] acme/azure-only §2.1 Stateless calls run on Azure
                call to m1 runs on AWS
                fix: Route the call through Azure.
                clause: rules/acme.yaml:7

            """.ReplaceLineEndings("\n")));
    }

    [TestCase(null, false)]
    [TestCase("review", true)]
    [TestCase("warning", true)]
    [TestCase("violation", false)]
    [TestCase("none", false)]
    public void AReviewSubject_FailsOnlyWhenAtOrAboveFailOn_ElseItsClausesGoToSystemOut(string? failOn, bool fails)
    {
        string[] options = ["--input", _fixture.Subjects("calls.jsonl", FormatFixture.OnGcp), "--format", "junit"];
        var run = _fixture.Check(failOn is null ? options : [.. options, "--fail-on", failOn]);

        var testcase = XDocument.Parse(run.Stdout).Descendants("testcase").Single();
        Assert.That(testcase.Element("failure") is not null, Is.EqualTo(fails), run.Stdout);
        Assert.That(testcase.Element(fails ? "failure" : "system-out")!.Value, Does.Contain("[review] acme/gcp-review §2.2 Calls on GCP need review"));
        Assert.That(run.ExitCode, Is.EqualTo(fails ? 1 : 0), "the failures agree with the exit code");
    }

    [Test]
    public void IndeterminateSubject_IsAFailure_ListingItsErrors()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Invalid), "--format", "junit");

        var failure = XDocument.Parse(run.Stdout).Descendants("failure").Single();
        Assert.That(failure.Attribute("type")!.Value, Is.EqualTo("indeterminate"));
        Assert.That(failure.Attribute("message")!.Value, Is.EqualTo("indeterminate: invalid subject"));
        var lines = failure.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("indeterminate: no-model (calls.jsonl:1)"));
        Assert.That(lines.Skip(1), Has.All.StartWith("[invalid] "));
        Assert.That(lines, Has.Length.EqualTo(3), "both the missing model and the missing cloud");
    }

    [Test]
    public void TextThatXmlCannotHold_IsEscapedOrReplaced_AndTheReportParses()
    {
        var subject = """{"kind": "call", "id": "a<b>&\"c\u0001", "vendor": "Acme", "model": "m&<1>", "mode": "stateless", "cloud": "AWS", "timestamp": "2026-03-01"}""";

        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", subject), "--format", "junit");

        var testcase = XDocument.Parse(run.Stdout).Descendants("testcase").Single();
        Assert.That(testcase.Attribute("name")!.Value, Is.EqualTo("a<b>&\"c\\u0001"), "a character XML 1.0 cannot hold is written visibly");
        Assert.That(testcase.Element("failure")!.Value, Does.Contain("call to m&<1> runs on AWS"));
    }

    [Test]
    public void ASuiteLargerThanTheMemoryLimit_GoesThroughATemporaryFile_AndTheReportIsTheSame()
    {
        var rules = new RuleSetLoader().LoadString(FormatFixture.Rules, "rules/acme.yaml");
        var input = _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.OnOci, FormatFixture.Invalid);
        var second = _fixture.Subjects("more.jsonl", FormatFixture.OnAws, FormatFixture.Clean);
        var options = new FormatOptions { RuleSet = rules, Paths = new ReportPaths(_fixture.Root), TimeProvider = FixedClock.Environment.TimeProvider };
        List<Verdict> Verdicts() => [.. rules.EvaluateMany(new SubjectReader().ReadPath(input).Concat(new SubjectReader().ReadPath(second)))];

        using var inMemory = new StringWriter();
        using var spilled = new StringWriter();
        var summary = new JUnitFormat(options).Write(Verdicts(), inMemory);
        var spilledSummary = new JUnitFormat(options, memoryLimit: 16).Write(Verdicts(), spilled);

        Assert.That(spilled.ToString(), Is.EqualTo(inMemory.ToString()));
        Assert.That(spilledSummary, Is.EqualTo(summary));
        Assert.That(XDocument.Parse(spilled.ToString()).Descendants("testcase").Count(), Is.EqualTo(7));
    }

    [Test]
    public void SpillBuffer_OverItsLimit_MovesToATemporaryFile_AndGivesBackEverything()
    {
        using var buffer = new SpillBuffer(memoryLimit: 8);
        buffer.Append("première ");
        Assert.That(buffer.Spilled, Is.True);
        buffer.Append("ligne\n");
        using var first = new StringWriter();
        buffer.MoveTo(first);
        buffer.Append("second");
        using var second = new StringWriter();
        buffer.MoveTo(second);

        Assert.That(first.ToString(), Is.EqualTo("première ligne\n"));
        Assert.That(second.ToString(), Is.EqualTo("second"));
    }
}
