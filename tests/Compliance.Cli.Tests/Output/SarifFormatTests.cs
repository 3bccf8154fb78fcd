using System.Text.Json;
using Compliance.Cli.Output;
using Compliance.Cli.Output.Sarif;
using Compliance.Model;
using Compliance.Rules;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

public sealed class SarifFormatTests
{
    private FormatFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new FormatFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    private static JsonElement Run(JsonDocument document) => document.RootElement.GetProperty("runs")[0];

    [Test]
    public void Log_HasWhatGitHubCodeScanningRequires()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.OnAws), "--format", "sarif");

        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.That(root.GetProperty("$schema").GetString(), Is.EqualTo("https://json.schemastore.org/sarif-2.1.0.json"));
        Assert.That(root.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        var driver = Run(document).GetProperty("tool").GetProperty("driver");
        Assert.That(driver.GetProperty("name").GetString(), Is.EqualTo("compliance"));
        Assert.That(driver.GetProperty("informationUri").GetString(), Is.EqualTo("https://github.com/compliance-engine/compliance"));
        Assert.That(driver.GetProperty("semanticVersion").GetString(), Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"));
        var result = Run(document).GetProperty("results")[0];
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.That(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("calls.jsonl"));
        Assert.That(location.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void Rules_ListEveryClauseOfTheRuleSet_WithTitleTextAndProperties_AndTheInvalidSubjectRule()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Clean), "--format", "sarif");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var rules = Run(document).GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.That(rules.EnumerateArray().Select(r => r.GetProperty("id").GetString()),
            Is.EqualTo(new[] { "acme/azure-only", "acme/gcp-review", "acme/oci-warning", "invalid-subject" }));
        Assert.That(Run(document).GetProperty("results").GetArrayLength(), Is.Zero);
        var first = rules[0];
        Assert.That(first.GetProperty("name").GetString(), Is.EqualTo("AzureOnly"));
        Assert.That(first.GetProperty("shortDescription").GetProperty("text").GetString(), Is.EqualTo("Stateless calls run on Azure"));
        Assert.That(first.GetProperty("fullDescription").GetProperty("text").GetString(), Is.EqualTo("Stateless calls to Acme models run on Azure."));
        Assert.That(first.GetProperty("help").GetProperty("text").GetString(), Is.EqualTo("Route the call through Azure."));
        var properties = first.GetProperty("properties");
        Assert.That(properties.GetProperty("contract").GetString(), Is.EqualTo("acme"));
        Assert.That(properties.GetProperty("section").GetString(), Is.EqualTo("2.1"));
        Assert.That(properties.GetProperty("effect").GetString(), Is.EqualTo("violation"));
        Assert.That(rules[2].GetProperty("properties").TryGetProperty("section", out _), Is.False, "a clause without a section has none");
        Assert.That(rules.EnumerateArray().Select(r => r.GetProperty("defaultConfiguration").GetProperty("level").GetString()),
            Is.EqualTo(new[] { "error", "warning", "note", "error" }));
    }

    [Test]
    public void Results_OnePerFailingClausePerSubject_LevelByEffect_AtTheSubject_RelatedToTheClause()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Clean, FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.OnOci),
            "--format", "sarif");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var results = Run(document).GetProperty("results").EnumerateArray().ToArray();
        Assert.That(results.Select(r => (r.GetProperty("ruleId").GetString(), r.GetProperty("ruleIndex").GetInt32(), r.GetProperty("level").GetString())),
            Is.EqualTo(new[] { ("acme/azure-only", 0, "error"), ("acme/gcp-review", 1, "warning"), ("acme/oci-warning", 2, "note") }));
        Assert.That(results[0].GetProperty("message").GetProperty("text").GetString(), Is.EqualTo("call to m1 runs on AWS"));
        Assert.That(results.Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()),
            Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(results.Select(r => r.GetProperty("properties").GetProperty("subject").GetString()), Is.EqualTo(new[] { "on-aws", "on-gcp", "on-oci" }));
        var related = results[0].GetProperty("relatedLocations")[0];
        Assert.That(related.GetProperty("id").GetInt32(), Is.Zero);
        Assert.That(related.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("rules/acme.yaml"));
        Assert.That(related.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(7));
        Assert.That(related.GetProperty("message").GetProperty("text").GetString(), Is.EqualTo("clause `acme/azure-only`"));
    }

    [Test]
    public void InvalidSubject_IsOneErrorOfTheInvalidSubjectRule_ListingEveryProblem()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Invalid), "--format", "sarif");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var result = Run(document).GetProperty("results").EnumerateArray().Single();
        Assert.That(result.GetProperty("ruleId").GetString(), Is.EqualTo("invalid-subject"));
        Assert.That(result.GetProperty("ruleIndex").GetInt32(), Is.EqualTo(3));
        Assert.That(result.GetProperty("level").GetString(), Is.EqualTo("error"));
        var message = result.GetProperty("message").GetProperty("text").GetString();
        Assert.That(message, Does.StartWith("subject `no-model` is invalid: "));
        Assert.That(message, Does.Contain("model: ").And.Contain("; cloud: "), "every problem, each with its path");
        Assert.That(result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(),
            Is.EqualTo("calls.jsonl"));
    }

    [Test]
    public void SubjectFromStandardInput_IsLocatedAtTheClause_AndNamedInTheMessage()
    {
        var run = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", "-", "--format", "sarif"], FormatFixture.OnAws + "\n");

        using var document = JsonDocument.Parse(run.Stdout);
        var result = Run(document).GetProperty("results")[0];
        Assert.That(result.GetProperty("message").GetProperty("text").GetString(), Is.EqualTo("subject `on-aws`: call to m1 runs on AWS"));
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.That(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("rules/acme.yaml"));
        Assert.That(location.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(7));
    }

    [Test]
    public void InvalidSubjectFromStandardInput_IsAToolExecutionNotification_SinceAResultWithoutLocationWouldBeRefused()
    {
        var run = CliRun.In(_fixture.Root, ["check", "--rules", "rules", "--input", "-", "--format", "sarif"],
            FormatFixture.Invalid + "\n" + FormatFixture.OnAws + "\n");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var results = Run(document).GetProperty("results").EnumerateArray().ToArray();
        Assert.That(results.Select(r => r.GetProperty("ruleId").GetString()), Is.EqualTo(new[] { "acme/azure-only" }));
        Assert.That(results, Has.All.Matches<JsonElement>(r => r.GetProperty("locations").GetArrayLength() > 0));
        var invocation = Run(document).GetProperty("invocations").EnumerateArray().Single();
        Assert.That(invocation.GetProperty("executionSuccessful").GetBoolean(), Is.True);
        var notification = invocation.GetProperty("toolExecutionNotifications").EnumerateArray().Single();
        Assert.That(notification.GetProperty("level").GetString(), Is.EqualTo("error"));
        Assert.That(notification.GetProperty("message").GetProperty("text").GetString(), Does.StartWith("subject `no-model` is invalid: ").And.Contain("model: "));
        Assert.That(notification.GetProperty("associatedRule").GetProperty("id").GetString(), Is.EqualTo("invalid-subject"));
        Assert.That(notification.GetProperty("associatedRule").GetProperty("index").GetInt32(), Is.EqualTo(3));
        Assert.That(notification.GetProperty("properties").GetProperty("outcome").GetString(), Is.EqualTo("indeterminate"));
    }

    [Test]
    public void NoInvalidSubjectWithoutAFile_NoInvocationIsWritten()
    {
        var run = _fixture.Check("--input", _fixture.Subjects("calls.jsonl", FormatFixture.Invalid), "--format", "sarif");

        using var document = JsonDocument.Parse(run.Stdout);
        Assert.That(Run(document).TryGetProperty("invocations", out _), Is.False);
    }

    [Test]
    public void Writer_RefusesAResultWithoutLocation()
    {
        using var writer = new StringWriter();
        using var sarif = new SarifWriter(writer);
        sarif.WriteStart(new SarifTool("compliance", "0.1.0", "https://example.org"), []);

        Assert.That(() => sarif.WriteResult(new SarifResult("acme/azure-only", SarifLevel.Error, "message") { Locations = [] }),
            Throws.ArgumentException.With.Message.StartWith("result of `acme/azure-only` has no location"));
    }

    [Test]
    public void InputPathGivenAbsolute_UnderTheWorkingDirectory_IsWrittenRelative()
    {
        var absolute = _fixture.Subjects(Path.Combine("inputs", "my calls.jsonl"), FormatFixture.OnAws);
        Assert.That(Path.IsPathFullyQualified(absolute), Is.True);

        var run = _fixture.Check("--input", absolute, "--format", "sarif");

        using var document = JsonDocument.Parse(run.Stdout);
        Assert.That(Run(document).GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation")
            .GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("inputs/my%20calls.jsonl"));
    }

    [TestCase(ClauseStatus.Violated, Effect.Violation, "error")]
    [TestCase(ClauseStatus.Violated, Effect.Review, "warning")]
    [TestCase(ClauseStatus.Violated, Effect.Warning, "note")]
    [TestCase(ClauseStatus.Error, Effect.Warning, "error")]
    [TestCase(ClauseStatus.Error, Effect.Review, "error")]
    public void Level_FollowsTheEffect_AndAnEvaluationErrorIsAnError(ClauseStatus status, Effect effect, string level) =>
        Assert.That(SarifWriter.LevelName(SarifFormat.LevelOf(status, effect)), Is.EqualTo(level));

    [Test]
    public void ToolAndRules_AreWrittenBeforeTheFirstVerdictIsRead()
    {
        var rules = new RuleSetLoader().LoadString(FormatFixture.Rules, "rules/acme.yaml");
        using var writer = new StringWriter();
        var format = new SarifFormat(new FormatOptions { RuleSet = rules, Paths = new ReportPaths(_fixture.Root) });

        format.Write(Verdicts(writer), writer);

        IEnumerable<Verdict> Verdicts(StringWriter seen)
        {
            Assert.That(seen.ToString(), Does.EndWith("\"results\": ["), "the rules are written before the first verdict is asked for");
            yield break;
        }
    }
}
