using System.Diagnostics;
using Compliance.Verdicts;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Compliance.Extensions.AI.Tests;

public sealed class GenAiSpanAuditorTests
{
    private const string Source = "Experimental.Microsoft.Extensions.AI";
    private static readonly RuleSet Rules = BundledRules.Load();
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "Hello")];

    /// <summary>Three calls through Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> with the real OpenTelemetry SDK and
    /// its in-memory exporter: a stateless call on Azure, one on api.openai.com, a stateful one on api.openai.com.</summary>
    private static async Task<(List<Activity> Spans, List<(string SpanId, Verdict Verdict)> Verdicts)> MakeCalls(StandInServer server)
    {
        var exported = new List<Activity>();
        var verdicts = new List<(string, Verdict)>();
        // The auditor listens first, so that its tags are on each span before the exporter's processor sees it end.
        using (new GenAiSpanAuditor(Rules, new GenAiSpanAuditorOptions { OnVerdict = (span, verdict) => verdicts.Add((span.SpanId.ToHexString(), verdict)) }))
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(Source).AddInMemoryExporter(exported).Build())
        {
            foreach (var (endpoint, conversation) in new[] { (Clients.Azure, (string?)null), (Clients.OpenAi, null), (Clients.OpenAi, "conv-1") })
            {
                var client = new ChatClientBuilder(Clients.For(server, endpoint)).UseOpenTelemetry(sourceName: Source).Build();
                await client.GetResponseAsync(Hello, new ChatOptions { ConversationId = conversation });
            }

            tracing.ForceFlush();
        }

        return (exported, verdicts);
    }

    [Test]
    public async Task FinishedGenAiSpans_AreJudgedAndTagged()
    {
        using var server = new StandInServer();

        var (spans, verdicts) = await MakeCalls(server);

        Assert.That(spans, Has.Count.EqualTo(3));
        Assert.That(verdicts.Select(v => v.Verdict.Outcome), Is.EqualTo(new[] { Outcome.Compliant, Outcome.Violation, Outcome.NotApplicable }));
        Assert.That(verdicts.Select(v => v.SpanId), Is.EqualTo(spans.Select(s => s.SpanId.ToHexString())));
        Assert.That(spans.Select(s => s.GetTagItem("compliance.outcome")), Is.EqualTo(new[] { "compliant", "violation", "notApplicable" }));
        Assert.That(spans[1].GetTagItem("compliance.clauses.violated"), Is.EqualTo(new[] { "msft-openai/azure-stateless-exclusivity" }));
        Assert.That(spans.Select(s => s.GetTagItem("compliance.action")), Is.All.EqualTo("audited"));
    }

    [Test]
    public async Task TheSameSpans_ExportedAsOtlpJson_GetTheSameVerdictsFromCheck()
    {
        using var server = new StandInServer();
        var (spans, verdicts) = await MakeCalls(server);
        var folder = Directory.CreateTempSubdirectory("compliance-otlp-");
        try
        {
            // As the Collector's file exporter writes: one export request a line; here one span each.
            var file = Path.Combine(folder.FullName, "traces.json");
            File.WriteAllLines(file, spans.Select(s => OtlpJson.Line([s])));
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exit = Cli.CliApp.Run(["check", "--rules", BundledRules.Folder, "--input", file, "--format", "jsonl"],
                new StringReader(string.Empty), output, error, new Cli.CliEnvironment { TimeProvider = FixedClock.March2026 });

            Assert.That(exit, Is.EqualTo(1), error.ToString());
            var fromCheck = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
                .Select(v => (v.GetProperty("subject").GetString(), v.GetProperty("outcome").GetString(),
                    string.Join(",", v.GetProperty("clauses").EnumerateArray().Select(c => c.GetProperty("id").GetString() + "=" + c.GetProperty("status").GetString()))))
                .ToArray();
            var fromAuditor = verdicts
                .Select(v => ((string?)v.SpanId, (string?)VerdictNames.Name(v.Verdict.Outcome),
                    string.Join(",", v.Verdict.Clauses.Select(c => c.Id + "=" + VerdictNames.Name(c.Status)))))
                .ToArray();
            Assert.That(fromCheck, Is.EqualTo(fromAuditor));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task ASpansEndpoint_IsItsServerAddressAndPort_ForTheAuditorAndForCheck()
    {
        using var server = new StandInServer();
        var described = new List<Compliance.Subjects.CallSubject>();
        var exported = new List<Activity>();
        using (new GenAiSpanAuditor(Rules, new GenAiSpanAuditorOptions { Describe = (call, _) => { described.Add(call); return call; } }))
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(Source).AddInMemoryExporter(exported).Build())
        {
            foreach (var endpoint in new[] { Clients.Azure, "https://llm.internal.example:8443/v1/" })
            {
                var client = new ChatClientBuilder(Clients.For(server, endpoint)).UseOpenTelemetry(sourceName: Source).Build();
                await client.GetResponseAsync(Hello);
            }

            tracing.ForceFlush();
        }

        // The span carries the provider URI's host and port (server.address, server.port), not its scheme or path.
        Assert.That(described.Select(c => c.Endpoint), Is.EqualTo(new[] { "https://contoso.openai.azure.com", "https://llm.internal.example:8443" }));
        var fromTrace = new Compliance.Rules.Subjects.SubjectReader()
            .ReadJsonLines(new StringReader(OtlpJson.Line(exported) + "\n"), "-")
            .Select(input => ((Compliance.Subjects.CallSubject)input.Subject!).Endpoint);
        Assert.That(fromTrace, Is.EqualTo(described.Select(c => c.Endpoint)));
    }

    [Test]
    public void SpansWithoutGenAiCallAttributes_AreNotJudged()
    {
        var verdicts = new List<Verdict>();
        using var source = new ActivitySource("Experimental.Microsoft.Extensions.AI.Tests");
        using (new GenAiSpanAuditor(Rules, new GenAiSpanAuditorOptions { OnVerdict = (_, v) => verdicts.Add(v) }))
        {
            using (var tool = source.StartActivity("execute_tool lookup"))
            {
                tool!.SetTag("gen_ai.operation.name", "execute_tool");
                tool.SetTag("gen_ai.provider.name", "openai");
            }

            using (source.StartActivity("plain"))
            {
            }

            using (var chat = source.StartActivity("chat gpt-4o"))
            {
                chat!.SetTag("gen_ai.operation.name", "chat");
                chat.SetTag("gen_ai.system", "openai");
                chat.SetTag("gen_ai.request.model", "gpt-4o");
                chat.SetTag("server.address", "api.openai.com");
            }
        }

        Assert.That(verdicts.Select(v => v.Outcome), Is.EqualTo(new[] { Outcome.Violation }));
    }
}
