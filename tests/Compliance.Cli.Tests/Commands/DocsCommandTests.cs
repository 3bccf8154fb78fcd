using NUnit.Framework;
using Snapshooter.NUnit;

namespace Compliance.Cli.Tests.Commands;

public sealed class DocsCommandTests
{
    private const string Rules = """
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
        """;

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    /// <summary>Runs the command line from the repository's root, as the documented regeneration command does.</summary>
    private static CliRun AtRepoRoot(params string[] args)
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = RepoRoot.Path;
        try
        {
            return CliRun.Of(args);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    /// <summary>The date the committed catalogue's analysis is made on, so that it does not change from day to day.</summary>
    private const string CatalogueAsOf = "2026-03-01";

    [Test]
    public void CommittedClauseCatalogue_IsUpToDate()
    {
        var run = AtRepoRoot("docs", "--rules", "rules", "--as-of", CatalogueAsOf);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var committed = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "clauses.md"));
        Assert.That(run.Stdout, Is.EqualTo(committed),
            $"docs/clauses.md is stale: regenerate it from the repository's root with `compliance docs --rules rules --as-of {CatalogueAsOf} --output docs/clauses.md` "
            + $"(or `dotnet run --project src/Compliance.Cli -- docs --rules rules --as-of {CatalogueAsOf} --output docs/clauses.md`)");
    }

    [Test]
    public void CommittedClauseCatalogue_ExplainsTheContradictionBetweenMicrosoftsReadingAndTheBedrockRuntime()
    {
        var committed = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "clauses.md"));

        Assert.That(committed, Does.Contain("\n## Findings of the analysis\n"));
        Assert.That(committed, Does.Contain("\n### Finding 2: contradiction (CMP0100)\n"));
        Assert.That(committed, Does.Contain(
            "- Clauses: [`msft-openai/stateful-runtime-stateless-calls`](#24-a-stateful-runtimes-own-stateless-calls-stay-on-azure-microsofts-reading) "
            + "(2.4 A stateful runtime's own stateless calls stay on Azure (Microsoft's reading)) and "
            + "[`openai-amazon/bedrock-runtime-calls`](#13-bedrock-serves-the-stateful-runtimes-model-calls-on-aws) "
            + "(1.3 Bedrock serves the stateful runtime's model calls on AWS).\n"));
        Assert.That(committed, Does.Contain(
            "```yaml\n{ kind: deployment, product: example, vendor: OpenAI, runtime: stateful, hostCloud: AWS, timestamp: 2026-03-01, "
            + "calls: [{ vendor: OpenAI, model: example, mode: stateless, cloud: other }] }\n```\n"));
        Assert.That(committed, Does.Contain(
            "- Analysis: [finding 2](#finding-2-contradiction-cmp0100), contradiction with "
            + "[`openai-amazon/bedrock-runtime-calls`](#13-bedrock-serves-the-stateful-runtimes-model-calls-on-aws).\n"));
    }

    [Test]
    public void BundledRules_AsHtml_MatchSnapshot()
    {
        var run = AtRepoRoot("docs", "--rules", "rules", "--format", "html", "--as-of", CatalogueAsOf);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain(" error "), "warnings (such as a bundled waiver that has expired by now) may appear; errors may not");
        Snapshot.Match(run.Stdout);
    }

    [Test]
    public void Markdown_IsTheDefault_AndRendersTheClauseInEnglish()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);

        var run = CliRun.Of(["docs", "--rules", rules]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.StartWith("# Clause catalogue\n"));
        Assert.That(run.Stdout, Does.Contain("- Applies to stateless calls whose `vendor` is Acme.\n- Requires `cloud` to be Azure.\n"));
        Assert.That(run.Stdout, Does.Contain("- Tests that cover it: none.\n"));
    }

    [Test]
    public void AsOf_IsTheDateOfTheAnalysis_WhoseFindingsTheCatalogueLists()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules + """

              - id: aws-only
                section: "2.2"
                title: Stateless calls run on AWS
                text: Stateless calls to Acme models run on AWS.
                appliesTo: call
                effective: { from: 2026-01-01 }
                when: { vendor: Acme, mode: stateless }
                require: { cloud: AWS }
            """);

        var run = CliRun.Of(["docs", "--rules", rules, "--as-of", "2026-02-01"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("(1 contract, 2 clauses, 0 waivers, 0 tests; analysed as of 2026-02-01)"));
        Assert.That(run.Stdout, Does.Contain("Judged as of 2026-02-01 (`--as-of`), it reports 1 finding, listed below and under each clause they concern.\n"));
        Assert.That(run.Stdout, Does.Contain("""
            ### Finding 1: contradiction (CMP0100)

            On 2026-02-01 both clauses apply to the call below, and it breaks both.
            """.ReplaceLineEndings("\n")));
        Assert.That(run.Stdout, Does.Contain(
            "For example, judged as of 2026-02-01, this call gets `violated` from `acme/azure-only` and `violated` from `acme/aws-only`, and the outcome `violation`:\n"));
        Assert.That(run.Stdout, Does.Contain("- Analysis: [finding 1](#finding-1-contradiction-cmp0100), contradiction with [`acme/aws-only`](#22-stateless-calls-run-on-aws).\n"));
    }

    [Test]
    public void RulesWithNothingToReport_SayTheAnalysisReportsNothing()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);

        var run = CliRun.Of(["docs", "--rules", rules, "--as-of", "2026-02-01"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain("Judged as of 2026-02-01 (`--as-of`), it reports nothing.\n"));
        Assert.That(run.Stdout, Does.Not.Contain("### Finding"));
    }

    [Test]
    public void AsOf_ThatIsNotADate_IsAUsageError()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);

        var run = CliRun.Of(["docs", "--rules", rules, "--as-of", "March 1st"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("--as-of: `March 1st` is not a date as yyyy-MM-dd"));
    }

    [Test]
    public void Output_WritesTheFile_AndNothingToStandardOutput()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var output = _temp.Combine("catalogue.html");

        var run = CliRun.Of(["docs", "--rules", rules, "--format", "html", "--output", output]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(File.ReadAllText(output), Does.StartWith("<!DOCTYPE html>").And.Contain("Stateless calls run on Azure"));
    }

    [Test]
    public void InvalidRules_ExitTwo_WithTheirDiagnostics()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules.Replace("cloud: Azure", "clud: Azure", StringComparison.Ordinal));

        var run = CliRun.Of(["docs", "--rules", rules]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.StartWith($"{rules}:13:16: error CMP0021: unknown path `clud`: `call` has no field `clud`\n"));
        Assert.That(run.Stderr, Does.EndWith("compliance docs: error: the rule set did not load: 1 error\n"));
    }

    [Test]
    public void UnknownFormat_IsAUsageError()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);

        var run = CliRun.Of(["docs", "--rules", rules, "--format", "pdf"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("pdf"));
    }

    [Test]
    public void OutputUnderAFile_ExitsTwo_AndSaysWhy()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var file = _temp.Write("a-file", "x\n");
        var output = Path.Combine(file, "catalogue.md");

        var run = CliRun.Of(["docs", "--rules", rules, "--output", output]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo($"compliance docs: error: cannot write output `{output}`: `{file}` is a file, not a folder\n"));
    }

    [Test]
    public void Help_ListsTheOptions()
    {
        var run = CliRun.Of(["docs", "--help"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain(" docs [options]").And.Contain("--rules <PATH> (REQUIRED)").And.Contain("--format <html|markdown>").And.Contain("--output <FILE>").And.Contain("--as-of <DATE>"));
    }
}
