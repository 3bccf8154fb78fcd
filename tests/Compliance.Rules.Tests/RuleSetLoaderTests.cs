using Compliance.Rules.Diagnostics;
using Compliance.Rules.Tests.TestSupport;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests;

public class RuleSetLoaderTests
{
    private const string TwoErrors = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme master agreement
        clauses:
          - id: stateless-on-azure
            title: Stateless calls run on Azure
            text: Stateless calls are served from Azure.
            appliesTo: call
            when: { mode: stateles }
            require: { clod: Azure }
        """;

    [Test]
    public void LoadStrings_TheLanguagesOwnWordsInAnyCase_MeanTheSame()
    {
        const string rules = """
            apiVersion: compliance/v1
            contract: { id: acme, title: Acme }
            clauses:
              - id: review-aws
                section: 2.10
                title: AWS calls are reviewed
                text: Calls served from AWS are reviewed.
                appliesTo: Call
                forbid: { cloud: AWS }
                effect: Review
              - id: warn-gcp
                title: GCP deployments are a warning
                text: Deployments on GCP are flagged.
                appliesTo: DEPLOYMENT
                forbid: { hostCloud: GCP }
                effect: WARNING
            """;
        const string tests = """
            apiVersion: compliance/v1
            tests:
              - name: an AWS call is reviewed
                subject: { kind: call, vendor: OpenAI, model: gpt-5, mode: stateless, cloud: AWS }
                expect: { outcome: Review, clauses: { acme/review-aws: Violated } }
              - name: a GCP deployment is a warning
                subject: { kind: deployment, product: Frontier, vendor: OpenAI, runtime: stateful, hostCloud: GCP }
                expect: { outcome: warning, clauses: { acme/warn-gcp: VIOLATED } }
            """;

        var result = new RuleSetLoader().LoadStrings([new RuleSource("acme.yaml", rules), new RuleSource("acme.tests.yaml", tests)]);
        var report = Compliance.Rules.Testing.RuleTestRunner.Run(result.RuleSet!, result.Tests);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
            Assert.That(result.RuleSet!.Clauses.Select(c => (c.AppliesTo, c.Effect)),
                Is.EqualTo(new[] { ("call", Compliance.Model.Effect.Review), ("deployment", Compliance.Model.Effect.Warning) }));
            Assert.That(report.Results.SelectMany(r => r.Failures), Is.Empty);
            Assert.That(report.Results, Has.Count.EqualTo(2));
            Assert.That(result.RuleSet!.Clauses[0].Section, Is.EqualTo("2.10"), "a section number is kept as written, unquoted");
        });
    }

    [Test]
    public void LoadStrings_AWaiverWithAnEmptyWhen_WaivesEverySubjectOfItsClause_WithoutAWarning()
    {
        const string rules = """
            apiVersion: compliance/v1
            contract: { id: acme, title: Acme }
            clauses:
              - id: azure-only
                title: Calls run on Azure
                text: Calls are served from Azure.
                appliesTo: call
                when: { mode: stateless }
                require: { cloud: Azure }
            """;
        const string waivers = """
            apiVersion: compliance/v1
            waivers:
              - { id: W-all, clause: acme/azure-only, reason: Every call during the move., expires: 2099-01-01, when: {} }
            """;
        const string tests = """
            apiVersion: compliance/v1
            tests:
              - name: an AWS call is waived
                subject: { kind: call, vendor: OpenAI, model: gpt-5, mode: stateless, cloud: AWS, timestamp: '2026-03-01T00:00:00Z' }
                expect: { clauses: { acme/azure-only: Waived } }
              - name: a stateful call is still not one the clause applies to
                subject: { kind: call, vendor: OpenAI, model: gpt-5, mode: stateful, cloud: AWS, timestamp: '2026-03-01T00:00:00Z' }
                expect: { clauses: { acme/azure-only: NotApplicable } }
            """;

        var result = new RuleSetLoader().LoadStrings(
            [new RuleSource("acme.yaml", rules), new RuleSource("waivers.yaml", waivers), new RuleSource("acme.tests.yaml", tests)]);
        var report = Compliance.Rules.Testing.RuleTestRunner.Run(result.RuleSet!, result.Tests);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
            Assert.That(result.RuleSet!.Waivers.Single().When, Is.Null, "`when: {}` is no condition: every subject");
            Assert.That(report.Results.SelectMany(r => r.Failures), Is.Empty);
            Assert.That(report.Results, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void LoadString_RulesWithErrors_ThrowsCarryingEveryDiagnostic()
    {
        var exception = Assert.Throws<RuleSetLoadException>(() => new RuleSetLoader().LoadString(TwoErrors, "acme.yaml"));

        Assert.That(exception!.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "acme.yaml:10:19: error CMP0025: `stateles` is not a value of `mode`; the values are `stateless`, `stateful` (did you mean `stateless`?)",
            "acme.yaml:11:16: error CMP0021: unknown path `clod`: `call` has no field `clod` (did you mean `cloud`?)",
        }));
    }

    [Test]
    public void LoadStrings_RulesWithErrors_ReturnsNoRuleSetAndDoesNotThrow()
    {
        var result = new RuleSetLoader().LoadStrings([new RuleSource("acme.yaml", TwoErrors)]);

        Assert.Multiple(() =>
        {
            Assert.That(result.RuleSet, Is.Null);
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Errors.Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public void LoadFiles_MissingPath_IsAnUnreadablePathDiagnostic()
    {
        var result = new RuleSetLoader().LoadFiles(["no/such/rules"]);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            $"no/such/rules:1:1: error CMP0060: the rules path does not exist: no file or folder at `{Path.GetFullPath("no/such/rules").Replace('\\', '/')}` "
                + "(a relative path is read from the current directory)",
        }));
        Assert.That(result.Diagnostics[0].Hint, Is.EqualTo("a relative path is read from the current directory"));
    }

    [Test]
    public void LoadFiles_MissingAbsolutePath_NamesItWithoutTheCurrentDirectoryHint()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-rules-{Guid.NewGuid():N}");

        var diagnostic = new RuleSetLoader().LoadFiles([missing]).Diagnostics.Single();

        Assert.That(diagnostic.Message, Is.EqualTo($"the rules path does not exist: no file or folder at `{missing.Replace('\\', '/')}`"));
        Assert.That(diagnostic.Hint, Is.Null);
    }

    [Test]
    public void LoadFiles_Folder_NamesFilesAsReachedFromTheGivenPath()
    {
        var root = Path.Combine(TestPaths.RepoRoot(), "rules");

        var result = new RuleSetLoader(new RuleSetLoaderOptions { TimeProvider = FixedTimeProvider.On(2026, 3, 1) }).LoadFiles([root]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Files, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(result.Files, Has.All.StartWith(root.Replace('\\', '/') + "/"));
            Assert.That(result.Files.Select(Path.GetFileName), Does.Contain("msft-openai.yaml").And.Contain("waivers.yaml"));
        });
    }

    [Test]
    public void LoadStrings_FlowMapContinuedAtColumnOne_IsAYamlSyntaxErrorNotACrash()
    {
        // YamlDotNet's scanner throws InvalidOperationException (not YamlException) on this input.
        const string text = """
            apiVersion: compliance/v1
            waivers:
              - { id: W-1, clause: acme/x,
            reason: r, expires: 2099-01-01 }
            """;

        LoadResult? result = null;
        Assert.That(() => result = new RuleSetLoader().LoadStrings([new RuleSource("waivers.yaml", text)]), Throws.Nothing);
        Assert.Multiple(() =>
        {
            Assert.That(result!.Succeeded, Is.False);
            Assert.That(result.Diagnostics.Select(d => (d.Code, d.File)), Is.EqualTo(new[] { (DiagnosticCodes.YamlSyntax, "waivers.yaml") }));
        });
    }

    [Test]
    public void LoadStrings_ClausesThatCannotApplyToTheSameSubject_AreNotContradictory()
    {
        const string text = """
            apiVersion: compliance/v1
            contract:
              id: acme
              title: Acme master agreement
            clauses:
              - id: stateless-on-azure
                title: Stateless on Azure
                text: Stateless deployments are hosted on Azure.
                appliesTo: deployment
                when: { runtime: stateless }
                require: { hostCloud: Azure }
              - id: stateful-on-aws
                title: Stateful on AWS
                text: Stateful deployments are hosted on AWS.
                appliesTo: deployment
                when: { runtime: stateful }
                require: { hostCloud: AWS }
            """;

        var result = new RuleSetLoader().LoadStrings([new RuleSource("rules.yaml", text)]);

        Assert.That(result.Diagnostics, Is.Empty);
    }

    [Test]
    public void LoadStrings_TwoTestsWithTheSameName_IsAnInvalidTestErrorAtTheSecond()
    {
        // DiagnosticCodes.InvalidTest: "a test names no clause, or a test name is used twice".
        const string rules = """
            apiVersion: compliance/v1
            contract:
              id: acme
              title: Acme master agreement
            clauses:
              - id: stateless-on-azure
                title: Stateless calls run on Azure
                text: Stateless calls are served from Azure.
                appliesTo: call
                require: { cloud: Azure }
            """;
        const string tests = """
            apiVersion: compliance/v1
            tests:
              - name: a call on Azure is compliant
                asOf: 2026-03-01
                subject: { kind: call, vendor: OpenAI, model: gpt-5, mode: stateless, cloud: Azure }
                expect: { outcome: compliant }
              - name: a call on Azure is compliant
                asOf: 2026-03-01
                subject: { kind: call, vendor: OpenAI, model: gpt-5, mode: stateless, cloud: AWS }
                expect: { outcome: violation }
            """;

        var result = new RuleSetLoader().LoadStrings([new RuleSource("rules.yaml", rules), new RuleSource("tests.yaml", tests)]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Diagnostics.Select(d => (d.Code, d.File, d.Line)), Is.EqualTo(new[] { (DiagnosticCodes.InvalidTest, "tests.yaml", 7) }));
        });
    }

    [Test]
    public void LoadStrings_MutatedBundledFiles_NeverThrowAndReportSortedDiagnostics()
    {
        var folder = Path.Combine(TestPaths.RepoRoot(), "rules");
        var originals = new[] { "msft-openai.yaml", "openai-amazon.yaml", "waivers.yaml" }
            .Select(f => File.ReadAllText(Path.Combine(folder, f))).ToArray();
        var noise = Gen.OneOf(":", "-", " ", "\n", "{", "}", "[", "]", "&a", "*a", "!x", "\"", "'", "#", "\t", "(", ")", ".", "x", "0", "==", "subject.");
        var edit = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 3], noise);
        var gen = Gen.Select(Gen.Int[0, originals.Length - 1], edit.Array[1, 6]);

        gen.Sample((file, edits) =>
        {
            var text = originals[file];
            foreach (var (at, kind, piece) in edits)
            {
                var i = at % (text.Length + 1);
                text = kind switch
                {
                    0 => text.Insert(i, piece),
                    1 => text.Remove(Math.Min(i, text.Length - 1), Math.Min(piece.Length, text.Length - Math.Min(i, text.Length - 1))),
                    _ => text.Insert(i, piece).Remove(Math.Min(i + piece.Length, text.Length), 0),
                };
            }

            var result = new RuleSetLoader().LoadStrings([new RuleSource("mutated.yaml", text)]);

            var sorted = result.Diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToArray();
            Assert.That(result.Diagnostics, Is.EqualTo(sorted), "diagnostics are sorted by location");
            Assert.That(result.Succeeded, Is.EqualTo(!result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)));
            Assert.That(result.Diagnostics.All(d => d.Line >= 1 && d.Column >= 1 && d.Message.Length > 0), Is.True, "every diagnostic has a location and a message");
        }, iter: 400);
    }
}
