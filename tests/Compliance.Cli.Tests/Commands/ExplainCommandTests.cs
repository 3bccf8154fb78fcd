using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Commands;

public sealed class ExplainCommandTests
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
            effective: { from: 2025-01-01, until: 2030-01-01 }
            when: { vendor: Acme, mode: stateless }
            require: { cloud: Azure }
            message: "call to {model} runs on {cloud}"
          - id: first-call-on-azure
            title: A runtime's first call runs on Azure
            text: The first call a runtime makes runs on Azure.
            appliesTo: deployment
            require:
              expression: "subject.Calls.First().Cloud == \"Azure\""
        """;

    private const string Waivers = """
        apiVersion: compliance/v1
        waivers:
          - id: W-OLD
            clause: acme/azure-only
            reason: An old study.
            expires: 2026-01-01
          - id: W-ALL
            clause: acme/azure-only
            reason: Everything, for a while.
            expires: 2027-01-01
        """;

    private const string CallOnAws = """{"kind": "call", "id": "on-aws", "vendor": "Acme", "model": "m1", "mode": "stateless", "cloud": "AWS", "timestamp": "2026-03-01"}""";
    private const string RuntimeWithoutCalls = """{"kind": "deployment", "id": "no-calls", "vendor": "Acme", "product": "p", "runtime": "stateful", "hostCloud": "AWS", "timestamp": "2026-03-01"}""";

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _temp.Write("rules/acme.yaml", Contract);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private CliRun Explain(string stdin, params string[] options) =>
        CliRun.In(_temp.Path, ["explain", "--rules", "rules", "--input", "-", .. options], stdin + "\n");

    [Test]
    public void ViolatedClauseWithAQuantifier_MatchesSnapshot()
    {
        var run = CliRun.In(RepoRoot.Path, ["explain", "--rules", "rules", "--input", "samples/subjects/stateful-runtime-calls.yaml"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("""
              msft-openai/stateful-runtime-stateless-calls: violated (effect review)
            """));
        Assert.That(run.Stderr, Is.Empty);
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void ExemptAndWaivedClauses_MatchSnapshot()
    {
        var run = CliRun.In(RepoRoot.Path, ["explain", "--rules", "rules", "--input", "samples/subjects/calls.jsonl"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("""
                exception safety-research: true
                  true   tags.purpose equals safety-research  (actual: safety-research)
            """));
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void SupersededAndNotInEffectClauses_MatchSnapshot()
    {
        var run = CliRun.In(RepoRoot.Path, ["explain", "--rules", "rules", "--input", "samples/subjects/softbank-partnership.yaml"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("    superseded by msft-openai/permitted-partners-2025, in effect on 2026-06-01\n"));
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void ExpiredAndUnconditionalWaivers_AreShownInOrder_UntilOneApplies()
    {
        _temp.Write("rules/waivers.yaml", Waivers);

        var run = Explain(CallOnAws);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            subject on-aws  (-:1)
            kind call, as of 2026-03-01, outcome compliant

              acme/azure-only: waived
                §2.1 Stateless calls run on Azure  (rules/acme.yaml:7)
                effective from 2025-01-01 until 2030-01-01: in effect on 2026-03-01
                when: true
                  true   all of
                    true   vendor equals Acme  (actual: Acme)
                    true   mode equals stateless  (actual: stateless)
                require: false
                  false  cloud equals Azure  (actual: AWS)
                waiver W-OLD: expired on 2026-01-01
                waiver W-ALL: true (no `when`: covers every subject, until 2027-01-01)

            """));
    }

    [Test]
    public void AsOf_JudgesOnThatDate()
    {
        var run = Explain(CallOnAws, "--as-of", "2031-01-01");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            subject on-aws  (-:1)
            kind call, as of 2031-01-01, outcome notApplicable

              acme/azure-only: notApplicable
                §2.1 Stateless calls run on Azure  (rules/acme.yaml:7)
                effective from 2025-01-01 until 2030-01-01: not in effect on 2031-01-01

            """));
    }

    [Test]
    public void ExpressionFault_ShowsAsErrorInTheTree_AndTheClauseIsError()
    {
        var run = Explain(RuntimeWithoutCalls);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.That(lines, Does.Contain("  acme/first-call-on-azure: error"));
        Assert.That(lines, Does.Contain("    when: (none: applies to every `deployment` subject)"));
        Assert.That(lines, Does.Contain("    require: error"));
        Assert.That(lines, Has.Some.StartWith("      error  expression subject.Calls.First().Cloud == \"Azure\"  (error: expression `subject.Calls.First().Cloud == \"Azure\"` failed: "));
        Assert.That(lines, Has.Some.StartWith("    error: expression `subject.Calls.First().Cloud == \"Azure\"` failed: "));
    }

    [Test]
    public void InvalidSubject_ShowsItsErrors_AndNoClauses()
    {
        var run = Explain("""{"kind": "call", "id": "bad", "vendor": "Acme", "model": "m1", "mode": "sideways", "cloud": "AWS", "timestamp": "2026-03-01"}""", "--as-of", "2026-03-01");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.EqualTo("""
            subject bad  (-:1)
            kind call, as of 2026-03-01, outcome indeterminate
              error: mode: `sideways` is not a value of `mode`; the values are `stateless`, `stateful`

            """));
    }

    [Test]
    public void EverySubjectIsExplained_SeparatedByABlankLine()
    {
        var run = Explain(CallOnAws + "\n" + CallOnAws.Replace("on-aws", "again", StringComparison.Ordinal));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("\n\nsubject again  (-:2)\n"));
    }

    [Test]
    public void InvalidRuleSet_ExitsTwo()
    {
        _temp.Write("rules/broken.yaml", "apiVersion: compliance/v1\nnonsense: true\n");

        var run = Explain(CallOnAws);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.EndWith("compliance explain: error: the rule set did not load: 2 errors\n"));
    }

    [Test]
    public void MissingInput_ExitsTwo_NamingThePath()
    {
        var run = CliRun.In(_temp.Path, ["explain", "--rules", "rules", "--input", "no-such-input.jsonl"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo("compliance explain: error: cannot read input `no-such-input.jsonl`: no such file or directory\n"));
    }

    [TestCase("--as-of", "2026-02-30")]
    [TestCase("--format", "json")]
    public void UsageError_ExitsTwo(string option, string value)
    {
        var run = Explain(CallOnAws, option, value);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.EndWith("run `compliance explain --help` for usage\n"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void MissingInputOption_ExitsTwo()
    {
        var run = CliRun.In(_temp.Path, ["explain", "--rules", "rules"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("--input"));
    }
}
