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

    /// <summary><c>server.port</c>: the port called, which with <see cref="ServerAddress"/> makes the call's endpoint: a URI
    /// with the scheme <c>http</c> for port 80 and <c>https</c> otherwise, and the port when it is not the scheme's own (a
    /// span carries no scheme or path).</summary>
    public const string ServerPort = "server.port";

    /// <summary><c>gen_ai.conversation.id</c>: the conversation the provider keeps; its presence makes the call stateful.</summary>
    public const string ConversationId = "gen_ai.conversation.id";

    /// <summary><c>gen_ai.usage.input_tokens</c>: the request's token count.</summary>
    public const string InputTokens = "gen_ai.usage.input_tokens";

    /// <summary>The operations that are model calls; a span with another <see cref="OperationName"/> is not judged.</summary>
    public static IReadOnlyList<string> CallOperations { get; } = ["chat", "text_completion", "generate_content", "embeddings"];

    /// <summary>Every attribute <see cref="Read"/> may ask for: a reader of trace files collects these, and only these, in
    /// one pass over a span's attributes.</summary>
    internal static readonly string[] Names =
        [OperationName, ProviderName, System, RequestModel, ResponseModel, ServerAddress, ServerPort, ConversationId, InputTokens];

    /// <summary>The attributes of <see cref="Names"/> that hold whole numbers (<see cref="ScalarSyntax.TryWhole(ReadOnlySpan{char}, bool, out long)"/>
    /// reads them from text).</summary>
    internal static bool IsWhole(string name) => name is ServerPort or InputTokens;

    /// <summary>The facts of a span that is a model call, or <see langword="null"/> when it is not one: its
    /// <see cref="OperationName"/> is missing or not in <see cref="CallOperations"/>.</summary>
    /// <param name="attribute">The span's attribute of a name: a string, a whole number, or <see langword="null"/> when absent.</param>
    /// <param name="id">The subject's id, such as the span id.</param>
    /// <param name="timestamp">The span's start time.</param>
    /// <remarks>The endpoint is the URI of the <c>server.address</c> and <c>server.port</c> the conventions give (see
    /// <see cref="ServerPort"/>): <c>https://host</c>, <c>https://host:8443</c>, or <c>http://host</c> for port 80.</remarks>
    public static ModelCallFacts? Read(Func<string, object?> attribute, string? id, DateTimeOffset? timestamp)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        if (Text(attribute(OperationName)) is not { } operation || !CallOperations.Contains(operation, StringComparer.Ordinal))
        {
            return null;
        }

        var host = Text(attribute(ServerAddress));
        return new ModelCallFacts
        {
            Id = id,
            ProviderName = Text(attribute(ProviderName)) ?? Text(attribute(System)),
            Model = Text(attribute(RequestModel)) ?? Text(attribute(ResponseModel)),
            Host = host,
            Endpoint = Endpoint(host, Whole(attribute(ServerPort))),
            ConversationId = Text(attribute(ConversationId)),
            Tokens = Whole(attribute(InputTokens)),
            Timestamp = timestamp,
        };
    }

    /// <summary>The endpoint a span's <c>server.address</c> and <c>server.port</c> name, as a URI such as
    /// <c>https://contoso.openai.azure.com</c>: the scheme <c>http</c> for port 80 and <c>https</c> otherwise, the port only
    /// when it is not the scheme's own (a span carries no scheme or path); <see langword="null"/> without a host.</summary>
    private static string? Endpoint(string? host, long? port)
    {
        if (host is null)
        {
            return null;
        }

        var authority = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return port switch
        {
            null or 443 => $"https://{authority}",
            80 => $"http://{authority}",
            { } other => string.Create(CultureInfo.InvariantCulture, $"https://{authority}:{other}"),
        };
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>A whole number given as one, or as text read as subjects read whole numbers (<see cref="ScalarSyntax"/>).</summary>
    private static long? Whole(object? value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        uint u => u,
        string s when ScalarSyntax.TryWhole(s, quoted: false, out var parsed) => parsed,
        _ => null,
    };
}
