using System.Text.Json;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Commands;

public sealed class SchemaCommandTests
{
    [Test]
    public void Schema_WritesTheCommittedSchema()
    {
        var run = CliRun.Of(["schema"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stderr, Is.Empty);
        Assert.That(run.Stdout, Is.EqualTo(File.ReadAllText(Path.Combine(RepoRoot.Path, "schemas", "compliance-v1.json"))),
            "schemas/compliance-v1.json is stale: regenerate it with `compliance schema --output schemas/compliance-v1.json`");
    }

    [Test]
    public void Schema_IsDraft202012_WithTheBuiltInKinds()
    {
        var run = CliRun.Of(["schema"]);

        using var schema = JsonDocument.Parse(run.Stdout);
        Assert.That(schema.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
        var appliesTo = schema.RootElement.GetProperty("$defs").GetProperty("clause").GetProperty("properties").GetProperty("appliesTo");
        Assert.That(appliesTo.GetProperty("enum").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "call", "deployment" }));
    }

    [Test]
    public void Output_WritesTheFile_AndNothingToStandardOutput()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("compliance-v1.json");

        var run = CliRun.Of(["schema", "--output", output]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(File.ReadAllText(output), Is.EqualTo(CliRun.Of(["schema"]).Stdout));
    }

    [Test]
    public void OutputUnderAFile_ExitsTwo_AndSaysWhy()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("a-file", "x\n");
        var output = Path.Combine(file, "nested", "compliance-v1.json");

        var run = CliRun.Of(["schema", "--output", output]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo($"compliance schema: error: cannot write output `{output}`: `{file}` is a file, not a folder\n"));
        Assert.That(File.ReadAllText(file), Is.EqualTo("x\n"));
    }

    [Test]
    public void AnUnexpectedArgument_IsAUsageError()
    {
        var run = CliRun.Of(["schema", "--rules", "rules"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.EndWith("run `compliance schema --help` for usage\n"));
    }

    [Test]
    public void Help_ListsTheOptions()
    {
        var run = CliRun.Of(["schema", "--help"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Stdout, Does.Contain(" schema [options]").And.Contain("--output <FILE>"));
    }
}
