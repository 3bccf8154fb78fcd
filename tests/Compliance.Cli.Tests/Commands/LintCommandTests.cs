using System.Text.Json;
using Compliance.Cli.Commands;
using Compliance.Rules;
using Compliance.Rules.Diagnostics;
using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Commands;

public sealed class LintCommandTests
{
    private const string Contract = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:
          - id: azure-only
            title: Stateless calls run on Azure
            text: Stateless calls run on Azure.
            appliesTo: call
            when: { mode: stateless }
            require: { cloud: Azure }
        """;

    private const string BrokenContract = """
        apiVersion: compliance/v1
        contract:
          id: broken
          title: Broken contract
          parties: [Acme, Contoso]
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
        """;

    private const string ExpiredWaiver = """
        apiVersion: compliance/v1
        waivers:
          - id: W-2019-001
            clause: acme/azure-only
            when: { id: old-batch }
            reason: A study that ended long ago.
            expires: 2020-01-01
        """;

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    /// <summary>Runs <c>lint --rules rules</c> in the temporary directory, so that paths print as <c>rules/...</c>.</summary>
    private CliRun Lint(params string[] options) => CliRun.In(_temp.Path, ["lint", "--rules", "rules", .. options]);

    private void WriteBrokenRuleSet()
    {
        _temp.Write("rules/acme.yaml", Contract);
        _temp.Write("rules/broken.yaml", BrokenContract);
        _temp.Write("rules/waivers.yaml", ExpiredWaiver);
    }

    [Test]
    public void BundledRules_ReportTheDisputeAsAContradictionWithACounterexample_ExitZero()
    {
        var run = CliRun.In(RepoRoot.Path, ["lint", "--rules", "rules", "--as-of", "2026-03-01"]);

        // The contradiction is the dispute itself: Microsoft's reading (msft-openai 2.4) against the Bedrock runtime
        // (openai-amazon 1.3), explained in docs/clauses.md. The two CMP0101 notes are the clauses the analysis cannot
        // reason about (a pattern on free text, an expression).
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            rules/msft-openai.yaml:42:30: warning CMP0101: the `require` of clause `msft-openai/azure-endpoint-consistency` is not analysed: it uses `matches` on the text `endpoint`
              hint: the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests
            rules/openai-amazon.yaml:43:9: warning CMP0100: clauses `msft-openai/stateful-runtime-stateless-calls` (rules/msft-openai.yaml:132) and `openai-amazon/bedrock-runtime-calls` contradict on 2026-03-01: no choice of `calls` satisfies both for a subject both apply to
              hint: counterexample: { kind: deployment, product: example, vendor: OpenAI, runtime: stateful, hostCloud: AWS, timestamp: 2026-03-01, calls: [{ vendor: OpenAI, model: example, mode: stateless, cloud: other }] } violates both
            rules/openai-amazon.yaml:124:7: warning CMP0101: the `require` of clause `openai-amazon/trainium-capacity` is not analysed: it uses `expression`
              hint: the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests

            0 errors, 3 warnings

            """));
        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public void BundledRules_WithStrict_ExitOne_BecauseTheContradictionCounts_AndTheNotAnalysedNotesDoNot()
    {
        var run = CliRun.In(RepoRoot.Path, ["lint", "--rules", "rules", "--as-of", "2026-03-01", "--strict"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.EndWith("0 errors, 3 warnings\n"));
    }

    [Test]
    public void Errors_ArePrintedCompilerStyleInLocationOrder_WithHints_AndACountLine_ExitOne()
    {
        WriteBrokenRuleSet();

        var run = Lint();

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            rules/broken.yaml:11:16: error CMP0021: unknown path `clod`: `call` has no field `clod`
              hint: did you mean `cloud`?
            rules/broken.yaml:12:5: error CMP0018: clause `typo-key` needs one of `require` or `forbid`
            rules/broken.yaml:16:5: error CMP0012: unknown key `requires` in a clause
              hint: did you mean `require`?
            rules/waivers.yaml:7:14: warning CMP0040: waiver `W-2019-001` expired on 2020-01-01
              hint: remove it, or renew it with a new `expires` date

            3 errors, 1 warning

            """));
        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public void WarningsOnly_ExitZero_ButOneWithStrict()
    {
        _temp.Write("rules/acme.yaml", Contract);
        _temp.Write("rules/waivers.yaml", ExpiredWaiver);

        var lenient = Lint();
        var strict = Lint("--strict");

        Assert.That(lenient.ExitCode, Is.EqualTo(0), lenient.ToString());
        Assert.That(lenient.Stdout, Does.EndWith("\n0 errors, 1 warning\n"));
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.ToString());
        Assert.That(strict.Stdout, Is.EqualTo(lenient.Stdout));
    }

    [Test]
    public void CleanRules_WithStrict_ExitZero()
    {
        _temp.Write("rules/acme.yaml", Contract);

        var run = Lint("--strict");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("0 errors, 0 warnings\n"));
    }

    [Test]
    public void MissingRulesPath_ExitsTwo_AndSaysSo()
    {
        var run = Lint();

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        // A relative path is read from the current directory: the message names the folder it looked at.
        var lookedAt = Path.Combine(_temp.Path, "rules").Replace('\\', '/');
        Assert.That(run.Stdout, Is.EqualTo($"rules:1:1: error CMP0060: the rules path does not exist: no file or folder at `{lookedAt}`\n"
            + "  hint: a relative path is read from the current directory\n\n1 error, 0 warnings\n"));
    }

    [Test]
    public void RulesDirectoryWithoutRuleFiles_ExitsTwo()
    {
        _temp.Write("rules/README.md", "no rules here\n");

        var run = Lint();

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Does.StartWith("rules:1:1: error CMP0061: "));
    }

    [TestCase("--format", "xml")]
    [TestCase("--severity", "error")]
    public void UsageError_ExitsTwo(string option, string value)
    {
        _temp.Write("rules/acme.yaml", Contract);

        var run = Lint(option, value);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.EndWith("run `compliance lint --help` for usage\n"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void MisspeltOptionAfterRulePaths_IsAUsageError_NotARulesPath()
    {
        _temp.Write("rules/acme.yaml", Contract);

        var run = Lint("--stirct");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo("compliance lint: error: unknown option `--stirct`\nrun `compliance lint --help` for usage\n"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [TestCase("--rules", "rules/acme.yaml", "more/broken.yaml")]
    [TestCase("--rules", "rules/acme.yaml", "--rules", "more/broken.yaml")]
    public void RulesPaths_CanBeRepeatedOrListed_AndAreAllLinted(params string[] arguments)
    {
        _temp.Write("rules/acme.yaml", Contract);
        _temp.Write("more/broken.yaml", BrokenContract);

        var run = CliRun.In(_temp.Path, ["lint", .. arguments]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Does.StartWith("more/broken.yaml:11:16: error CMP0021: "));
        Assert.That(run.Stdout, Does.EndWith("\n3 errors, 0 warnings\n"));
    }

    [Test]
    public void MissingRulesOption_ExitsTwo()
    {
        var run = CliRun.Of(["lint"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("--rules"));
    }

    [Test]
    public void Json_WritesTheDocumentedDocument()
    {
        WriteBrokenRuleSet();

        var run = Lint("--format", "json");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void Json_ForBundledRules_HasTheContradictionAndTheNotAnalysedNotes()
    {
        var run = CliRun.In(RepoRoot.Path, ["lint", "--rules", "rules", "--format", "json", "--as-of", "2026-03-01"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.That(document.RootElement.GetProperty("schemaVersion").GetString(), Is.EqualTo("1"));
        Assert.That(document.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()),
            Is.EqualTo(new[] { "CMP0101", "CMP0100", "CMP0101" }), "the dispute's contradiction, and the two clauses the analysis cannot reason about");
        Assert.That(document.RootElement.GetProperty("summary").GetRawText().ReplaceLineEndings("").Replace(" ", "", StringComparison.Ordinal),
            Is.EqualTo("""{"errors":0,"warnings":3}"""));
    }

    [Test]
    public void Sarif_MatchesSnapshot()
    {
        WriteBrokenRuleSet();

        var run = Lint("--format", "sarif");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Snapshot.Match(run.Stdout
            .Replace($"\"{ToolInfo.ReleaseVersion}\"", "\"(version)\"", StringComparison.Ordinal)
            .Replace($"compliance {ToolInfo.ReleaseVersion} (", "compliance (version) (", StringComparison.Ordinal));
    }

    [Test]
    public void Sarif_ListsARulePerCodeThatOccurs_AndLocatesEachResultAtItsRuleFile()
    {
        WriteBrokenRuleSet();

        var run = Lint("--format", "sarif");

        using var document = JsonDocument.Parse(run.Stdout);
        var sarifRun = document.RootElement.GetProperty("runs")[0];
        var driver = sarifRun.GetProperty("tool").GetProperty("driver");
        Assert.That(document.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        Assert.That(driver.GetProperty("name").GetString(), Is.EqualTo("compliance"));
        Assert.That(driver.GetProperty("version").GetString(), Is.EqualTo(ToolInfo.ReleaseVersion).And.Not.Contain("+"));
        var rules = driver.GetProperty("rules").EnumerateArray().ToArray();
        var ruleIds = rules.Select(r => r.GetProperty("id").GetString()).ToArray();
        Assert.That(ruleIds, Is.EqualTo(new[] { "CMP0012", "CMP0018", "CMP0021", "CMP0040" }));
        Assert.That(rules.Select(r => r.GetProperty("defaultConfiguration").GetProperty("level").GetString()),
            Is.EqualTo(new[] { "error", "error", "error", "warning" }));
        Assert.That(rules.Select(r => r.GetProperty("helpUri").GetString()), Is.EqualTo(ruleIds.Select(id =>
            $"https://github.com/compliance-engine/compliance/blob/main/docs/diagnostics.md#{id!.ToLowerInvariant()}")));
        var results = sarifRun.GetProperty("results").EnumerateArray().ToArray();
        Assert.That(results.Select(r => r.GetProperty("ruleId").GetString()), Is.EqualTo(new[] { "CMP0021", "CMP0018", "CMP0012", "CMP0040" }));
        Assert.That(results.Select(r => ruleIds[r.GetProperty("ruleIndex").GetInt32()]), Is.EqualTo(results.Select(r => r.GetProperty("ruleId").GetString())));
        Assert.That(results.Select(r => r.GetProperty("level").GetString()), Is.EqualTo(new[] { "error", "error", "error", "warning" }));
        var location = results[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.That(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("rules/broken.yaml"));
        Assert.That(location.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(11));
        Assert.That(location.GetProperty("region").GetProperty("startColumn").GetInt32(), Is.EqualTo(16));
    }

    [Test]
    public void Sarif_ForAnAbsoluteRulesPathUnderTheCurrentDirectory_UsesRelativeUris()
    {
        WriteBrokenRuleSet();

        var run = CliRun.In(_temp.Path, ["lint", "--rules", _temp.Combine("rules"), "--format", "sarif"]);

        using var document = JsonDocument.Parse(run.Stdout);
        var uris = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())
            .Distinct();
        Assert.That(uris, Is.EqualTo(new[] { "rules/broken.yaml", "rules/waivers.yaml" }));
    }

    [Test]
    public void Output_WritesTheReportToTheFile()
    {
        WriteBrokenRuleSet();
        var output = _temp.Combine("lint.sarif");

        var run = Lint("--format", "sarif", "--output", output);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        using var document = JsonDocument.Parse(File.ReadAllText(output));
        Assert.That(document.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength(), Is.EqualTo(4));
    }

    [Test]
    public void UnwritableOutput_ExitsTwo()
    {
        _temp.Write("rules/acme.yaml", Contract);
        var output = Path.Combine(_temp.Write("a-file", "x\n"), "lint.json");

        var run = Lint("--output", output);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith($"compliance lint: error: cannot write output `{output}`: "));
    }

    private const string HostingClauses = """
        apiVersion: compliance/v1
        contract: { id: acme, title: Acme }
        clauses:
          - id: host-on-azure
            title: Host on Azure
            text: Deployments are hosted on Azure.
            appliesTo: deployment
            require: { hostCloud: Azure }
          - id: host-on-aws
            title: Host on AWS
            text: Deployments are hosted on AWS.
            appliesTo: deployment
            require: { hostCloud: AWS }
        """;

    private const string ExpressionClause = """
        apiVersion: compliance/v1
        contract: { id: acme, title: Acme }
        clauses:
          - id: small
            title: Small deployments
            text: Deployments stay under 10 MW.
            appliesTo: deployment
            require: { expression: "subject.CapacityMw == null || subject.CapacityMw < 10" }
        """;

    [Test]
    public void Contradiction_IsAWarningNamingBothClauses_AndFailsStrict()
    {
        _temp.Write("rules/acme.yaml", HostingClauses);

        var plain = Lint();
        var strict = Lint("--strict");

        Assert.Multiple(() =>
        {
            Assert.That(plain.ExitCode, Is.EqualTo(0), plain.ToString());
            Assert.That(plain.Stdout, Does.Contain("rules/acme.yaml:9:9: warning CMP0100: ").And.Contain("`acme/host-on-azure`").And.Contain("`acme/host-on-aws`"));
            Assert.That(plain.Stdout, Does.EndWith("\n0 errors, 1 warning\n"));
            Assert.That(strict.ExitCode, Is.EqualTo(1), strict.ToString());
        });
    }

    [Test]
    public void NotAnalysedClause_IsReported_ButDoesNotFailStrict()
    {
        _temp.Write("rules/acme.yaml", ExpressionClause);

        var run = Lint("--strict");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stdout, Does.Contain("warning CMP0101: "));
        });
    }

    [Test]
    public void AnalysisStoppedAtItsBudget_IsReported_ButDoesNotFailStrict()
    {
        // Twelve clauses that drive each pair to its search limit: the run's budget ends the analysis (CMP0103).
        var clauses = string.Concat(Enumerable.Range(0, 12).Select(i =>
            $"  - id: c{i}\n    title: C{i}\n    text: C{i}.\n    appliesTo: call\n"
            + "    when: { any: [" + string.Join(", ", Enumerable.Range(0, 20).Select(k => $"{{ tags.a{k}: x }}")) + "] }\n"
            + (i % 2 == 0 ? $"    require: {{ any: [ {{ cloud: Azure }}, {{ region: eu{i} }} ] }}\n" : $"    require: {{ any: [ {{ cloud: AWS }}, {{ region: us{i} }} ] }}\n")));
        _temp.Write("rules/acme.yaml", "apiVersion: compliance/v1\ncontract:\n  id: acme\n  title: Acme\n  parties: [Acme, Contoso]\nclauses:\n" + clauses);

        var run = Lint("--strict");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stdout, Does.Contain("warning CMP0103: the analysis stopped at its budget of "));
        });
    }

    [Test]
    public void ExpiringWithin_WarnsAboutWaiversThatExpireSoon()
    {
        var expires = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        _temp.Write("rules/acme.yaml", Contract);
        _temp.Write("rules/waivers.yaml", ExpiredWaiver.Replace("2020-01-01", expires, StringComparison.Ordinal));

        var within30 = Lint();
        var within5 = Lint("--expiring-within", "5");

        Assert.Multiple(() =>
        {
            Assert.That(within30.Stdout, Does.Contain("warning CMP0120: "), within30.ToString());
            Assert.That(within5.Stdout, Does.Not.Contain("CMP0120"), within5.ToString());
        });
    }

    [Test]
    public void ExpiringWithin_Negative_IsAUsageError()
    {
        _temp.Write("rules/acme.yaml", Contract);

        Assert.That(Lint("--expiring-within", "-1").ExitCode, Is.EqualTo(2));
    }
}
