using System.Collections.ObjectModel;

namespace Compliance.Subjects.ModelCalls;

/// <summary>How a model call's provider, host and model become a <c>call</c> subject's <c>vendor</c> and <c>cloud</c>: the
/// tables of SPEC §7, shared by the <c>IChatClient</c> gate, the GenAI span auditor and <c>check</c>'s OTLP input.</summary>
/// <remarks>Immutable and thread-safe. Replace a table with <c>with</c>, such as
/// <c>ModelCallMapping.Default with { Hosts = [.. ModelCallMapping.Default.Hosts, new("llm.internal.example", "Azure")] }</c>.
/// Names match without regard to case.</remarks>
public sealed record ModelCallMapping
{
    private readonly IReadOnlyDictionary<string, string> _vendors = Freeze(null);
    private readonly IReadOnlyDictionary<string, string> _providerClouds = Freeze(null);
    private readonly IReadOnlyList<string> _modelMakerProviders = [];
    private readonly IReadOnlyList<KeyValuePair<string, string>> _modelMakers = [];
    private readonly IReadOnlyList<KeyValuePair<string, string>> _hosts = [];

    /// <summary>The tables SPEC §7 gives.</summary>
    public static ModelCallMapping Default { get; } = new()
    {
        Vendors = new Dictionary<string, string>
        {
            ["openai"] = "OpenAI",
            ["azure.ai.openai"] = "OpenAI",
            ["anthropic"] = "Anthropic",
            ["gcp.gemini"] = "Google",
            ["mistral_ai"] = "Mistral",
            ["cohere"] = "Cohere",
            ["deepseek"] = "DeepSeek",
            ["x_ai"] = "xAI",
        },
        ProviderClouds = new Dictionary<string, string>
        {
            ["azure.ai.openai"] = "Azure",
            ["azure.ai.inference"] = "Azure",
            ["aws.bedrock"] = "AWS",
            ["gcp.vertex_ai"] = "GCP",
            ["gcp.gen_ai"] = "GCP",
        },
        ModelMakerProviders = ["aws.bedrock", "gcp.vertex_ai", "gcp.gen_ai", "azure.ai.inference"],
        ModelMakers =
        [
            new("anthropic.", "Anthropic"), new("claude", "Anthropic"),
            new("openai.", "OpenAI"), new("gpt-", "OpenAI"),
            new("meta.", "Meta"), new("llama", "Meta"),
            new("amazon.", "Amazon"), new("mistral.", "Mistral"), new("mistral", "Mistral"),
            new("cohere.", "Cohere"), new("ai21.", "AI21 Labs"), new("deepseek.", "DeepSeek"),
            new("gemini", "Google"), new("google.", "Google"),
        ],
        Hosts =
        [
            new("*.openai.azure.com", "Azure"),
            new("*.cognitiveservices.azure.com", "Azure"),
            new("*.services.ai.azure.com", "Azure"),
            new("api.openai.com", "OpenAI"),
            new("bedrock-runtime.*.amazonaws.com", "AWS"),
            new("*.googleapis.com", "GCP"),
        ],
    };

    /// <summary>Provider names (<c>gen_ai.provider.name</c>) and the vendor each means; a provider not listed, and not in
    /// <see cref="ModelMakerProviders"/>, is its own vendor.</summary>
    /// <value>The default maps <c>openai</c> and <c>azure.ai.openai</c> to <c>OpenAI</c>, <c>anthropic</c> to
    /// <c>Anthropic</c>, and the other GenAI provider names to their makers.</value>
    public IReadOnlyDictionary<string, string> Vendors { get => _vendors; init => _vendors = Freeze(value); }

    /// <summary>Provider names that imply a cloud, used when the host is not in <see cref="Hosts"/>.</summary>
    /// <value>The default maps <c>azure.ai.openai</c> to <c>Azure</c>, <c>aws.bedrock</c> to <c>AWS</c> and
    /// <c>gcp.vertex_ai</c> to <c>GCP</c>.</value>
    public IReadOnlyDictionary<string, string> ProviderClouds { get => _providerClouds; init => _providerClouds = Freeze(value); }

    /// <summary>Providers that serve other makers' models, whose vendor is read from the model id through <see cref="ModelMakers"/>.</summary>
    /// <value>The default is <c>aws.bedrock</c>, <c>gcp.vertex_ai</c>, <c>gcp.gen_ai</c> and <c>azure.ai.inference</c>.</value>
    public IReadOnlyList<string> ModelMakerProviders { get => _modelMakerProviders; init => _modelMakerProviders = [.. value ?? throw new ArgumentNullException(nameof(value))]; }

    /// <summary>Model-id prefixes and the maker each names, tried in order (after a Bedrock region prefix such as <c>us.</c>
    /// or <c>eu.</c>): <c>anthropic.claude-sonnet-4</c> and <c>claude-sonnet-4@20250514</c> are Anthropic's.</summary>
    /// <value>The default names Anthropic, OpenAI, Meta, Amazon, Mistral, Cohere, AI21 Labs, DeepSeek and Google models.</value>
    public IReadOnlyList<KeyValuePair<string, string>> ModelMakers { get => _modelMakers; init => _modelMakers = [.. value ?? throw new ArgumentNullException(nameof(value))]; }

    /// <summary>Host patterns and the cloud each means, tried in order; <c>*</c> stands for one or more characters. A host
    /// that matches none, from a provider not in <see cref="ProviderClouds"/>, is its own cloud.</summary>
    /// <value>The default maps <c>*.openai.azure.com</c>, <c>*.cognitiveservices.azure.com</c> and <c>*.services.ai.azure.com</c>
    /// to <c>Azure</c>, <c>api.openai.com</c> to <c>OpenAI</c>, <c>bedrock-runtime.*.amazonaws.com</c> to <c>AWS</c> and
    /// <c>*.googleapis.com</c> to <c>GCP</c>.</value>
    public IReadOnlyList<KeyValuePair<string, string>> Hosts { get => _hosts; init => _hosts = [.. value ?? throw new ArgumentNullException(nameof(value))]; }

    /// <summary>The vendor of a call to <paramref name="providerName"/> for <paramref name="model"/>; <see langword="null"/>
    /// when neither tells (a model-hosting provider whose model id names no maker in <see cref="ModelMakers"/>).</summary>
    public string? VendorOf(string? providerName, string? model)
    {
        if (string.IsNullOrEmpty(providerName))
        {
            return MakerOf(model);
        }

        if (_modelMakerProviders.Contains(providerName, StringComparer.OrdinalIgnoreCase))
        {
            return MakerOf(model);
        }

        return _vendors.TryGetValue(providerName, out var vendor) ? vendor : providerName;
    }

    /// <summary>The cloud of a call to <paramref name="host"/> through <paramref name="providerName"/>: the host's entry in
    /// <see cref="Hosts"/>, else the provider's in <see cref="ProviderClouds"/>, else the host itself; <see langword="null"/>
    /// when neither is known.</summary>
    public string? CloudOf(string? host, string? providerName)
    {
        if (!string.IsNullOrEmpty(host))
        {
            foreach (var (pattern, cloud) in _hosts)
            {
                if (Glob(pattern, host))
                {
                    return cloud;
                }
            }
        }

        if (!string.IsNullOrEmpty(providerName) && _providerClouds.TryGetValue(providerName, out var implied))
        {
            return implied;
        }

        return string.IsNullOrEmpty(host) ? null : host;
    }

    /// <summary>The <c>call</c> subject the facts describe: vendor and cloud through the tables, <c>mode</c> stateful when a
    /// conversation id is given and stateless otherwise, and the id, model, endpoint, tokens and timestamp as given.</summary>
    public CallSubject Describe(ModelCallFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new CallSubject
        {
            Id = facts.Id,
            Vendor = VendorOf(facts.ProviderName, facts.Model),
            Model = string.IsNullOrEmpty(facts.Model) ? null : facts.Model,
            Mode = string.IsNullOrEmpty(facts.ConversationId) ? RuntimeMode.Stateless : RuntimeMode.Stateful,
            Cloud = CloudOf(facts.Host, facts.ProviderName),
            Endpoint = facts.Endpoint,
            Tokens = facts.Tokens,
            Timestamp = facts.Timestamp,
        };
    }

    private static readonly string[] RegionPrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."];

    private string? MakerOf(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        foreach (var region in RegionPrefixes)
        {
            if (model.StartsWith(region, StringComparison.OrdinalIgnoreCase))
            {
                model = model[region.Length..];
                break;
            }
        }

        foreach (var (prefix, maker) in _modelMakers)
        {
            if (model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return maker;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/>, whose each <c>*</c> stands for one or more characters.</summary>
    internal static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.Equals(text, StringComparison.OrdinalIgnoreCase);
        }

        var head = pattern[..star];
        if (!text.StartsWith(head, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        if (!rest.Contains('*'))
        {
            // One or more characters for the star, then the rest of the pattern as the text's end: the loop below without
            // trying every suffix (a host is matched against every pattern for every span read).
            return text.Length - head.Length - rest.Length >= 1 && text.EndsWith(rest, StringComparison.OrdinalIgnoreCase);
        }

        // One or more characters for the star, then the rest of the pattern against some suffix.
        for (var i = head.Length + 1; i <= text.Length; i++)
        {
            if (Glob(rest, text[i..]))
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyDictionary<string, string> Freeze(IReadOnlyDictionary<string, string>? value) =>
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(value ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase));
}
