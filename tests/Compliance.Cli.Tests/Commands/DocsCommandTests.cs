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

    [Test]
    public void CommittedClauseCatalogue_IsUpToDate()
    {
        var run = AtRepoRoot("docs", "--rules", "rules");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var committed = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "clauses.md"));
        Assert.That(run.Stdout, Is.EqualTo(committed),
            "docs/clauses.md is stale: regenerate it from the repository's root with `compliance docs --rules rules --output docs/clauses.md` "
            + "(or `dotnet run --project src/Compliance.Cli -- docs --rules rules --output docs/clauses.md`)");
    }

    [Test]
    public void BundledRules_AsHtml_MatchSnapshot()
    {
        var run = AtRepoRoot("docs", "--rules", "rules", "--format", "html");

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
    public void OutputInAMissingDirectory_ExitsTwo_AndSaysWhy()
    {
        var rules = _temp.Write("rules/acme.yaml", Rules);
        var output = _temp.Combine("missing", "catalogue.md");

        var run = CliRun.Of(["docs", "--rules", rules, "--output", output]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith($"compliance docs: error: cannot write output `{output}`: directory"));
    }

    [Test]
    public void Help_ListsTheOptions()
    {
        var run = CliRun.Of(["docs", "--help"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain(" docs [options]").And.Contain("--rules <PATH> (REQUIRED)").And.Contain("--format <html|markdown>").And.Contain("--output <FILE>"));
    }
}
