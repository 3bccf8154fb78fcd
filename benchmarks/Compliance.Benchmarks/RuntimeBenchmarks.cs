using BenchmarkDotNet.Attributes;
using Compliance.Extensions.AI;
using Compliance.Rules;
using Microsoft.Extensions.AI;

namespace Compliance.Benchmarks;

/// <summary>The <c>UseCompliance</c> gate's cost per call: the middleware over a chat client that does nothing, against
/// that client alone, with the bundled rules (a compliant stateless call on Azure; Audit and Enforce).</summary>
[MemoryDiagnoser]
public class RuntimeBenchmarks
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "Hello")];
    private NoOpChatClient _inner = null!;
    private IChatClient _audit = null!;
    private IChatClient _enforce = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rules = new RuleSetLoader().Load(Path.Combine(Repository.Root(), "rules"));
        _inner = new NoOpChatClient();
        _audit = new ChatClientBuilder(_inner).UseCompliance(rules).Build();
        _enforce = new ChatClientBuilder(_inner).UseCompliance(rules, o => o.Mode = ComplianceMode.Enforce).Build();
        // The compared clients must do the same: every call goes through to the inner client.
        _enforce.GetResponseAsync(Messages).GetAwaiter().GetResult();
        if (_inner.Calls != 1)
        {
            throw new InvalidOperationException("the gate refused the compliant benchmark call");
        }
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> InnerClientAlone() => _inner.GetResponseAsync(Messages);

    [Benchmark]
    public Task<ChatResponse> GateAudit() => _audit.GetResponseAsync(Messages);

    [Benchmark]
    public Task<ChatResponse> GateEnforce() => _enforce.GetResponseAsync(Messages);

    /// <summary>A chat client that answers at once with the same response, as an Azure OpenAI client's metadata describes it.</summary>
    private sealed class NoOpChatClient : IChatClient
    {
        private static readonly Task<ChatResponse> Answer = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        private static readonly ChatClientMetadata Metadata = new("openai", new Uri("https://contoso.openai.azure.com/openai/v1/"), "gpt-4o");

        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Answer;
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType == typeof(ChatClientMetadata) ? Metadata : null;

        public void Dispose()
        {
        }
    }
}
