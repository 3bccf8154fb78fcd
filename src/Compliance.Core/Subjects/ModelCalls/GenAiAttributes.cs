using System.Globalization;

namespace Compliance.Subjects.ModelCalls;

/// <summary>The OpenTelemetry GenAI semantic-convention attributes that describe a model call, and how a span's attributes
/// become <see cref="ModelCallFacts"/>: one reading for live spans (an <c>ActivityListener</c>) and for OTLP trace files.</summary>
public static class GenAiAttributes
{
    /// <summary><c>gen_ai.operation.name</c>: <c>chat</c>, <c>text_completion</c>, <c>generate_content</c>, <c>embeddings</c>
    /// (model calls) or another operation such as <c>execute_tool</c> (not a model call).</summary>
    public const string OperationName = "gen_ai.operation.name";

    /// <summary><c>gen_ai.provider.name</c>, such as <c>openai</c>.</summary>
    public const string ProviderName = "gen_ai.provider.name";

    /// <summary><c>gen_ai.system</c>: the provider's name in older versions of the conventions, read when
    /// <see cref="ProviderName"/> is absent.</summary>
    public const string System = "gen_ai.system";

    /// <summary><c>gen_ai.request.model</c>: the model requested.</summary>
    public const string RequestModel = "gen_ai.request.model";

    /// <summary><c>gen_ai.response.model</c>: the model that answered, read when <see cref="RequestModel"/> is absent.</summary>
    public const string ResponseModel = "gen_ai.response.model";

    /// <summary><c>server.address</c>: the host called.</summary>
    public const string ServerAddress = "server.address";

    /// <summary><c>gen_ai.conversation.id</c>: the conversation the provider keeps; its presence makes the call stateful.</summary>
    public const string ConversationId = "gen_ai.conversation.id";

    /// <summary><c>gen_ai.usage.input_tokens</c>: the request's token count.</summary>
    public const string InputTokens = "gen_ai.usage.input_tokens";

    /// <summary>The operations that are model calls; a span with another <see cref="OperationName"/> is not judged.</summary>
    public static IReadOnlyList<string> CallOperations { get; } = ["chat", "text_completion", "generate_content", "embeddings"];

    /// <summary>The facts of a span that is a model call, or <see langword="null"/> when it is not one: its
    /// <see cref="OperationName"/> is missing or not in <see cref="CallOperations"/>.</summary>
    /// <param name="attribute">The span's attribute of a name: a string, a whole number, or <see langword="null"/> when absent.</param>
    /// <param name="id">The subject's id, such as the span id.</param>
    /// <param name="timestamp">The span's start time.</param>
    public static ModelCallFacts? Read(Func<string, object?> attribute, string? id, DateTimeOffset? timestamp)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        if (Text(attribute(OperationName)) is not { } operation || !CallOperations.Contains(operation, StringComparer.Ordinal))
        {
            return null;
        }

        return new ModelCallFacts
        {
            Id = id,
            ProviderName = Text(attribute(ProviderName)) ?? Text(attribute(System)),
            Model = Text(attribute(RequestModel)) ?? Text(attribute(ResponseModel)),
            Host = Text(attribute(ServerAddress)),
            ConversationId = Text(attribute(ConversationId)),
            Tokens = Whole(attribute(InputTokens)),
            Timestamp = timestamp,
        };
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static long? Whole(object? value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        uint u => u,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
