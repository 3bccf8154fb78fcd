using Compliance.Hosting;
using Compliance.Subjects;
using Compliance.Verdicts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliance.Extensions.AI.Tests;

public sealed class ComplianceChatClientTests
{
    private static readonly RuleSet Rules = BundledRules.Load();
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "Hello")];

    private StandInServer _server = null!;
    private CollectingLoggerProvider _logs = null!;
    private CallCounter _counter = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new StandInServer();
        _logs = new CollectingLoggerProvider();
        _counter = new CallCounter();
    }

    [TearDown]
    public void TearDown()
    {
        _counter.Dispose();
        _server.Dispose();
    }

    private IChatClient Gate(string endpoint, Action<ComplianceChatOptions>? configure = null, RuleSet? rules = null)
    {
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(_logs).BuildServiceProvider();
        return new ChatClientBuilder(Clients.For(_server, endpoint))
            .UseCompliance(rules ?? Rules, o =>
            {
                o.TimeProvider = FixedClock.March2026;
                configure?.Invoke(o);
            })
            .Build(services);
    }

    private static Action<ComplianceChatOptions> Enforce => o => o.Mode = ComplianceMode.Enforce;

    [Test]
    public void Enforce_StatelessCallToOpenAiEndpoint_IsRefusedWithZeroRequests()
    {
        var client = Gate(Clients.OpenAi, o => { o.Mode = ComplianceMode.Enforce; o.Describe = (call, _) => call with { Id = "call-1" }; });

        var refused = Assert.ThrowsAsync<ComplianceRefusedException>(() => client.GetResponseAsync(Hello));

        Assert.That(_server.Requests, Is.Zero);
        Assert.That(refused!.Verdict.Outcome, Is.EqualTo(Outcome.Violation));
        Assert.That(refused.Message, Is.EqualTo(
            "the model call `call-1` was refused before it was sent; its verdict is violation: msft-openai/azure-stateless-exclusivity"));
        Assert.That(_counter.Seen, Is.EqualTo(new[] { "violation/refused/client" }));
    }

    [Test]
    public async Task Audit_StatelessCallToOpenAiEndpoint_GoesThroughAndIsRecorded()
    {
        var client = Gate(Clients.OpenAi, o => o.Describe = (call, _) => call with { Id = "call-2" });

        var response = await client.GetResponseAsync(Hello);

        Assert.That(response.Text, Is.EqualTo(StandInServer.Reply));
        Assert.That(_server.Requests, Is.EqualTo(1));
        Assert.That(_counter.Seen, Is.EqualTo(new[] { "violation/allowed/client" }));
        var entry = _logs.Entries.Single(e => e.EventName == "ModelCallJudged");
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.Message, Is.EqualTo(
            "model call `call-2` (OpenAI `gpt-4o`, stateless, on OpenAI) is violation (msft-openai/azure-stateless-exclusivity); allowed"));
    }

    [TestCase(ComplianceMode.Audit)]
    [TestCase(ComplianceMode.Enforce)]
    public async Task CallToAzureEndpoint_GoesThrough(ComplianceMode mode)
    {
        var client = Gate(Clients.Azure, o => o.Mode = mode);

        var response = await client.GetResponseAsync(Hello);

        Assert.That(response.Text, Is.EqualTo(StandInServer.Reply));
        Assert.That(_server.Requests, Is.EqualTo(1));
        Assert.That(_counter.Seen, Is.EqualTo(new[] { "compliant/allowed/client" }));
    }

    [Test]
    public void Enforce_StreamingViolation_IsRefusedBeforeTheFirstUpdateWithZeroRequests()
    {
        var client = Gate(Clients.OpenAi, Enforce);
        var updates = 0;

        Assert.ThrowsAsync<ComplianceRefusedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hello))
            {
                updates++;
            }
        });

        Assert.That(updates, Is.Zero);
        Assert.That(_server.Requests, Is.Zero);
    }

    [TestCase(ComplianceMode.Audit, Clients.OpenAi, "violation/allowed/client")]
    [TestCase(ComplianceMode.Enforce, Clients.Azure, "compliant/allowed/client")]
    public async Task Streaming_AllowedCall_StreamsTheReply(ComplianceMode mode, string endpoint, string counted)
    {
        var client = Gate(endpoint, o => o.Mode = mode);

        var text = string.Concat(await client.GetStreamingResponseAsync(Hello).Select(u => u.Text).ToArrayAsync());

        Assert.That(text, Is.EqualTo(StandInServer.Reply));
        Assert.That(_server.Requests, Is.EqualTo(1));
        Assert.That(_counter.Seen, Is.EqualTo(new[] { counted }));
    }

    [Test]
    public async Task TheCall_IsDescribedFromTheClientsMetadataAndOptions()
    {
        CallSubject? seen = null;
        var client = Gate(Clients.Azure, o => o.Describe = (call, context) =>
        {
            seen = call;
            return call with { Customer = "contoso", Product = "assistant" };
        });

        await client.GetResponseAsync(Hello, new ChatOptions { ModelId = "gpt-4.1", ConversationId = "conv-9" });

        Assert.That(seen, Is.EqualTo(new CallSubject
        {
            Vendor = "OpenAI",
            Model = "gpt-4.1",
            Mode = RuntimeMode.Stateful,
            Cloud = "Azure",
            Endpoint = Clients.Azure,
            Timestamp = FixedClock.March2026.GetUtcNow(),
        }).Using<CallSubject>((a, b) => a.Vendor == b.Vendor && a.Model == b.Model && a.Mode == b.Mode && a.Cloud == b.Cloud
            && a.Endpoint == b.Endpoint && a.Timestamp == b.Timestamp && a.Id == b.Id));
    }

    [Test]
    public void Enforce_DescribeThrows_IsRefusedAsIndeterminate()
    {
        var client = Gate(Clients.Azure, o => { o.Mode = ComplianceMode.Enforce; o.Describe = (_, _) => throw new InvalidOperationException("no tenant"); });

        var refused = Assert.ThrowsAsync<ComplianceRefusedException>(() => client.GetResponseAsync(Hello));

        Assert.That(_server.Requests, Is.Zero);
        Assert.That(refused!.Verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
        Assert.That(refused.Message, Is.EqualTo(
            "the model call `(call)` was refused before it was sent; its verdict is indeterminate: the application's `Describe` callback failed or returned no call, so the call cannot be described"));
        var failed = _logs.Entries.Single(e => e.EventName == "DescribeFailed");
        Assert.That(failed.Exception!.Message, Is.EqualTo("no tenant"));
    }

    [TestCase(true, 0)]
    [TestCase(false, 1)]
    public async Task Enforce_NoRuleSetLoaded_IsIndeterminate_RefusedUnlessConfiguredOtherwise(bool refuseIndeterminate, int requests)
    {
        var provider = new SwitchableProvider(null);
        var services = new ServiceCollection().BuildServiceProvider();
        var client = new ChatClientBuilder(Clients.For(_server, Clients.Azure))
            .UseCompliance(provider, o => { o.Mode = ComplianceMode.Enforce; o.RefuseIndeterminate = refuseIndeterminate; })
            .Build(services);

        if (refuseIndeterminate)
        {
            var refused = Assert.ThrowsAsync<ComplianceRefusedException>(() => client.GetResponseAsync(Hello));
            Assert.That(refused!.Verdict.Errors.Single().Message, Is.EqualTo("no rule set is loaded: every load of the rules so far had errors"));
        }
        else
        {
            await client.GetResponseAsync(Hello);
        }

        Assert.That(_server.Requests, Is.EqualTo(requests));
        Assert.That(_counter.Seen, Is.EqualTo(new[] { refuseIndeterminate ? "indeterminate/refused/client" : "indeterminate/allowed/client" }));
    }

    [Test]
    public async Task Provider_AReloadAppliesToTheNextCall()
    {
        var provider = new SwitchableProvider(Rules);
        var client = new ChatClientBuilder(Clients.For(_server, Clients.OpenAi))
            .UseCompliance(provider, o => o.Mode = ComplianceMode.Enforce)
            .Build();
        Assert.ThrowsAsync<ComplianceRefusedException>(() => client.GetResponseAsync(Hello));

        provider.Serve(new Rules.RuleSetLoader().LoadString("""
            apiVersion: compliance/v1
            contract: { id: relaxed, title: Relaxed, parties: [A, B] }
            clauses:
              - id: any-cloud
                title: Any cloud
                text: Calls may run anywhere.
                appliesTo: call
                require: { cloud: { exists: true } }
            """));
        await client.GetResponseAsync(Hello);

        Assert.That(_server.Requests, Is.EqualTo(1));
    }

    [Test]
    public void Options_AreValidatedOnce_WithEveryProblemTogether()
    {
        var builder = new ChatClientBuilder(Clients.For(_server, Clients.Azure));

        var failed = Assert.Throws<OptionsValidationException>(() => builder.UseCompliance(Rules, o =>
        {
            o.Mode = (ComplianceMode)7;
            o.RefuseAt = Outcome.Compliant;
            o.Mapping = null!;
            o.TimeProvider = null!;
        }));

        Assert.That(failed!.Failures, Is.EqualTo(new[]
        {
            "`Mode` must be `Audit` or `Enforce`, not 7",
            "`RefuseAt` must be `Violation`, `Review` or `Warning`, not `Compliant` (`RefuseIndeterminate` decides indeterminate calls)",
            "`Mapping` is required",
            "`TimeProvider` is required",
        }));
    }

    [Test]
    public void DependencyInjection_AddChatClientUseCompliance_ReadsTheHostedRuleSet()
    {
        var services = new ServiceCollection();
        services.AddCompliance(o => { o.RulesPath = BundledRules.Folder; o.ReloadOnChange = false; });
        services.AddChatClient(Clients.For(_server, Clients.OpenAi)).UseCompliance(o => o.Mode = ComplianceMode.Enforce);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();

        Assert.That(client.GetService<ComplianceChatClient>(), Is.Not.Null);
        var refused = Assert.ThrowsAsync<ComplianceRefusedException>(() => client.GetResponseAsync(Hello));
        Assert.That(refused!.Verdict.Outcome, Is.EqualTo(Outcome.Violation));
        Assert.That(_server.Requests, Is.Zero);
    }

    [Test]
    public void DependencyInjection_WithoutAddCompliance_SaysWhatIsMissing()
    {
        var services = new ServiceCollection();
        services.AddChatClient(Clients.For(_server, Clients.OpenAi)).UseCompliance();
        using var provider = services.BuildServiceProvider();

        var failed = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.That(failed!.Message, Is.EqualTo(
            "UseCompliance() without a rule set reads the one services.AddCompliance(...) registers, and none is registered; call AddCompliance, or pass a RuleSet or an IRuleSetProvider"));
    }

    [Test]
    public async Task TheVerdict_IsSetOnTheCurrentActivity()
    {
        using var source = new System.Diagnostics.ActivitySource("Compliance.Extensions.AI.Tests");
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var client = Gate(Clients.OpenAi);

        using var activity = source.StartActivity("request")!;
        await client.GetResponseAsync(Hello);

        Assert.That(activity.GetTagItem("compliance.outcome"), Is.EqualTo("violation"));
        Assert.That(activity.GetTagItem("compliance.clauses.violated"), Is.EqualTo(new[] { "msft-openai/azure-stateless-exclusivity" }));
        Assert.That(activity.GetTagItem("compliance.action"), Is.EqualTo("allowed"));
    }

    /// <summary>A rule-set provider whose rule set a test replaces, as a reload would.</summary>
    private sealed class SwitchableProvider(RuleSet? rules) : IRuleSetProvider
    {
        private RuleSetState _state = StateOf(rules);

        public RuleSetState State => Volatile.Read(ref _state);

        public void Serve(RuleSet next) => Volatile.Write(ref _state, StateOf(next));

        public RuleSetState Reload() => State;

        public Microsoft.Extensions.Primitives.IChangeToken GetChangeToken() => new Microsoft.Extensions.Primitives.CancellationChangeToken(CancellationToken.None);

        private static RuleSetState StateOf(RuleSet? rules) => new()
        {
            RuleSet = rules,
            Health = rules is null ? RuleSetHealth.Unhealthy : RuleSetHealth.Healthy,
            LastAttemptAt = DateTimeOffset.UnixEpoch,
        };
    }
}
