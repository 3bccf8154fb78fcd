using System.Text.Json;
using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Commands;

public sealed class ExportCommandTests
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

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void BundledRules_AsRulesEngineWorkflows_MatchSnapshot()
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = RepoRoot.Path;
        try
        {
            var run = CliRun.Of(["export", "--rules", "rules", "--format", "rulesengine"]);

            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stderr, Does.Not.Contain(" error "), "warnings (such as a bundled waiver that has expired by now) may appear; errors may not");
            Snapshot.Match(run.Stdout);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Test]
    public void Export_WritesOneWorkflowPerKindWithARulePerClause()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);

        var run = CliRun.Of(["export", "--rules", rules, "--format", "rulesengine"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(1));
        Assert.That(json.RootElement[0].GetProperty("WorkflowName").GetString(), Is.EqualTo("call"));
        Assert.That(json.RootElement[0].GetProperty("Rules")[0].GetProperty("RuleName").GetString(), Is.EqualTo("acme/azure-only"));
    }

    [Test]
    public void Output_WritesTheFile_AndNothingToStandardOutput()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var output = _temp.Combine("workflows.json");

        var run = CliRun.Of(["export", "--rules", rules, "--format", "rulesengine", "--output", output]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(File.ReadAllText(output), Does.StartWith("[\n  {\n    \"WorkflowName\": \"call\","));
    }

    [Test]
    public void WithoutFormat_IsAUsageError()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);

        var run = CliRun.Of(["export", "--rules", rules]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("--format"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void UnknownFormat_IsAUsageError()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);

        var run = CliRun.Of(["export", "--rules", rules, "--format", "drools"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("drools"));
    }

    [Test]
    public void InvalidRules_ExitTwo_AndWriteNothing()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules.Replace("appliesTo: call", "appliesTo: cal", StringComparison.Ordinal));

        var run = CliRun.Of(["export", "--rules", rules, "--format", "rulesengine"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("error CMP").And.EndWith("compliance export: error: the rule set did not load: 1 error\n"));
    }

    [Test]
    public void Help_ListsTheOptions()
    {
        var run = CliRun.Of(["export", "--help"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain(" export [options]").And.Contain("--rules <PATH> (REQUIRED)").And.Contain("--format <rulesengine> (REQUIRED)").And.Contain("--output <FILE>"));
    }
}
