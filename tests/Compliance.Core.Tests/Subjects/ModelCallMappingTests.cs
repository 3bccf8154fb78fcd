using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;
using NUnit.Framework;

namespace Compliance.Core.Tests.Subjects;

/// <summary>The tables of SPEC §7: a call's provider, host and model as its <c>vendor</c> and <c>cloud</c>.</summary>
public sealed class ModelCallMappingTests
{
    private static readonly ModelCallMapping Mapping = ModelCallMapping.Default;

    [TestCase("openai", "gpt-4o", "OpenAI")]
    [TestCase("azure.ai.openai", "gpt-4o", "OpenAI")]
    [TestCase("anthropic", "claude-sonnet-4", "Anthropic")]
    [TestCase("aws.bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0", "Anthropic")]
    [TestCase("aws.bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0", "Anthropic")]
    [TestCase("aws.bedrock", "openai.gpt-oss-120b-1:0", "OpenAI")]
    [TestCase("aws.bedrock", "meta.llama3-70b-instruct-v1:0", "Meta")]
    [TestCase("gcp.vertex_ai", "claude-sonnet-4@20250514", "Anthropic")]
    [TestCase("gcp.vertex_ai", "gemini-2.5-pro", "Google")]
    [TestCase("ollama", "llama3", "ollama")]
    [TestCase("OpenAI", "gpt-4o", "OpenAI")]
    public void Vendor_ComesFromTheProvider_OrTheModelsMaker(string provider, string model, string vendor) =>
        Assert.That(Mapping.VendorOf(provider, model), Is.EqualTo(vendor));

    [Test]
    public void Vendor_OfAModelHostWhoseModelNamesNoMaker_IsUnknown() =>
        Assert.That(Mapping.VendorOf("aws.bedrock", "acme.private-model-v1"), Is.Null);

    [TestCase("contoso.openai.azure.com", "openai", "Azure")]
    [TestCase("CONTOSO.OpenAI.Azure.com", "openai", "Azure")]
    [TestCase("eastus.cognitiveservices.azure.com", "openai", "Azure")]
    [TestCase("proj.services.ai.azure.com", "azure.ai.inference", "Azure")]
    [TestCase("api.openai.com", "openai", "OpenAI")]
    [TestCase("bedrock-runtime.us-east-1.amazonaws.com", "aws.bedrock", "AWS")]
    [TestCase("us-central1-aiplatform.googleapis.com", "gcp.vertex_ai", "GCP")]
    [TestCase("llm.internal.example", "openai", "llm.internal.example")]
    [TestCase("openai.azure.com", "openai", "openai.azure.com")]
    [TestCase("bedrock-runtime..amazonaws.com", "anthropic", "bedrock-runtime..amazonaws.com")]
    [TestCase(null, "azure.ai.openai", "Azure")]
    [TestCase(null, "aws.bedrock", "AWS")]
    [TestCase("gateway.example", "aws.bedrock", "AWS")]
    [TestCase(null, "openai", null)]
    public void Cloud_ComesFromTheHost_ThenTheProvider_ElseIsTheHostItself(string? host, string provider, string? cloud) =>
        Assert.That(Mapping.CloudOf(host, provider), Is.EqualTo(cloud));

    [Test]
    public void Describe_MakesAStatelessCall_UnlessTheProviderKeepsTheConversation()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var facts = new ModelCallFacts
        {
            Id = "span-1", ProviderName = "openai", Host = "api.openai.com", Endpoint = "https://api.openai.com/v1/",
            Model = "gpt-4o", Tokens = 12, Timestamp = at,
        };

        var stateless = Mapping.Describe(facts);
        var stateful = Mapping.Describe(facts with { ConversationId = "conv-1" });

        Assert.That((stateless.Id, stateless.Vendor, stateless.Model, stateless.Mode, stateless.Cloud, stateless.Endpoint, stateless.Tokens, stateless.Timestamp),
            Is.EqualTo(("span-1", "OpenAI", "gpt-4o", (RuntimeMode?)RuntimeMode.Stateless, "OpenAI", "https://api.openai.com/v1/", (long?)12, (DateTimeOffset?)at)));
        Assert.That(stateful.Mode, Is.EqualTo(RuntimeMode.Stateful));
    }

    [Test]
    public void TheTables_AreReplaceable()
    {
        var mine = Mapping with { Hosts = [new("*.internal.example", "Azure"), .. Mapping.Hosts], Vendors = new Dictionary<string, string> { ["acme"] = "Acme AI" } };

        Assert.That(mine.CloudOf("llm.internal.example", "acme"), Is.EqualTo("Azure"));
        Assert.That(mine.VendorOf("acme", "m"), Is.EqualTo("Acme AI"));
        Assert.That(mine.VendorOf("openai", "gpt-4o"), Is.EqualTo("openai"), "the replaced vendor table no longer names openai");
        Assert.That(Mapping.CloudOf("llm.internal.example", "acme"), Is.EqualTo("llm.internal.example"), "the default is unchanged");
    }

    [TestCase("chat", true)]
    [TestCase("text_completion", true)]
    [TestCase("generate_content", true)]
    [TestCase("embeddings", true)]
    [TestCase("execute_tool", false)]
    [TestCase("invoke_agent", false)]
    [TestCase(null, false)]
    public void GenAiAttributes_ReadOnlyTheSpansThatAreModelCalls(string? operation, bool isCall)
    {
        var attributes = new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = operation,
            ["gen_ai.system"] = "openai",
            ["gen_ai.response.model"] = "gpt-4o-2024-08-06",
            ["server.address"] = "api.openai.com",
            ["gen_ai.usage.input_tokens"] = 42,
        };

        var facts = GenAiAttributes.Read(attributes.GetValueOrDefault, "s", null);

        Assert.That(facts is not null, Is.EqualTo(isCall));
        if (facts is not null)
        {
            Assert.That((facts.ProviderName, facts.Model, facts.Host, facts.Tokens, facts.ConversationId),
                Is.EqualTo(("openai", "gpt-4o-2024-08-06", "api.openai.com", (long?)42, (string?)null)));
        }
    }

    [TestCase("contoso.openai.azure.com", 443L, "https://contoso.openai.azure.com")]
    [TestCase("contoso.openai.azure.com", null, "https://contoso.openai.azure.com")]
    [TestCase("llm.internal.example", 8443L, "https://llm.internal.example:8443")]
    [TestCase("llm.internal.example", 80L, "http://llm.internal.example")]
    [TestCase("::1", 8443L, "https://[::1]:8443")]
    [TestCase("[::1]", 443L, "https://[::1]")]
    [TestCase(null, 443L, null)]
    public void GenAiAttributes_TheEndpointIsTheServerAddressAndPort(string? address, long? port, string? endpoint)
    {
        var attributes = new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = "chat",
            ["gen_ai.provider.name"] = "openai",
            ["server.address"] = address,
            ["server.port"] = port,
        };

        var facts = GenAiAttributes.Read(attributes.GetValueOrDefault, "s", null)!;

        Assert.That((facts.Host, facts.Endpoint), Is.EqualTo((address, endpoint)));
        Assert.That(Mapping.Describe(facts).Endpoint, Is.EqualTo(endpoint));
    }

    [Test]
    public void GenAiAttributes_ReadWholeNumbersFromText_AsSubjectsReadThem()
    {
        object? Tokens(object? value) => GenAiAttributes.Read(
            new Dictionary<string, object?> { ["gen_ai.operation.name"] = "chat", ["gen_ai.usage.input_tokens"] = value }.GetValueOrDefault, null, null)!.Tokens;

        Assert.Multiple(() =>
        {
            Assert.That(Tokens("1840"), Is.EqualTo(1840L));
            Assert.That(Tokens("-3"), Is.EqualTo(-3L));
            Assert.That(Tokens(7), Is.EqualTo(7L));
            Assert.That(Tokens(" 18"), Is.Null, "white space is not part of a whole number in a subject");
            Assert.That(Tokens("1e3"), Is.Null);
            Assert.That(Tokens("9223372036854775808"), Is.Null);
        });
    }

    [Test]
    public void HostPatterns_MatchAsTheirRegularExpressionsDo()
    {
        // Each `*` is one or more characters, case ignored: the patterns of the host table and harder ones, against hosts
        // that end or start like them, or are one character short of them.
        string[] patterns = [.. ModelCallMapping.Default.Hosts.Select(h => h.Key), "*", "a*", "*a", "a*b*c", "*.*", "x.*.y.*.z", "**", "api.openai.com"];
        string[] hosts =
        [
            "contoso.openai.azure.com", ".openai.azure.com", "x.OPENAI.azure.com", "openai.azure.com", "a.cognitiveservices.azure.com",
            "api.openai.com", "API.OpenAI.com", "api.openai.comx", "bedrock-runtime.us-east-1.amazonaws.com", "bedrock-runtime..amazonaws.com",
            "bedrock-runtime.amazonaws.com", "storage.googleapis.com", "googleapis.com", "a", "ab", "abc", "aXbYc", "abbc", "ba", "x.1.y.2.z",
            "x..y..z", "", ".", "..",
        ];

        foreach (var pattern in patterns)
        {
            var regex = new System.Text.RegularExpressions.Regex(
                "^" + string.Join(".+", pattern.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            foreach (var host in hosts)
            {
                Assert.That(ModelCallMapping.Glob(pattern, host), Is.EqualTo(regex.IsMatch(host)), $"{pattern} against {host}");
            }
        }
    }
}
