using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Commands;

/// <summary><c>check</c> parses, judges and writes batches on several threads; its reports are exactly those of a
/// sequential run through the public API, in input order, whatever the size of the batch and the mix of lines.</summary>
public sealed class CheckBatchTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    /// <summary>Calls and deployments with values the bundled rules read, blank lines, malformed and invalid lines.</summary>
    private static string Lines(int seed, int count)
    {
        var random = new Random(seed);
        string Pick(params string[] values) => values[random.Next(values.Length)];
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            text.Append(roll switch
            {
                < 2 => "",
                < 4 => """{"kind": "call", "id": "half""",
                < 6 => $$"""{"kind": "call", "id": "bad-{{i}}", "vendor": "OpenAI", "mode": "sometimes", "cloud": "AWS"}""",
                < 60 => $$"""{"kind": "call", "id": "c{{i}}", "vendor": "{{Pick("OpenAI", "openai", "Anthropic")}}", "model": "gpt-5", "mode": "{{Pick("stateless", "stateful")}}", "cloud": "{{Pick("Azure", "AWS", "GCP")}}", "endpoint": "{{Pick("https://contoso.openai.azure.com/x", "https://api.openai.com/v1")}}", "timestamp": "2026-0{{random.Next(1, 9)}}-01T00:00:00Z"{{(random.Next(5) == 0 ? ", \"tags\": {\"purpose\": \"safety-research\"}" : "")}}}""",
                _ => $$"""{"kind": "deployment", "id": "{{(random.Next(10) == 0 ? "chatgpt-gcp-overflow" : $"d{i}")}}", "product": "{{Pick("Frontier", "ChatGPT", "Stargate")}}", "vendor": "OpenAI", "runtime": "{{Pick("stateless", "stateful")}}", "hostCloud": "{{Pick("Azure", "AWS", "GCP")}}", "distributor": "{{Pick("AWS", "Microsoft", "OpenAI")}}", "soldAsApi": {{(random.Next(3) == 0 ? "true" : "false")}}, "partners": [{{Pick("", "\"Microsoft\"", "\"SoftBank\", \"Oracle\"")}}], "capacityMw": {{random.Next(4000)}}, "timestamp": "2026-03-01", "calls": [{"vendor": "OpenAI", "model": "m", "mode": "{{Pick("stateless", "stateful")}}", "cloud": "{{Pick("Azure", "AWS")}}"}]}""",
            });
            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Sequential(string content, string display, VerdictDetail detail, DateOnly? asOf = null)
    {
        var rules = new RuleSetLoader().Load(Path.Combine(RepoRoot.Path, "rules"));
        var options = new EvaluationOptions { AsOf = asOf, MaxDegreeOfParallelism = 1, TimeProvider = CliRun.Environment.TimeProvider };
        var text = new StringBuilder();
        foreach (var input in new SubjectReader(rules.Kinds).ReadJsonLines(new StringReader(content), display))
        {
            text.Append(VerdictJson.Serialize(rules.Evaluate(input, options), detail)).Append('\n');
        }

        return text.ToString();
    }

    [Test]
    public void JsonLines_AnyBatch_EqualsASequentialRunInInputOrder()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 2500], Gen.Bool).Sample((seed, count, failing) =>
        {
            var content = Lines(seed, count);
            var input = _temp.Write($"batch-{seed}-{count}.jsonl", content);
            var detail = failing ? "failing" : "full";

            var run = CliRun.Of(["check", "--rules", Path.Combine(RepoRoot.Path, "rules"), "--input", input, "--format", "jsonl",
                "--detail", detail, "--fail-on", "none"]);

            Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
            Assert.That(run.Stdout, Is.EqualTo(Sequential(content, input.Replace('\\', '/'), failing ? VerdictDetail.Failing : VerdictDetail.Full)));
        }, iter: 12, threads: 1);
    }

    [Test]
    public void JsonLines_FromStandardInput_EqualsASequentialRun()
    {
        var content = Lines(7, 700);

        var run = CliRun.Of(["check", "--rules", Path.Combine(RepoRoot.Path, "rules"), "--input", "-", "--format", "jsonl", "--fail-on", "none"], content);

        Assert.That(run.Stdout, Is.EqualTo(Sequential(content, "-", VerdictDetail.Full)));
    }

    [Test]
    public void JsonLines_ToAnOutputFile_EqualsASequentialRun()
    {
        var content = Lines(11, 1500);
        var input = _temp.Write("batch.jsonl", content);
        var output = _temp.Combine("report.jsonl");

        var run = CliRun.Of(["check", "--rules", Path.Combine(RepoRoot.Path, "rules"), "--input", input, "--format", "jsonl",
            "--detail", "failing", "--output", output, "--as-of", "2026-06-01"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Stderr);
        Assert.That(File.ReadAllText(output), Is.EqualTo(Sequential(content, input.Replace('\\', '/'), VerdictDetail.Failing, new DateOnly(2026, 6, 1))));
    }

    [Test]
    public void JsonDocument_OfABatch_EqualsTheDocumentOfASequentialRun()
    {
        var content = Lines(3, 1200);
        var input = _temp.Write("batch.jsonl", content);

        var run = CliRun.Of(["check", "--rules", Path.Combine(RepoRoot.Path, "rules"), "--input", input, "--format", "json", "--fail-on", "none"]);

        var rules = new RuleSetLoader().Load(Path.Combine(RepoRoot.Path, "rules"));
        var verdicts = new SubjectReader().ReadJsonLines(new StringReader(content), input.Replace('\\', '/')).Select(i => rules.Evaluate(i, new EvaluationOptions { TimeProvider = CliRun.Environment.TimeProvider }));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, VerdictJson.WriterOptions(indented: true)))
        {
            VerdictJson.WriteDocument(json, verdicts);
        }

        Assert.That(run.Stdout, Is.EqualTo(Encoding.UTF8.GetString(buffer.ToArray()) + "\n"));
    }
}
