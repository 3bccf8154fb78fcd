using Microsoft.Extensions.AI;

namespace Compliance.Extensions.AI;

/// <summary>The model call being judged, as the application's <see cref="ComplianceChatOptions.Describe"/> callback sees it.</summary>
/// <remarks>Read it to add what only the application knows (the customer, the product, tags); the messages are the
/// caller's own: the gate does not copy or change them.</remarks>
public sealed class ChatCallContext
{
    internal ChatCallContext(IEnumerable<ChatMessage> messages, ChatOptions? options, ChatClientMetadata? metadata, bool streaming)
    {
        Messages = messages;
        Options = options;
        Metadata = metadata;
        Streaming = streaming;
    }

    /// <summary>The messages of the request.</summary>
    public IEnumerable<ChatMessage> Messages { get; }

    /// <summary>The request's options, if any.</summary>
    public ChatOptions? Options { get; }

    /// <summary>The inner client's metadata (provider name and URI, default model), if it gives any.</summary>
    public ChatClientMetadata? Metadata { get; }

    /// <summary>Whether the call asks for a streaming response.</summary>
    public bool Streaming { get; }
}
