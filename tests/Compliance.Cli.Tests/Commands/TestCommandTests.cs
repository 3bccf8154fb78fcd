using NUnit.Framework;

namespace Compliance.Cli.Tests.Commands;

public sealed partial class TestCommandTests
{
    private const string Contract = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:
          - id: azure-only
            section: "2.1"
            title: Stateless calls run on Azure
            text: Stateless calls to Acme models run on Azure.
            appliesTo: call
            when: { vendor: Acme, mode: stateless }
            require: { cloud: Azure }
            message: "call to {model} runs on {cloud}"
            exceptions:
              - id: research
                when: { tags.purpose: research }
          - id: gcp-review
            title: Calls on GCP need review
            text: Calls to Acme models on GCP are reviewed by legal.
            appliesTo: call
            when: { vendor: Acme }
            forbid: { cloud: GCP }
            effect: review
          - id: oci-warning
            title: Deployments on OCI are noted
            text: Acme deployments on OCI are noted.
            appliesTo: deployment
            when: { vendor: Acme }
            forbid: { hostCloud: OCI }
            effect: warning
        """;

    private const string PassingTests = """
        apiVersion: compliance/v1
        tests:
          - name: a stateless call on Azure is compliant
            asOf: 2026-03-01
            subject: { kind: call, vendor: Acme, model: m1, mode: stateless, cloud: Azure }
            expect:
              outcome: compliant
              clauses: { acme/azure-only: satisfied, acme/gcp-review: satisfied }
          - name: a research call on AWS is exempt
            asOf: 2026-03-01
            subject: { kind: call, vendor: Acme, model: m1, mode: stateless, cloud: AWS, tags: { purpose: research } }
            expect:
              outcome: compliant
              clauses: { acme/azure-only: exempt }
          - name: a deployment on OCI is a warning
            asOf: 2026-03-01
            subject: { kind: deployment, vendor: Acme, product: p, runtime: stateful, hostCloud: OCI }
            expect:
              outcome: warning
        """;

    private const string FailingTests = """
        apiVersion: compliance/v1
        tests:
          - name: a stateless call on Azure is compliant
            asOf: 2026-03-01
            subject: { kind: call, vendor: Acme, model: m1, mode: stateless, cloud: Azure }
            expect:
              outcome: compliant
          - name: a stateless call on AWS is compliant
            asOf: 2026-03-01
            subject: { kind: call, vendor: Acme, model: m1, mode: stateless, cloud: AWS }
            expect:
              outcome: compliant
              clauses: { acme/azure-only: satisfied, acme/gcp-review: satisfied }
          - name: a research call on AWS is a violation
            asOf: 2026-03-01
            subject: { kind: call, vendor: Acme, model: m1, mode: stateless, cloud: AWS, tags: { purpose: research } }
            expect:
              outcome: violation
          - name: a call without a model is compliant
            asOf: 2026-03-01
            subject: { kind: call, vendor: Acme, mode: stateless, cloud: Azure }
            expect:
              outcome: compliant
        """;

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _temp.Write("rules/acme.yaml", Contract);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private CliRun Test(params string[] options) => CliRun.In(_temp.Path, ["test", "--rules", "rules", .. options]);

    [Test]
    public void BundledRules_AllPass_ExitZero()
    {
        var run = CliRun.In(RepoRoot.Path, ["test", "--rules", "rules"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.StartWith("coverage: "));
        Assert.That(run.Stdout, Does.Match(@"\n\n[1-9]\d* passed, 0 failed\n$"));
        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public void BenchmarkRules40_AllPass_EveryClauseCovered_ExitZero()
    {
        // The batch measurement's larger rule set (docs/performance.md) is checked like the bundled one.
        var run = CliRun.In(RepoRoot.Path, ["test", "--rules", "benchmarks/Compliance.Benchmarks/rules-40"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.StartWith("coverage: 40/40 clauses (100%)"));
        Assert.That(run.Stdout, Does.Match(@"\n\n[1-9]\d* passed, 0 failed\n$"));
        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public void PassingTests_PrintCoverageAndTheClosingLine_ExitZero()
    {
        _temp.Write("rules/tests/acme.tests.yaml", PassingTests);

        var run = Test();

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            coverage: 3/3 clauses (100%)

            3 passed, 0 failed

            """));
        Assert.That(run.Stderr, Is.Empty);
    }

    [Test]
    public void FailingTests_ShowExpectedAndActual_TheAppliedClauses_AndTheUnexercisedClauses_ExitOne()
    {
        _temp.Write("rules/tests/acme.tests.yaml", FailingTests);

        var run = Test();

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            FAIL  a stateless call on AWS is compliant  (rules/tests/acme.tests.yaml:8)
                outcome: expected compliant, got violation
                acme/azure-only: expected satisfied, got violated
                acme/gcp-review: satisfied, as expected
                clauses applied, as of 2026-03-01:
                    violated   acme/azure-only: call to m1 runs on AWS
                    satisfied  acme/gcp-review

            FAIL  a research call on AWS is a violation  (rules/tests/acme.tests.yaml:14)
                outcome: expected violation, got compliant
                clauses applied, as of 2026-03-01:
                    exempt     acme/azure-only  (exception research)
                    satisfied  acme/gcp-review

            FAIL  a call without a model is compliant  (rules/tests/acme.tests.yaml:19)
                outcome: expected compliant, got indeterminate
                subject error: model: `model` is required
                no clause applied, as of 2026-03-01

            coverage: 2/3 clauses (66.6%)
            no test exercises:
                acme/oci-warning  (rules/acme.yaml:25)

            1 passed, 3 failed

            """));
    }

    [Test]
    public void CoverageBelowMinCoverage_ExitsOne_AndSaysSo_EvenWhenEveryTestPasses()
    {
        _temp.Write("rules/tests/acme.tests.yaml", PassingTests.Split("  - name: a deployment")[0]);

        var run = Test("--min-coverage", "70");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            coverage: 2/3 clauses (66.6%)
            no test exercises:
                acme/oci-warning  (rules/acme.yaml:25)
            coverage 66.6% is below --min-coverage 70%

            2 passed, 0 failed

            """));
    }

    [TestCase("66")]
    [TestCase("66.6%")]
    [TestCase("0")]
    public void CoverageAtOrAboveMinCoverage_ExitsZero(string minCoverage)
    {
        _temp.Write("rules/tests/acme.tests.yaml", PassingTests.Split("  - name: a deployment")[0]);

        var run = Test("--min-coverage", minCoverage);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.EndWith("\n2 passed, 0 failed\n"));
    }

    [Test]
    public void NoTests_ExitZero_ButFailAnyCoverageBar()
    {
        var lenient = Test();
        var strict = Test("--min-coverage", "1");

        Assert.That(lenient.ExitCode, Is.EqualTo(0), lenient.ToString());
        Assert.That(lenient.Stdout, Does.StartWith("coverage: 0/3 clauses (0%)\n"));
        Assert.That(lenient.Stdout, Does.EndWith("\n0 passed, 0 failed\n"));
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.ToString());
    }

    [Test]
    public void TestNamingAnUnknownClause_IsAnInvalidRuleSet_ExitTwo()
    {
        _temp.Write("rules/tests/acme.tests.yaml", PassingTests.Replace("acme/gcp-review: satisfied", "acme/gcp-reveiw: satisfied", StringComparison.Ordinal));

        var run = Test();

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.StartWith("rules/tests/acme.tests.yaml:"));
        Assert.That(run.Stderr, Does.Contain(" error CMP0038: test `a stateless call on Azure is compliant` expects a status for `acme/gcp-reveiw`, which is not a clause\n"));
        Assert.That(run.Stderr, Does.EndWith("compliance test: error: the rule set did not load: 1 error\n"));
    }

    [TestCase("--min-coverage", "101")]
    [TestCase("--min-coverage", "-5")]
    [TestCase("--min-coverage", "most")]
    [TestCase("--format", "sarif")]
    public void UsageError_ExitsTwo(string option, string value)
    {
        var run = Test(option, value);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.EndWith("run `compliance test --help` for usage\n"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void MissingRulesPath_ExitsTwo()
    {
        var run = CliRun.In(_temp.Path, ["test", "--rules", "no-such-rules"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("no-such-rules:1:1: error CMP0060: "));
    }
}
