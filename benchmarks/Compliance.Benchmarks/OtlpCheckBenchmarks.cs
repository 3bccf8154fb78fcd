using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Compliance.Cli;

namespace Compliance.Benchmarks;

/// <summary><c>check</c> over the same model calls as OTLP JSON (a Collector file export, 100 spans a line) and as JSON
/// lines (one subject a line), with the bundled rules.</summary>
[MemoryDiagnoser]
public class OtlpCheckBenchmarks
{
    private string _folder = null!;
    private string _rules = null!;
    private string _jsonLines = null!;
    private string _otlp = null!;

    [Params(20_000)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"compliance-bench-otlp-{Environment.ProcessId}");
        Directory.CreateDirectory(_folder);
        _rules = Path.Combine(Repository.Root(), "rules");
        _jsonLines = Path.Combine(_folder, "calls.jsonl");
        _otlp = Path.Combine(_folder, "traces.json");
        Write(Calls, _jsonLines, _otlp);
        // The compared inputs must be the same calls: the same subjects, outcomes and clauses, line for line (sources aside).
        var fromLines = Verdicts(_jsonLines);
        var fromTraces = Verdicts(_otlp);
        if (fromLines.Length != Calls || !fromLines.SequenceEqual(fromTraces))
        {
            throw new InvalidOperationException($"OTLP and JSON lines disagree: {fromLines.Length} and {fromTraces.Length} verdicts");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public int CheckJsonLines() => Check(_jsonLines, Path.Combine(_folder, "out-lines.jsonl"));

    [Benchmark]
    public int CheckOtlp() => Check(_otlp, Path.Combine(_folder, "out-otlp.jsonl"));

    private int Check(string input, string output) =>
        CliApp.Run(["check", "--rules", _rules, "--input", input, "--format", "jsonl", "--fail-on", "none", "--output", output],
            TextReader.Null, TextWriter.Null, TextWriter.Null);

    private string[] Verdicts(string input)
    {
        var output = Path.Combine(_folder, "verify.jsonl");
        Check(input, output);
        return File.ReadLines(output).Select(line =>
        {
            var verdict = System.Text.Json.JsonDocument.Parse(line).RootElement;
            return verdict.GetProperty("subject").GetString() + " " + verdict.GetProperty("outcome").GetString() + " "
                + string.Join(",", verdict.GetProperty("clauses").EnumerateArray().Select(c => c.GetProperty("id").GetString() + "=" + c.GetProperty("status").GetString()));
        }).ToArray();
    }

    /// <summary>The calls: stateless OpenAI calls on Azure, OpenAI's own API and AWS, in turn, each with the endpoint a span's
    /// <c>server.address</c> and <c>server.port</c> give.</summary>
    internal static void Write(int count, string jsonLines, string otlp)
    {
        string[] hosts = ["contoso.openai.azure.com", "api.openai.com", "bedrock-runtime.us-east-1.amazonaws.com"];
        string[] clouds = ["Azure", "OpenAI", "AWS"];
        const long start = 1772366400L * 1_000_000_000L;
        using var lines = new StreamWriter(jsonLines, false, new UTF8Encoding(false));
        using var traces = new StreamWriter(otlp, false, new UTF8Encoding(false));
        var spans = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var id = i.ToString("x16", CultureInfo.InvariantCulture);
            var tokens = 100 + i % 900;
            lines.Write(string.Create(CultureInfo.InvariantCulture,
                $"{{\"kind\":\"call\",\"id\":\"{id}\",\"vendor\":\"OpenAI\",\"model\":\"gpt-4o\",\"mode\":\"stateless\",\"cloud\":\"{clouds[i % 3]}\",\"endpoint\":\"https://{hosts[i % 3]}\",\"tokens\":{tokens},\"timestamp\":\"2026-03-01T12:00:00Z\"}}\n"));
            spans.Append(spans.Length == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"{id}\",\"parentSpanId\":\"\",\"name\":\"chat gpt-4o\",\"kind\":3,\"startTimeUnixNano\":\"{start}\",\"endTimeUnixNano\":\"{start + 850_000_000}\",\"attributes\":[{{\"key\":\"gen_ai.operation.name\",\"value\":{{\"stringValue\":\"chat\"}}}},{{\"key\":\"gen_ai.provider.name\",\"value\":{{\"stringValue\":\"openai\"}}}},{{\"key\":\"gen_ai.request.model\",\"value\":{{\"stringValue\":\"gpt-4o\"}}}},{{\"key\":\"server.address\",\"value\":{{\"stringValue\":\"{hosts[i % 3]}\"}}}},{{\"key\":\"server.port\",\"value\":{{\"intValue\":\"443\"}}}},{{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{{\"intValue\":\"{tokens}\"}}}}],\"status\":{{}}}}");
            if ((i + 1) % 100 == 0 || i == count - 1)
            {
                traces.Write("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"gateway\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"Experimental.Microsoft.Extensions.AI\"},\"spans\":[");
                traces.Write(spans);
                traces.Write("]}]}]}\n");
                spans.Clear();
            }
        }
    }
}
