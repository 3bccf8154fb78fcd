using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Analysis;
using Compliance.Rules.Export;
using Compliance.Rules.Subjects;
using Compliance.Rules.Yaml;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;
using RulesEngine.Models;

namespace Compliance.Rules.Tests.Docs;

/// <summary>The C# blocks of docs/security.md, docs/export.md and docs/editor-setup.md, each run here word for word
/// (see <see cref="DocsSnippetTests"/>), with an assertion that the options they show take effect.</summary>
[NonParallelizable]
public class ReferenceDocsExamples
{
    private string _directory = null!;
    private string _temp = null!;

    [SetUp]
    public void RunInAFolderOfItsOwn()
    {
        // The examples read and write relative paths (`workflows.json`, `schemas/...`): they run in a temporary folder.
        _directory = Environment.CurrentDirectory;
        _temp = Directory.CreateTempSubdirectory("compliance-docs-").FullName;
        Environment.CurrentDirectory = _temp;
    }

    [TearDown]
    public void Restore()
    {
        Environment.CurrentDirectory = _directory;
        Directory.Delete(_temp, recursive: true);
    }

    [Test]
    public void Security_LoaderLimits()
    {
        // <snippet:security-loader-limits>
        var loader = new RuleSetLoader(new RuleSetLoaderOptions
        {
            RegexTimeout = TimeSpan.FromMilliseconds(200),
            MaxPatternLength = 4_000,
            Limits = new YamlLimits { MaxFileBytes = 20 * 1024 * 1024, MaxDepth = 32, MaxScalarLength = 256 * 1024 },
        });
        // </snippet:security-loader-limits>

        var pattern = new string('a', 2_000);
        var result = loader.LoadStrings([new RuleSource("long-pattern.yaml", RuleWithPattern(pattern))]);
        Assert.That(result.Diagnostics.Select(d => d.Code), Does.Not.Contain("CMP0050"), "a 2,000-character pattern is within the raised limit");
        Assert.That(new RuleSetLoader().LoadStrings([new RuleSource("long-pattern.yaml", RuleWithPattern(pattern))]).Diagnostics.Select(d => d.Code),
            Does.Contain("CMP0050"), "and past the default");
    }

    [Test]
    public void Security_SubjectReaderLimits()
    {
        var kinds = SubjectKindRegistry.Default;

        // <snippet:security-subject-limits>
        var reader = new SubjectReader(kinds, new SubjectReaderOptions { MaxLineLength = 4 * 1024 * 1024, MaxDepth = 16, MaxNodes = 2_000_000, MaxListElements = 250_000 });
        // </snippet:security-subject-limits>

        var line = $$"""{"kind":"deployment","id":"d1","calls":[{{string.Join(',', Enumerable.Repeat("{}", 150_000))}}]}""";
        File.WriteAllText("many.jsonl", line + "\n");
        var inputs = reader.ReadPath("many.jsonl").ToArray();
        Assert.That(inputs, Has.Length.EqualTo(1));
        Assert.That(inputs[0].Errors, Is.Empty, "150,000 list elements are within the raised MaxListElements");
        Assert.That(string.Join("; ", new SubjectReader(kinds).ReadPath("many.jsonl").Single().Errors.Select(e => e.Message)), Does.Contain("100000"), "and past the default");
    }

    [Test]
    public void Security_EvaluationLimits()
    {
        // <snippet:security-evaluation-limits>
        var options = new EvaluationOptions { MaxRegexTimeouts = 1, SubjectTimeBudget = TimeSpan.FromMilliseconds(250) };
        // </snippet:security-evaluation-limits>

        Assert.That(options.MaxRegexTimeouts, Is.EqualTo(1));
        Assert.That(options.SubjectTimeBudget, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        var verdict = Compliance.Rules.Tests.RepoRoot.LoadBundledRules().RuleSet!.Evaluate(AwsCall, options);
        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Violation), "the options are accepted by the evaluation");
    }

    [Test]
    public void Security_AnalysisLimits()
    {
        var ruleSet = Compliance.Rules.Tests.RepoRoot.LoadBundledRules().RuleSet!;

        // <snippet:security-analysis-limits>
        var findings = RuleSetAnalyzer.AnalyzeFindings(ruleSet, new AnalysisOptions
        {
            MaxSearchSteps = 50_000_000,
            StepsPerConditionNode = 10_000,
        });
        // </snippet:security-analysis-limits>

        Assert.That(findings.Select(f => f.Diagnostic.Code), Does.Not.Contain("CMP0103"), "the bundled rules are analysed within the budget");
        Assert.That(RuleSetAnalyzer.AnalyzeFindings(ruleSet, new AnalysisOptions { MaxSearchSteps = 1, StepsPerConditionNode = 1 })
            .Select(f => f.Diagnostic.Code), Does.Contain("CMP0103"), "and a tiny budget is spent");
    }

    [Test]
    public async Task Export_RunsInRulesEngine()
    {
        var bundled = Compliance.Rules.Tests.RepoRoot.LoadBundledRules().RuleSet!;
        File.WriteAllText("workflows.json", RulesEngineExport.ToJson(bundled));
        var call = AwsCall;
        var printed = new StringWriter { NewLine = "\n" };
        var console = Console.Out;
        Console.SetOut(printed);
        try
        {
            // <snippet:export-run>
            var workflows = JsonSerializer.Deserialize<Workflow[]>(File.ReadAllText("workflows.json"))!;
            var engine = new RulesEngine.RulesEngine(workflows, new ReSettings
            {
                CustomTypes = RulesEngineExport.CustomTypes.ToArray(),          // Regex and RegexOptions, for `matches`
                NestedRuleExecutionMode = NestedRuleExecutionMode.All,          // so that every branch reports
            });

            var results = await engine.ExecuteAllRulesAsync("call",
                new RuleParameter("subject", call),                                // a Compliance.Subjects.CallSubject
                new RuleParameter("asOf", new DateTime(2026, 3, 1)));             // the date to judge as of, at midnight

            foreach (var result in results)
            {
                var status = result.IsSuccess
                    ? ((JsonElement)result.ChildResults.First(c => c.IsSuccess).Rule.Properties["status"]).GetString()
                    : "violated";
                Console.WriteLine($"{result.Rule.RuleName}: {status}");
            }
            // </snippet:export-run>
        }
        finally
        {
            Console.SetOut(console);
        }

        var verdict = bundled.Evaluate(call, new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) });
        var violated = printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.EndsWith(": violated", StringComparison.Ordinal)).Select(l => l[..^": violated".Length]);
        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Violation), "the call chosen breaks a clause");
        Assert.That(violated, Is.EquivalentTo(verdict.Clauses.Where(c => c.Status == ClauseStatus.Violated).Select(c => c.Id)),
            "RulesEngine, running the exported workflows as the guide shows, finds the clauses the engine finds");
    }

    [Test]
    public void EditorSetup_SchemaForOwnKinds()
    {
        Directory.CreateDirectory("schemas");

        // <snippet:editor-schema>
        var kinds = SubjectKindRegistry.Default.With<Shipment>("shipment");
        File.WriteAllText("schemas/compliance-v1.json", Compliance.Rules.Schema.RuleSchema.Generate(kinds));
        // </snippet:editor-schema>

        Assert.That(File.ReadAllText("schemas/compliance-v1.json"), Does.Contain("\"shipment\""));
    }

    private static string RuleWithPattern(string pattern) => $$"""
        apiVersion: compliance/v1
        contract: { id: c, title: C }
        clauses:
          - id: a
            title: A
            text: A.
            appliesTo: call
            require: { endpoint: { matches: '{{pattern}}' } }
        """;

    /// <summary>A stateless call to an OpenAI model served from AWS, as in samples/subjects/calls.jsonl.</summary>
    private static CallSubject AwsCall => new()
    {
        Id = "call-aws", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS", Region = "us-east-1",
        Customer = "contoso", Tokens = 920, Timestamp = DateTimeOffset.Parse("2026-03-01T12:05:00Z", System.Globalization.CultureInfo.InvariantCulture),
    };

    public sealed record Shipment
    {
        public string? Id { get; init; }

        public string? Carrier { get; init; }
    }
}
