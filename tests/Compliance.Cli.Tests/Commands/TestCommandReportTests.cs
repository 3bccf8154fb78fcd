using System.Text.Json;
using System.Xml.Linq;
using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Commands;

/// <summary><c>test --format json|junit</c>, <c>--output</c> and <c>--coverage-output</c> (Cobertura).</summary>
public sealed partial class TestCommandTests
{
    private CliRun TestAt(params string[] options) =>
        CliRun.In(_temp.Path, ["test", "--rules", "rules", .. options], environment: FixedClock.Environment);

    [Test]
    public void JUnit_ATestCasePerTest_AFailureForEachFailingOne_AndACoverageCaseWithMinCoverage()
    {
        _temp.Write("rules/tests/acme.tests.yaml", FailingTests);

        var run = TestAt("--format", "junit", "--min-coverage", "80");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var document = XDocument.Parse(run.Stdout);
        var suites = document.Descendants("testsuite").ToArray();
        Assert.That(suites.Select(s => (s.Attribute("name")!.Value, s.Attribute("tests")!.Value, s.Attribute("failures")!.Value)),
            Is.EqualTo(new[] { ("rules/tests/acme.tests.yaml", "4", "3"), ("clause coverage", "1", "1") }));
        var cases = suites[0].Elements("testcase").ToArray();
        Assert.That(cases.Select(c => c.Attribute("name")!.Value), Is.EqualTo(new[]
        {
            "a stateless call on Azure is compliant", "a stateless call on AWS is compliant",
            "a research call on AWS is a violation", "a call without a model is compliant",
        }));
        Assert.That(cases.Select(c => c.Attribute("classname")!.Value), Has.All.EqualTo("rules.tests.acme_tests_yaml"));
        Assert.That(cases.Select(c => c.Attribute("file")!.Value), Has.All.EqualTo("rules/tests/acme.tests.yaml"));
        Assert.That(cases.Select(c => c.Element("failure") is not null), Is.EqualTo(new[] { false, true, true, true }));
        Assert.That(cases[1].Element("failure")!.Attribute("message")!.Value, Is.EqualTo("expected outcome `compliant`, got `violation`"));
        Assert.That(suites[1].Element("testcase")!.Element("failure")!.Value, Does.Contain("no test exercises:\n    acme/oci-warning  (rules/acme.yaml:25)"));
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void Json_EveryTestWithItsResult_TheCoverage_AndTheCounts()
    {
        _temp.Write("rules/tests/acme.tests.yaml", FailingTests);

        var run = TestAt("--format", "json");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.That(root.GetProperty("schemaVersion").GetString(), Is.EqualTo("1"));
        Assert.That(root.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("passed").GetBoolean()), Is.EqualTo(new[] { true, false, false, false }));
        Assert.That(root.GetProperty("coverage").GetProperty("unexercised")[0].GetProperty("id").GetString(), Is.EqualTo("acme/oci-warning"));
        Assert.That(root.GetProperty("summary").GetProperty("failed").GetInt32(), Is.EqualTo(3));
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void Output_WritesTheReportToTheFile()
    {
        _temp.Write("rules/tests/acme.tests.yaml", PassingTests);

        var run = TestAt("--format", "junit", "--output", "tests.xml");
        var toStdout = TestAt("--format", "junit");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(File.ReadAllText(_temp.Combine("tests.xml")), Is.EqualTo(toStdout.Stdout));
    }

    [Test]
    public void CoverageOutput_IsCobertura_ALinePerClauseAtItsIdLine_HitWhenATestExercisesIt()
    {
        _temp.Write("rules/tests/acme.tests.yaml", FailingTests);

        var run = TestAt("--coverage-output", "coverage.xml");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.EndWith("1 passed, 3 failed\n"), "the text report still goes to standard output");
        var text = File.ReadAllText(_temp.Combine("coverage.xml"));
        var coverage = XDocument.Parse(text).Root!;
        Assert.That(coverage.Attribute("lines-valid")!.Value, Is.EqualTo("3"));
        Assert.That(coverage.Attribute("lines-covered")!.Value, Is.EqualTo("2"));
        Assert.That(coverage.Element("sources")!.Element("source")!.Value, Is.EqualTo(_temp.Path));
        var @class = coverage.Descendants("class").Single();
        Assert.That(@class.Attribute("filename")!.Value, Is.EqualTo("rules/acme.yaml"));
        Assert.That(@class.Parent!.Parent!.Attribute("name")!.Value, Is.EqualTo("acme"), "a package per contract");
        Assert.That(@class.Descendants("line").Select(l => (l.Attribute("number")!.Value, l.Attribute("hits")!.Value)),
            Is.EqualTo(new[] { ("7", "1"), ("18", "1"), ("25", "0") }));
        Snapshot.Match(text.Replace(_temp.Path, "(working directory)", StringComparison.Ordinal));
    }

    [Test]
    public void CoverageOutput_ThatCannotBeWritten_ExitsTwo()
    {
        _temp.Write("rules/tests/acme.tests.yaml", PassingTests);
        Directory.CreateDirectory(_temp.Combine("coverage.xml"));

        var run = TestAt("--coverage-output", "coverage.xml");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("cannot write output `coverage.xml`"));
    }
}
