using Compliance.Evaluation;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;
using Compliance.Rules.Testing;
using Compliance.Subjects;
using Compliance.Verdicts;
using FluentValidation;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Docs;

/// <summary>The code of docs/library.md's first sections, run against the bundled rules and samples. Each region between
/// <c>// &lt;snippet:name&gt;</c> markers is the guide's code block of that name, word for word (see <see cref="DocsSnippetTests"/>).</summary>
[NonParallelizable]
public class LibraryGuideExamples
{
    private string _directory = null!;
    private TextWriter _out = null!;
    private TextWriter _error = null!;
    private StringWriter _printed = null!;

    [SetUp]
    public void RunFromTheRepositoryRoot()
    {
        // The guide's paths (`rules`, `samples/subjects`) are relative to the repository root; what it prints is captured.
        _directory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = RepoRoot.Path;
        (_out, _error, _printed) = (Console.Out, Console.Error, new StringWriter { NewLine = "\n" });
        Console.SetOut(_printed);
        Console.SetError(_printed);
    }

    [TearDown]
    public void Restore()
    {
        Environment.CurrentDirectory = _directory;
        Console.SetOut(_out);
        Console.SetError(_error);
        _printed.Dispose();
    }

    private string[] Printed => _printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Loading()
    {
        var yamlText = File.ReadAllText("rules/openai-amazon.yaml");

        // <snippet:loading>
        var loader = new RuleSetLoader();                 // or new RuleSetLoader(new RuleSetLoaderOptions { ... })

        // Non-throwing: every diagnostic comes back, sorted by file, line and column.
        LoadResult result = loader.LoadFiles(["rules"]);  // files or folders (recursive *.yaml / *.yml)
        foreach (var d in result.Diagnostics)
        {
            Console.Error.WriteLine(d);                   // rules/x.yaml:12:7: error CMP0021: unknown path `clod` ... (did you mean `cloud`?)
        }

        if (result.RuleSet is { } rules)                  // null when any diagnostic is an error
        {
            Console.WriteLine($"{rules.Contracts.Count} contracts, {rules.Clauses.Count} clauses");
        }

        // Throwing: RuleSetLoadException carries every diagnostic.
        RuleSet same = loader.Load("rules");
        RuleSet fromText = loader.LoadString(yamlText, "inline.yaml");
        // </snippet:loading>

        Assert.That(Printed, Is.EqualTo(new[] { "2 contracts, 12 clauses" }));
        Assert.That(same.Clauses.Select(c => c.Id), Is.EqualTo(result.RuleSet!.Clauses.Select(c => c.Id)));
        Assert.That(fromText.Contracts.Select(c => c.Id), Is.EqualTo(new[] { "openai-amazon" }));
        Assert.That(fromText.Clauses[0].Location.File, Is.EqualTo("inline.yaml"));
    }

    [Test]
    public void Loading_ReportsEveryDiagnostic()
    {
        var loader = new RuleSetLoader();

        var result = loader.LoadStrings([new RuleSource("rules/x.yaml", """
            apiVersion: compliance/v1
            contract: { id: x, title: X }
            clauses:
              - id: typo
                title: Typo
                text: A typo in a path.
                appliesTo: call
                require: { clod: Azure }
            """)]);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "rules/x.yaml:8:16: error CMP0021: unknown path `clod`: `call` has no field `clod` (did you mean `cloud`?)",
        }));
        Assert.Throws<RuleSetLoadException>(() => loader.LoadString(File.ReadAllText("rules/msft-openai.yaml").Replace("cloud: Azure", "clod: Azure", StringComparison.Ordinal)));
    }

    [Test]
    public void RulesPackageReadme()
    {
        // <snippet:rules-package-readme>
        var result = new RuleSetLoader().LoadFiles(["rules"]);
        foreach (var diagnostic in result.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic);
        }

        if (result.RuleSet is { } rules)
        {
            Console.WriteLine($"{rules.Clauses.Count} clauses");   // then rules.Evaluate(...), rules.EvaluateMany(...)
        }
        // </snippet:rules-package-readme>

        Assert.That(Printed, Is.EqualTo(new[] { "12 clauses" }));
    }

    [Test]
    public void Analysing()
    {
        var loader = new RuleSetLoader();
        var rules = loader.Load("rules");

        // <snippet:analysing>
        var options = new AnalysisOptions
        {
            ExpiringWithinDays = 30,                      // --expiring-within DAYS; the default is 30
            Today = new DateOnly(2026, 3, 1),             // or leave it out: TimeProvider (default: the system clock) gives today
        };

        // Load and analysis diagnostics together, sorted, as lint prints them (only the load's when it failed).
        IReadOnlyList<Diagnostic> all = RuleSetAnalyzer.Analyze(loader.LoadFiles(["rules"]), options);

        // The analysis alone, with what lies behind each finding.
        foreach (Finding finding in RuleSetAnalyzer.AnalyzeFindings(rules, options))
        {
            Console.WriteLine(finding.Diagnostic);        // rules/b.yaml:9:5: warning CMP0100: clauses `a/x` (rules/a.yaml:7) and `b/y` contradict on 2026-03-01: ...
            if (finding.Counterexample is { } example)
                Console.Write(example.Test);              // a test ready to paste under `tests:`, with the subject, date and statuses
        }
        // </snippet:analysing>

        Assert.That(all.Select(d => d.Code), Is.EqualTo(new[] { "CMP0101", "CMP0100", "CMP0101" }));
        Assert.That(Printed, Has.Length.EqualTo(3 + 6));
        Assert.That(Printed[1], Does.StartWith(
            "rules/openai-amazon.yaml:43:9: warning CMP0100: clauses `msft-openai/stateful-runtime-stateless-calls` (rules/msft-openai.yaml:132) "
            + "and `openai-amazon/bedrock-runtime-calls` contradict on 2026-03-01"));
        Assert.That(Printed[2], Is.EqualTo("  - name: msft-openai/stateful-runtime-stateless-calls and openai-amazon/bedrock-runtime-calls contradict"));
    }

    [Test]
    public void Evaluating()
    {
        var rules = new RuleSetLoader().Load("rules");

        // <snippet:evaluating>
        var verdict = rules.Evaluate(
            new CallSubject { Id = "c-1", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS" },
            new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) });

        Console.WriteLine(verdict.Outcome);               // Violation
        foreach (var clause in verdict.Clauses)           // every clause that applied: Id, Contract, Section, Title, Text, Status,
        {                                                 // Effect, Message, Remediation, Facts (path -> value read), Exception, Waiver, Source
            Console.WriteLine($"{clause.Id} {clause.Status}: {clause.Message}");
        }
        // </snippet:evaluating>

        Assert.That(Printed, Is.EqualTo(new[]
        {
            "Violation",
            "msft-openai/azure-stateless-exclusivity Violated: Stateless OpenAI call to gpt-5 runs on AWS, not Azure",
        }));
    }

    [Test]
    public void Batches()
    {
        var rules = new RuleSetLoader().Load("rules");

        // <snippet:batches>
        var reader = new SubjectReader();                 // YAML, JSON, JSON lines; files or folders
        IEnumerable<SubjectInput> inputs = reader.ReadPath("samples/subjects");
        foreach (var verdict in rules.EvaluateMany(inputs, new EvaluationOptions { AsOf = new DateOnly(2026, 6, 1) }))
        {
            Console.WriteLine($"{verdict.Subject} {verdict.Source}: {VerdictNames.Name(verdict.Outcome)}");
        }
        // </snippet:batches>

        Assert.That(Printed, Has.Length.EqualTo(13));
        Assert.That(Printed[0], Is.EqualTo("call-azure samples/subjects/calls.jsonl:1: compliant"));
        Assert.That(Printed[1], Is.EqualTo("call-aws samples/subjects/calls.jsonl:2: violation"));
    }

    [Test]
    public void BatchPipeline()
    {
        var rules = new RuleSetLoader().Load("rules");
        var report = Path.Combine(Path.GetTempPath(), $"compliance-guide-{Guid.NewGuid():N}.jsonl");
        try
        {
            var path = "samples/subjects/calls.jsonl";
            var outputPath = report;

            // <snippet:batch-pipeline>
            // What `compliance check --format jsonl --detail failing` does, at the same speed: the reader only splits JSON
            // lines into batches; the workers parse, judge, count and encode each batch; the loop writes them in input order.
            IEnumerable<SubjectBatch> batches = new SubjectReader(rules.Kinds).ReadBatches(path);   // or ReadBatches(stdin, "-")
            var lines = new VerdictJsonWriter(VerdictDetail.Failing);
            var options = new EvaluationOptions
            {
                AsOf = new DateOnly(2026, 6, 1),
                MaxDegreeOfParallelism = 2,
                Detail = VerdictDetail.Failing,           // build only the clauses the writer writes
            };
            var summary = VerdictSummary.Empty;
            File.Delete(outputPath);                      // a new file, not a truncated one (see below)
            using (var output = new FileStream(outputPath, FileMode.CreateNew, FileAccess.Write))
            {
                foreach (JudgedBatch<VerdictLines> batch in rules.EvaluateBatches(batches, lines.Encode, options))
                {
                    using (batch.Encoded)                 // pooled bytes: give them back once written
                    {
                        batch.Encoded.WriteTo(output);
                    }

                    summary = summary.Plus(batch.Summary);
                }
            }

            Console.WriteLine($"{summary.Subjects} subjects, {summary.Violation} violation");
            // </snippet:batch-pipeline>

            var expected = new SubjectReader(rules.Kinds).ReadPath(path)
                .Select(i => VerdictJson.Serialize(rules.Evaluate(i, new EvaluationOptions { AsOf = new DateOnly(2026, 6, 1) }), VerdictDetail.Failing))
                .ToArray();
            Assert.That(File.ReadAllLines(report), Is.EqualTo(expected));
            Assert.That(Printed, Is.EqualTo(new[] { $"{expected.Length} subjects, {expected.Count(l => l.Contains("\"outcome\":\"violation\"", StringComparison.Ordinal))} violation" }));
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Test]
    public void CustomSubjectKinds()
    {
        const string modelCardRules = """
            apiVersion: compliance/v1
            contract: { id: cards, title: Model cards }
            clauses:
              - id: published
                title: Model cards are published
                text: Every model has a published model card.
                appliesTo: model-card
                require: { published: true }
            """;

        // <snippet:custom-kind-registration>
        var kinds = SubjectKindRegistry.Default.With<ModelCard>("model-card", new ModelCardValidator());
        var loader = new RuleSetLoader(new RuleSetLoaderOptions { Kinds = kinds });
        var rules = loader.LoadString(modelCardRules);   // appliesTo: model-card, require: { published: true }
        var reader = new SubjectReader(kinds);            // subject files may now say kind: model-card
        // </snippet:custom-kind-registration>

        var asOf = new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) };
        Assert.That(rules.Evaluate(new ModelCard { Id = "gpt-5-card", Model = "gpt-5" }, asOf).Outcome, Is.EqualTo(Outcome.Violation));
        Assert.That(rules.Evaluate(new ModelCard { Id = "no-model", Published = true }, asOf).Errors.Select(e => e.Path), Is.EqualTo(new[] { "Model" }));
        var read = reader.ReadDocument("kind: model-card\nid: card-1\nmodel: gpt-5\npublished: true\n", "cards.yaml").Single();
        Assert.That(rules.Evaluate(read, asOf).Outcome, Is.EqualTo(Outcome.Compliant));
    }

    [Test]
    public void TestsDocuments()
    {
        var result = new RuleSetLoader().LoadFiles(["rules"]);

        // <snippet:tests-documents>
        var report = RuleTestRunner.Run(result.RuleSet!, result.Tests);
        Console.WriteLine($"{report.Passed} passed, {report.Failed} failed");
        Console.WriteLine($"not exercised: {string.Join(", ", report.Unexercised)}");   // clauses no test applied to
        // </snippet:tests-documents>

        Assert.That(report.Failed, Is.Zero);
        Assert.That(Printed[0], Is.EqualTo($"{result.Tests.Count} passed, 0 failed"));
    }
}

// <snippet:custom-kind-types>
public sealed record ModelCard
{
    public string? Id { get; init; }
    public string? Model { get; init; }
    public bool Published { get; init; }
}

public sealed class ModelCardValidator : AbstractValidator<ModelCard>
{
    public ModelCardValidator() => RuleFor(x => x.Model).NotEmpty();
}
// </snippet:custom-kind-types>
