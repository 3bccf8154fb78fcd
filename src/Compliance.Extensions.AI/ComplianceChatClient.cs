using System.Diagnostics;
using System.Runtime.CompilerServices;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;
using Compliance.Verdicts;
using Microsoft.Extensions.AI;

namespace Compliance.Extensions.AI;

/// <summary>A chat client that judges each call against the rule set before passing it on: the middleware that
/// <c>ChatClientBuilder.UseCompliance(...)</c> adds.</summary>
/// <remarks>Thread-safe. Judging reads the inner client's metadata once, adds no I/O to the call and runs on the caller's
/// thread before the inner client is called; in <see cref="ComplianceMode.Enforce"/> a refused call never reaches the inner
/// client, and a refused streaming call fails at its first <c>MoveNextAsync</c>, before any update.</remarks>
public sealed class ComplianceChatClient : DelegatingChatClient
{
    private readonly CallJudge _judge;
    private readonly ComplianceChatOptions _options;
    private ChatClientMetadata? _metadata;
    private bool _metadataRead;

    internal ComplianceChatClient(IChatClient innerClient, CallJudge judge, ComplianceChatOptions options)
        : base(innerClient)
    {
        _judge = judge;
        _options = options;
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (Gate(messages, options, streaming: false) is { } refused)
        {
            return Task.FromException<ChatResponse>(refused);
        }

        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (Gate(messages, options, streaming: true) is { } refused)
        {
            throw refused;
        }

        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>Describes and judges the call and records the verdict; the exception to fail it with when it is refused.</summary>
    private ComplianceRefusedException? Gate(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        var metadata = Metadata();
        var activity = Activity.Current;
        var call = _options.Mapping.Describe(new ModelCallFacts
        {
            ProviderName = metadata?.ProviderName,
            Host = metadata?.ProviderUri?.Host,
            Endpoint = metadata?.ProviderUri?.OriginalString,
            Model = options?.ModelId ?? metadata?.DefaultModelId,
            ConversationId = options?.ConversationId,
            Timestamp = _options.TimeProvider.GetUtcNow(),
        });

        Verdict verdict;
        CallSubject? described = call;
        if (_options.Describe is { } describe)
        {
            try
            {
                described = describe(call, new ChatCallContext(messages, options, metadata, streaming));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.DescribeFailed(_judge.Logger, ex);
                described = null;
            }
        }

        verdict = described is null
            ? _judge.Indeterminate(call.Id ?? activity?.SpanId.ToHexString(), call.Timestamp,
                new SubjectError(null, "the application's `Describe` callback failed or returned no call, so the call cannot be described"))
            : _judge.Judge(described.Id is null && activity is not null ? described with { Id = activity.SpanId.ToHexString() } : described);

        var refuse = _options.Mode == ComplianceMode.Enforce && Refuses(verdict.Outcome);
        _judge.Record(verdict, described ?? call, refuse ? "refused" : "allowed", "client", activity);
        return refuse ? new ComplianceRefusedException(verdict) : null;
    }

    private bool Refuses(Outcome outcome) =>
        outcome == Outcome.Indeterminate ? _options.RefuseIndeterminate : outcome <= _options.RefuseAt;

    private ChatClientMetadata? Metadata()
    {
        if (!Volatile.Read(ref _metadataRead))
        {
            _metadata = InnerClient.GetService<ChatClientMetadata>();
            Volatile.Write(ref _metadataRead, true);
        }

        return _metadata;
    }
}
