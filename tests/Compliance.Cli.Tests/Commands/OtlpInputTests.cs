using System.Text.Json;
using NUnit.Framework;

namespace Compliance.Cli.Tests.Commands;

/// <summary><c>check</c> reading OpenTelemetry trace exports (OTLP JSON): one <c>call</c> per GenAI span, its id the span
/// id, its source the document's line; a malformed document is one <c>indeterminate</c> verdict and the rest goes on.</summary>
public sealed class OtlpInputTests
{
    private static string[] Lines(CliRun run) =>
        run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var verdict = JsonDocument.Parse(line).RootElement;
            var errors = verdict.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString());
            return $"{verdict.GetProperty("subject").GetString()} {verdict.GetProperty("outcome").GetString()} {verdict.GetProperty("source").GetString()} {string.Join("; ", errors)}".TrimEnd();
        }).ToArray();

    [Test]
    public void TheCommittedCollectorExport_GivesOneCallPerGenAiSpan()
    {
        var run = CliRun.AtRepoRoot(["check", "--rules", "rules", "--input", "samples/traces/genai-traces.json", "--format", "jsonl"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(Lines(run), Is.EqualTo(new[]
        {
            "a1b2c3d4e5f60001 compliant samples/traces/genai-traces.json:1",
            "a1b2c3d4e5f60002 violation samples/traces/genai-traces.json:1",
            "b1b2c3d4e5f60001 notApplicable samples/traces/genai-traces.json:2",
            "b1b2c3d4e5f60002 notApplicable samples/traces/genai-traces.json:2",
            "samples/traces/genai-traces.json:3 indeterminate samples/traces/genai-traces.json:3 malformed OTLP JSON at line 3, column 202: expected start of a property name or value, but instead reached end of data",
            "d1b2c3d4e5f60001 compliant samples/traces/genai-traces.json:4",
        }));
    }

    [Test]
    public void TheSpansAttributes_AreMappedAsTheSpecSays()
    {
        var run = CliRun.AtRepoRoot(["check", "--rules", "rules", "--input", "samples/traces/genai-traces.json", "--format", "jsonl", "--trace"]);

        var facts = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(v => v.GetProperty("subject").GetString() == "a1b2c3d4e5f60002")
            .Single().GetProperty("clauses").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == "msft-openai/azure-stateless-exclusivity").GetProperty("facts");
        Assert.That(facts.GetRawText(), Is.EqualTo("""{"vendor":"OpenAI","mode":"stateless","cloud":"OpenAI","tags.purpose":null,"id":"a1b2c3d4e5f60002"}"""));
    }

    [Test]
    public void APrettyPrintedExport_IsOneDocument_WithEachSpanAtTheLineItOpensOn()
    {
        using var temp = new TempDirectory();
        temp.Write("trace.json", """

            {
              "resourceSpans": [ { "scopeSpans": [ { "spans": [
                { "spanId": "00f067aa0ba902b7", "startTimeUnixNano": "1772366400000000000",
                  "attributes": [
                    { "key": "gen_ai.operation.name", "value": { "stringValue": "chat" } },
                    { "key": "gen_ai.provider.name", "value": { "stringValue": "aws.bedrock" } },
                    { "key": "gen_ai.request.model", "value": { "stringValue": "openai.gpt-oss-120b-1:0" } },
                    { "key": "server.address", "value": { "stringValue": "bedrock-runtime.us-west-2.amazonaws.com" } }
                  ] } ] } ] } ]
            }
            """);

        var run = CliRun.In(temp.Path, ["check", "--rules", Path.Combine(RepoRoot.Path, "rules"), "--input", "trace.json", "--format", "jsonl"]);

        Assert.That(Lines(run), Is.EqualTo(new[] { "00f067aa0ba902b7 violation trace.json:4" }), run.ToString());
    }

    [Test]
    public void StandardInput_MixesTraceDocumentsAndSubjects_LineByLine()
    {
        var trace = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"1111111111111111","startTimeUnixNano":"1772366400000000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.provider.name","value":{"stringValue":"azure.ai.openai"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}}]}]}]}]}""";
        var subject = """{"kind":"call","id":"by-hand","vendor":"OpenAI","model":"gpt-4o","mode":"stateless","cloud":"AWS","timestamp":"2026-03-01"}""";

        var run = CliRun.AtRepoRoot(["check", "--rules", "rules", "--input", "-", "--format", "jsonl"], stdin: trace + "\n" + subject + "\n{\"resourceSpans\": 3}\n");

        Assert.That(Lines(run), Is.EqualTo(new[]
        {
            "1111111111111111 compliant -:1",
            "by-hand violation -:2",
            "-:3 indeterminate -:3 a trace document must be an object whose `resourceSpans` is a list",
        }), run.ToString());
    }

    [Test]
    public void ALineOverTheLimit_IsOneIndeterminateVerdict_AndTheRestIsRead()
    {
        using var temp = new TempDirectory();
        var span = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"2222222222222222","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},{"key":"server.address","value":{"stringValue":"x.openai.azure.com"}}]}]}]}]}""";
        var huge = """{"resourceSpans":[],"padding":" """ + new string('x', 1024 * 1024) + "\"}";
        temp.Write("traces.jsonl", span + "\n" + huge + "\n" + span + "\n");

        var run = CliRun.In(temp.Path, ["check", "--rules", Path.Combine(RepoRoot.Path, "rules"), "--input", "traces.jsonl", "--format", "jsonl", "--as-of", "2026-03-01"]);

        Assert.That(Lines(run), Is.EqualTo(new[]
        {
            "2222222222222222 compliant traces.jsonl:1",
            "traces.jsonl:2 indeterminate traces.jsonl:2 the line is longer than the limit of 1048576 characters",
            "2222222222222222 compliant traces.jsonl:3",
        }), run.ToString());
    }
}
