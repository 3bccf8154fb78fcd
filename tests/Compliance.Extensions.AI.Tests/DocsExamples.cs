using System.Diagnostics;
using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;
using Compliance.Verdicts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Extensions.AI.Tests;

/// <summary>The C# blocks of docs/runtime.md, docs/library.md, README.md and the package's README, as code that runs
/// (the docs tests compare each block with its <c>// &lt;snippet:name&gt;</c> region here).</summary>
public sealed class DocsExamples
{
    private static readonly RuleSet LoadedRules = BundledRules.Load();

    [Test]
    public async Task UseCompliance_Enforce_RefusesBeforeTheRequest()
    {
        using var server = new StandInServer();
        var inner = Clients.For(server, Clients.OpenAi);
        var ruleSet = LoadedRules;

        // <snippet:use-compliance>
        IChatClient client = new ChatClientBuilder(inner)
            .UseCompliance(ruleSet, o => o.Mode = ComplianceMode.Enforce)
            .Build();
        // </snippet:use-compliance>

        // <snippet:refused-call>
        try
        {
            var answer = await client.GetResponseAsync("Summarise this contract");
        }
        catch (ComplianceRefusedException refused)
        {
            // No request left the process. The verdict says why:
            // violation: msft-openai/azure-stateless-exclusivity
            Console.WriteLine($"{VerdictNames.Name(refused.Verdict.Outcome)}: {string.Join(", ",
                refused.Verdict.Clauses.Where(c => c.Status == ClauseStatus.Violated).Select(c => c.Id))}");
        }
        // </snippet:refused-call>

        Assert.That(server.Requests, Is.Zero);
    }

    [Test]
    public async Task DependencyInjection_AddChatClient_UseCompliance()
    {
        using var server = new StandInServer();
        var services = new ServiceCollection();
        var inner = Clients.For(server, Clients.Azure);

        // <snippet:add-chat-client>
        services.AddCompliance(o => o.RulesPath = "rules");
        services.AddChatClient(inner)
            .UseOpenTelemetry()
            .UseCompliance(o =>
            {
                o.Mode = ComplianceMode.Enforce;
                o.Describe = (call, request) => call with
                {
                    Customer = "contoso",
                    Product = "support-assistant",
                    Tags = new Dictionary<string, string> { ["team"] = "support" },
                };
            });
        // </snippet:add-chat-client>

        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = BundledRules.RepoRoot();
        try
        {
            using var provider = services.BuildServiceProvider();
            var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hello");
            Assert.That(response.Text, Is.EqualTo(StandInServer.Reply));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Test]
    public void Mapping_IsReplaceable()
    {
        // <snippet:replace-mapping>
        var mapping = ModelCallMapping.Default with
        {
            // Our gateway fronts Azure OpenAI: calls to it run on Azure.
            Hosts = [new("llm-gateway.contoso.internal", "Azure"), .. ModelCallMapping.Default.Hosts],
        };
        var options = (ComplianceChatOptions o) => o.Mapping = mapping;
        // </snippet:replace-mapping>

        var configured = new ComplianceChatOptions();
        options(configured);
        Assert.That(configured.Mapping.CloudOf("llm-gateway.contoso.internal", "openai"), Is.EqualTo("Azure"));
    }

    [Test]
    public void SpanAuditor_JudgesFinishedGenAiSpans()
    {
        var ruleSet = LoadedRules;
        var judged = new List<Outcome>();
        using var source = new ActivitySource("Experimental.Microsoft.Extensions.AI");

        // <snippet:span-auditor>
        using var auditor = new GenAiSpanAuditor(ruleSet, new GenAiSpanAuditorOptions
        {
            OnVerdict = (span, verdict) => judged.Add(verdict.Outcome),
        });
        // </snippet:span-auditor>

        using (var span = source.StartActivity("chat gpt-4o"))
        {
            span!.SetTag("gen_ai.operation.name", "chat");
            span.SetTag("gen_ai.provider.name", "openai");
            span.SetTag("gen_ai.request.model", "gpt-4o");
            span.SetTag("server.address", "contoso.openai.azure.com");
        }

        Assert.That(judged, Is.EqualTo(new[] { Outcome.Compliant }));
    }
}
