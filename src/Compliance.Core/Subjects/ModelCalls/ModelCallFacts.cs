namespace Compliance.Subjects.ModelCalls;

/// <summary>What a model call's client or its trace span tells about it, before <see cref="ModelCallMapping"/> makes a
/// <see cref="CallSubject"/> of it.</summary>
public sealed record ModelCallFacts
{
    /// <summary>The subject's id, such as a span id; <see langword="null"/> when the caller gives none.</summary>
    public string? Id { get; init; }

    /// <summary>The provider, in the OpenTelemetry GenAI <c>gen_ai.provider.name</c> spelling, such as <c>openai</c> or
    /// <c>aws.bedrock</c>.</summary>
    public string? ProviderName { get; init; }

    /// <summary>The host the call goes to, such as <c>contoso.openai.azure.com</c> (a provider URI's host, a span's
    /// <c>server.address</c>).</summary>
    public string? Host { get; init; }

    /// <summary>The endpoint called, such as <c>https://contoso.openai.azure.com/openai/v1/</c>, when known.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The model id requested, such as <c>gpt-5</c> or <c>anthropic.claude-sonnet-4</c>.</summary>
    public string? Model { get; init; }

    /// <summary>The conversation the provider keeps, when the call continues one; its presence makes the call stateful.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The request's token count, when known.</summary>
    public long? Tokens { get; init; }

    /// <summary>When the call was made (a span's start time).</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
