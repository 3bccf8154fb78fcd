using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Compliance.Conditions;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using Compliance.Rules.Schema;
using Compliance.Rules.Yaml;
using Compliance.Subjects;
using Json.Schema;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Schema;

/// <summary>Checks the committed <c>schemas/compliance-v1.json</c> with JsonSchema.Net: it is what the generator writes
/// today, it accepts every rule, waiver and tests file the engine accepts, and it rejects documents the engine rejects.</summary>
public sealed partial class RuleSchemaTests
{
    private static readonly string SchemaPath = RepoRoot.Combine("schemas", "compliance-v1.json");

    private static readonly Lazy<JsonSchema> Committed = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    /// <summary>Reads YAML as an editor's YAML language server does (YAML 1.2 core schema): unquoted <c>true</c>, <c>false</c>
    /// and numbers are JSON booleans and numbers, <c>null</c> and <c>~</c> are null, everything else is text.</summary>
    internal static JsonElement YamlToJson(string yaml, string file = "document.yaml")
    {
        var diagnostics = new List<Diagnostic>();
        var root = YamlDocumentReader.Read(yaml, file, YamlLimits.Default, diagnostics)
            ?? throw new InvalidOperationException(string.Join("\n", diagnostics));
        return JsonSerializer.SerializeToElement(ToJson(root));
    }

    private static JsonNode? ToJson(DataNode node) => node switch
    {
        MapNode map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key.Value!, ToJson(e.Value)))),
        ListNode list => new JsonArray(list.Items.Select(ToJson).ToArray()),
        ScalarNode { IsNull: true } => null,
        ScalarNode { Quoted: true } scalar => JsonValue.Create(scalar.Value),
        ScalarNode scalar => Plain(scalar.Value!),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static JsonNode Plain(string text)
    {
        if (BooleanPattern().IsMatch(text))
        {
            return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (IntegerPattern().IsMatch(text))
        {
            return JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture));
        }

        if (FloatPattern().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BooleanPattern();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    private static EvaluationResults Validate(JsonSchema schema, string yaml) =>
        schema.Evaluate(YamlToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults results) => string.Join("\n",
        (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    [Test]
    public void CommittedSchema_IsUpToDate() =>
        Assert.That(File.ReadAllText(SchemaPath), Is.EqualTo(RuleSchema.Generate()),
            "schemas/compliance-v1.json is stale: regenerate it from the repository's root with `compliance schema --output schemas/compliance-v1.json` "
            + "(or `dotnet run --project src/Compliance.Cli -- schema --output schemas/compliance-v1.json`)");

    private static IEnumerable<TestCaseData> RuleFiles() =>
        Directory.EnumerateFiles(RepoRoot.Combine("rules"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoRoot.Combine("tests", "Compliance.Rules.Tests", "Export", "Cases"), "*.yaml"))
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetRelativePath(RepoRoot.Path, f).Replace('\\', '/')).SetName($"valid: {Path.GetFileName(f)}"));

    [TestCaseSource(nameof(RuleFiles))]
    public void RuleFile_IsValidAgainstTheCommittedSchema(string file)
    {
        var results = Validate(Committed.Value, File.ReadAllText(RepoRoot.Combine(file)));

        Assert.That(results.IsValid, Is.True, Errors(results));
    }

    [Test]
    public void BundledRuleFiles_NameTheSchemaOnTheirFirstLine()
    {
        foreach (var file in Directory.EnumerateFiles(RepoRoot.Combine("rules"), "*.yaml", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.GetDirectoryName(file)!, SchemaPath).Replace('\\', '/');
            Assert.That(File.ReadLines(file).First(), Is.EqualTo($"# yaml-language-server: $schema={relative}"), file);
        }
    }

    private const string Clause = """
        apiVersion: compliance/v1
        contract: { id: acme, title: Acme }
        clauses:
          - id: c1
            title: A clause
            text: The words.
        """;

    private static IEnumerable<TestCaseData> WrongDocuments()
    {
        TestCaseData Case(string name, string yaml) => new TestCaseData(yaml).SetName($"invalid: {name}");

        yield return Case("a misspelt clause key", Clause + "\n    appliesTo: call\n    requires: { cloud: Azure }");
        yield return Case("a misspelt path", Clause + "\n    appliesTo: call\n    require: { clud: Azure }");
        yield return Case("a path of another kind", Clause + "\n    appliesTo: deployment\n    require: { cloud: Azure }");
        yield return Case("an enum value that is no member", Clause + "\n    appliesTo: call\n    require: { mode: statefull }");
        yield return Case("a misspelt operator", Clause + "\n    appliesTo: call\n    require: { cloud: { notEqual: Azure } }");
        yield return Case("an operator that does not fit the type", Clause + "\n    appliesTo: call\n    require: { cloud: { gt: 5 } }");
        yield return Case("a number in quotes", Clause + "\n    appliesTo: call\n    require: { tokens: { gt: \"5\" } }");
        yield return Case("equals on a list", Clause + "\n    appliesTo: deployment\n    require: { partners: Microsoft }");
        yield return Case("equals on a map", Clause + "\n    appliesTo: call\n    require: { tags: research }");
        yield return Case("an expression inside some", Clause + "\n    appliesTo: deployment\n    require: { calls: { some: { expression: \"true\" } } }");
        yield return Case("a misspelt operator inside every", Clause + "\n    appliesTo: deployment\n    require: { partners: { every: { notEqual: Google } } }");
        yield return Case("a misspelt path inside none", Clause + "\n    appliesTo: deployment\n    require: { calls: { none: { clud: Azure } } }");
        yield return Case("a misspelt path inside some", Clause + "\n    appliesTo: deployment\n    require: { calls: { some: { clud: Azure } } }");
        yield return Case("require and forbid", Clause + "\n    appliesTo: call\n    require: { cloud: Azure }\n    forbid: { cloud: AWS }");
        yield return Case("neither require nor forbid", Clause + "\n    appliesTo: call");
        yield return Case("an unknown kind", Clause + "\n    appliesTo: calls\n    require: { cloud: Azure }");
        yield return Case("an unknown effect", Clause + "\n    appliesTo: call\n    require: { cloud: Azure }\n    effect: fatal");
        yield return Case("a malformed date", Clause + "\n    appliesTo: call\n    require: { cloud: Azure }\n    effective: { from: 2019-7-22 }");
        yield return Case("an impossible date", Clause + "\n    appliesTo: call\n    require: { cloud: Azure }\n    effective: { from: 2027-13-45 }");
        yield return Case("an impossible day of the month", Clause + "\n    appliesTo: call\n    require: { timestamp: { lt: 2027-04-31 } }");
        yield return Case("an impossible hour", Clause + "\n    appliesTo: call\n    require: { timestamp: { lt: 2027-04-30T25:00:00Z } }");
        yield return Case("startsWith on a list", Clause + "\n    appliesTo: deployment\n    require: { partners: { startsWith: Soft } }");
        yield return Case("endsWith with an empty list", Clause + "\n    appliesTo: call\n    require: { region: { endsWith: [] } }");
        yield return Case("a clause id with capitals", Clause.Replace("id: c1", "id: Clause_1", StringComparison.Ordinal) + "\n    appliesTo: call\n    require: { cloud: Azure }");
        yield return Case("no apiVersion", Clause.Replace("apiVersion: compliance/v1\n", string.Empty, StringComparison.Ordinal) + "\n    appliesTo: call\n    require: { cloud: Azure }");
        yield return Case("a contract and waivers", Clause + "\n    appliesTo: call\n    require: { cloud: Azure }\nwaivers: [ { id: W-1, clause: acme/c1, reason: R, expires: 2030-01-01 } ]");
        yield return Case("a waiver without expiry", "apiVersion: compliance/v1\nwaivers:\n  - { id: W-1, clause: acme/c1, reason: R }");
        yield return Case("a test with an unknown subject field", """
            apiVersion: compliance/v1
            tests:
              - name: t
                subject: { kind: call, vendor: OpenAI, model: m, mode: stateless, clod: AWS }
                expect: { outcome: compliant }
            """);
        yield return Case("a test expecting a status as its outcome", """
            apiVersion: compliance/v1
            tests:
              - name: t
                subject: { kind: call, vendor: OpenAI, model: m, mode: stateless, cloud: AWS }
                expect: { outcome: violated }
            """);
    }

    [TestCaseSource(nameof(WrongDocuments))]
    public void WrongDocument_IsRejectedByTheSchema_AsByTheEngine(string yaml)
    {
        var results = Validate(Committed.Value, yaml);
        var loaded = new RuleSetLoader().LoadStrings([new RuleSource("acme.yaml", yaml)]);

        Assert.That(results.IsValid, Is.False, "the schema accepts a document the engine rejects");
        Assert.That(loaded.Errors, Is.Not.Empty, "the case must be one the engine rejects too");
    }

    [TestCase("{ mode: STATELESS }")]
    [TestCase("{ mode: [Stateless, stateful] }")]
    [TestCase("{ tags.purpose: research, tags.team: { notIn: [a, b] } }")]
    [TestCase("{ timestamp: { gte: 2025-10-28, lt: 2026-03-01T12:00:00Z } }")]
    [TestCase("{ timestamp: { gte: 2028-02-29, lt: 2028-12-31T23:59:59Z } }")]
    [TestCase("{ region: { startsWith: eu-, endsWith: [\"-1\", \"-2\"] }, endpoint: { endsWith: .azure.com } }")]
    [TestCase("{ any: [ { cloud: Azure }, { not: { region: { exists: true } } } ], expression: \"subject.Tokens > 5\" }")]
    public void Conditions_TheEngineAccepts_AreValid(string condition)
    {
        var yaml = Clause + $"\n    appliesTo: call\n    require: {condition}";
        var loaded = new RuleSetLoader().LoadStrings([new RuleSource("acme.yaml", yaml)]);
        var results = Validate(Committed.Value, yaml);

        Assert.That(loaded.Errors, Is.Empty);
        Assert.That(results.IsValid, Is.True, Errors(results));
    }

    [Test]
    public void Schema_DescribesEveryOperator_WithTheMissingValueRule()
    {
        using var schema = JsonDocument.Parse(RuleSchema.Generate());
        var names = Enum.GetValues<Operator>().Select(OperatorNames.Name).ToHashSet(StringComparer.Ordinal);
        var described = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in properties.EnumerateObject().Where(p => names.Contains(p.Name)))
                    {
                        Assert.That(property.Value.TryGetProperty("description", out var description), Is.True, $"`{property.Name}` has no description");
                        described[property.Name] = description.GetString()!;
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(schema.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(described.Keys, Is.EquivalentTo(names));
            Assert.That(described["notIn"], Does.Contain("a missing value satisfies notIn"));
            Assert.That(described["notEquals"], Does.Contain("a missing value satisfies notEquals"));
            Assert.That(described["startsWith"], Does.Contain("any one of a list"));
        });
    }

    [Test]
    public void Schema_KnowsEveryKeyTheEngineReads()
    {
        using var schema = JsonDocument.Parse(RuleSchema.Generate());
        var defs = schema.RootElement.GetProperty("$defs");
        string[] Keys(JsonElement obj) => obj.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(Keys(schema.RootElement), Is.EquivalentTo(DocumentParser.RootKeys));
            Assert.That(Keys(defs.GetProperty("contract")), Is.EquivalentTo(DocumentParser.ContractKeys));
            Assert.That(Keys(defs.GetProperty("clause")), Is.EquivalentTo(DocumentParser.ClauseKeys));
            Assert.That(Keys(defs.GetProperty("clause").GetProperty("properties").GetProperty("effective")), Is.EquivalentTo(DocumentParser.EffectiveKeys));
            Assert.That(Keys(defs.GetProperty("exception")), Is.EquivalentTo(DocumentParser.ExceptionKeys));
            Assert.That(Keys(defs.GetProperty("waiver")), Is.EquivalentTo(DocumentParser.WaiverKeys));
            Assert.That(Keys(defs.GetProperty("test")), Is.EquivalentTo(DocumentParser.TestKeys));
            Assert.That(Keys(defs.GetProperty("test").GetProperty("properties").GetProperty("expect")), Is.EquivalentTo(DocumentParser.ExpectKeys));
        });
    }

    [Test]
    public void Schema_ListsEveryFieldOfEveryBuiltInKind_AndTheirEnumValues()
    {
        using var schema = JsonDocument.Parse(RuleSchema.Generate());
        var defs = schema.RootElement.GetProperty("$defs");

        foreach (var kind in SubjectKindRegistry.Default.Kinds)
        {
            var condition = defs.GetProperty($"{kind.Name}.condition").GetProperty("properties").EnumerateObject().Select(p => p.Name);
            var subject = defs.GetProperty($"{kind.Name}.subject").GetProperty("properties").EnumerateObject().Select(p => p.Name);
            Assert.That(condition, Is.EquivalentTo(kind.Model.Fields.Select(f => f.Name).Concat(["all", "any", "not", "is", "expression"])), kind.Name);
            Assert.That(subject, Is.EquivalentTo(kind.Model.Fields.Select(f => f.Name).Append("kind")), kind.Name);
        }

        Assert.That(defs.GetProperty("call.condition").GetProperty("patternProperties").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { @"^tags\..+$" }));
        Assert.That(defs.GetProperty("scalar.runtimeMode").GetProperty("anyOf")[0].GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
            Is.EqualTo(new[] { "stateless", "stateful" }));
    }

    [Test]
    public void Generate_WithACustomKind_ChecksRulesWrittenForIt()
    {
        var schema = JsonSchema.FromText(RuleSchema.Generate(SubjectKindRegistry.Default.With<Shipment>("shipment")));
        var valid = Clause + "\n    appliesTo: shipment\n    require: { carrier: Acme, weightKg: { lte: 30 }, labels.priority: high }";
        var wrong = Clause + "\n    appliesTo: shipment\n    require: { cloud: Azure }";

        var results = Validate(schema, valid);

        Assert.That(results.IsValid, Is.True, Errors(results));
        Assert.That(Validate(schema, wrong).IsValid, Is.False);
        Assert.That(Validate(Committed.Value, valid).IsValid, Is.False, "the built-in schema does not know the custom kind");
    }

    /// <summary>A custom kind for the schema.</summary>
    public sealed record Shipment
    {
        public string? Carrier { get; init; }

        public double? WeightKg { get; init; }

        public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    }
}
