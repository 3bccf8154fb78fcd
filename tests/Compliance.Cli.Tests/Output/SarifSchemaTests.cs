using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Output;

/// <summary>The SARIF of <c>check</c> and <c>lint</c> validates against the official SARIF 2.1.0 schema (OASIS, errata 01),
/// shipped in <c>Schemas/</c>.</summary>
public sealed class SarifSchemaTests
{
    /// <summary>The schema. It declares draft-04, which JsonSchema.Net does not implement; the keywords it uses
    /// (<c>type</c>, <c>enum</c>, <c>properties</c>, <c>required</c>, <c>items</c>, <c>minItems</c>, <c>uniqueItems</c>,
    /// <c>additionalProperties</c>, <c>anyOf</c>, <c>oneOf</c>, <c>$ref</c> to <c>#/definitions</c>, <c>pattern</c>,
    /// <c>minimum</c>, <c>default</c>, <c>format</c>) mean the same in draft-07, so it is read as draft-07, without its
    /// draft-04 <c>id</c> (every <c>$ref</c> is local, so the base URI changes nothing). Nothing else is changed.</summary>
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-schema-2.1.0.json")))!.AsObject();
        Assert.That(node["$schema"]!.GetValue<string>(), Is.EqualTo("http://json-schema.org/draft-04/schema#"), "the file is the official draft-04 schema");
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        node.Remove("id");
        return JsonSchema.FromText(node.ToJsonString());
    });

    internal static void AssertValid(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
        Assert.That(results.IsValid, Is.True, string.Join("\n", errors));
    }

    [Test]
    public void Schema_RefusesALogThatBreaksIt()
    {
        using var document = JsonDocument.Parse("""{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}""");

        Assert.That(Schema.Value.Evaluate(document.RootElement).IsValid, Is.False);
    }

    [Test]
    public void Check_BundledRulesOverSamples_IsValidSarif()
    {
        var run = CliRun.AtRepoRoot(["check", "--rules", "rules", "--input", "samples/subjects", "--format", "sarif"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        AssertValid(run.Stdout);
    }

    [Test]
    public void Check_InvalidSubjectsFromStandardInput_AndResultsPastTheLimit_AreValidSarif()
    {
        using var fixture = new FormatFixture();
        var lines = string.Join("\n", FormatFixture.Invalid, FormatFixture.OnAws, FormatFixture.OnGcp);
        var run = CliRun.In(fixture.Root, ["check", "--rules", "rules", "--input", "-", "--format", "sarif"], lines + "\n");
        AssertValid(run.Stdout);

        using var writer = new StringWriter();
        var verdicts = FormatFixture.Judge("calls.jsonl", [FormatFixture.OnAws, FormatFixture.OnGcp, FormatFixture.OnOci]);
        new Cli.Output.SarifFormat(new Cli.Output.FormatOptions { RuleSet = FormatFixture.RuleSet }, maxResults: 1).Write(verdicts, writer);
        Assert.That(writer.ToString(), Does.Contain("results-omitted"));
        AssertValid(writer.ToString());
    }

    [Test]
    public void Lint_IsValidSarif()
    {
        using var temp = new TempDirectory();
        temp.Write("rules/broken.yaml", """
            apiVersion: compliance/v1
            contract:
              id: acme
              title: Acme
              parties: [Acme]
            clauses:
              - id: azure-only
                title: t
                text: x
                appliesTo: call
                requre: { cloud: Azure }
            """);

        var run = CliRun.In(temp.Path, ["lint", "--rules", "rules", "--format", "sarif"]);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        AssertValid(run.Stdout);

        var bundled = CliRun.AtRepoRoot(["lint", "--rules", "rules", "--format", "sarif"]);
        AssertValid(bundled.Stdout);
    }
}
