using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Subjects;

/// <summary>What an OTLP span gives its <c>call</c>: the endpoint from <c>server.address</c> and <c>server.port</c>, and values
/// read from text as subjects read them, a value that cannot be read being an error rather than left out.</summary>
public sealed class OtlpTraceMappingTests
{
    private static string Attribute(string key, string value) => $$"""{"key":"{{key}}","value":{{value}}}""";

    private static string Span(string start, params string[] attributes) =>
        $$$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"1111111111111111",{{{start}}}"attributes":[{{{string.Join(",", [
            Attribute("gen_ai.operation.name", """{"stringValue":"chat"}"""), Attribute("gen_ai.provider.name", """{"stringValue":"azure.ai.openai"}"""),
            Attribute("gen_ai.request.model", """{"stringValue":"gpt-4o"}"""), .. attributes])}}}]}]}]}]}""";

    private static SubjectInput ReadOne(string line) => new SubjectReader().ReadJsonLines(new StringReader(line + "\n"), "-").Single();

    [TestCase("""{"intValue":"443"}""", "https://contoso.openai.azure.com")]
    [TestCase("""{"intValue":443}""", "https://contoso.openai.azure.com")]
    [TestCase("""{"intValue":"8443"}""", "https://contoso.openai.azure.com:8443")]
    [TestCase("""{"intValue":"80"}""", "http://contoso.openai.azure.com")]
    [TestCase(null, "https://contoso.openai.azure.com")]
    public void TheEndpoint_IsTheServerAddressAndPort(string? port, string endpoint)
    {
        string[] attributes = port is null
            ? [Attribute("server.address", """{"stringValue":"contoso.openai.azure.com"}""")]
            : [Attribute("server.address", """{"stringValue":"contoso.openai.azure.com"}"""), Attribute("server.port", port)];

        var input = ReadOne(Span("", attributes));

        Assert.That(input.Errors, Is.Empty);
        Assert.That(((CallSubject)input.Subject!).Endpoint, Is.EqualTo(endpoint));
    }

    [Test]
    public void WithoutAServerAddress_TheCallHasNoEndpoint()
    {
        var input = ReadOne(Span("", Attribute("server.port", """{"intValue":"443"}""")));

        Assert.That(((CallSubject)input.Subject!).Endpoint, Is.Null);
    }

    [Test]
    public void TheBundledEndpointClause_JudgesASpansEndpoint()
    {
        var rules = new RuleSetLoader().Load(Path.Combine(RepoRoot.Path, "rules"));
        var azure = ReadOne(Span("", Attribute("server.address", """{"stringValue":"contoso.openai.azure.com"}"""), Attribute("server.port", """{"intValue":"443"}""")));
        var gateway = ReadOne(Span("", Attribute("server.address", """{"stringValue":"llm-gateway.contoso.internal"}"""), Attribute("server.port", """{"intValue":"443"}""")));

        string Status(SubjectInput input) =>
            Verdicts.VerdictNames.Name(rules.Evaluate(input).Clauses.Single(c => c.Id == "msft-openai/azure-endpoint-consistency").Status);

        Assert.That(Status(azure), Is.EqualTo("satisfied"));
        Assert.That(Status(gateway), Is.EqualTo("violated"), "an azure.ai.openai call booked to Azure through another host is flagged");
    }

    [TestCase("""{"intValue":"lots"}""", "`gen_ai.usage.input_tokens` must be a whole number, not `lots`")]
    [TestCase("""{"intValue":"1.5"}""", "`gen_ai.usage.input_tokens` must be a whole number, not `1.5`")]
    [TestCase("""{"intValue":9223372036854775808}""", "`gen_ai.usage.input_tokens` must be a whole number, not `9223372036854775808`")]
    public void ATokenCountThatCannotBeRead_IsAnError_NotLeftOut(string value, string message)
    {
        var input = ReadOne(Span("", Attribute("gen_ai.usage.input_tokens", value)));

        Assert.That(input.Errors.Select(e => e.Message), Is.EqualTo(new[] { "in `resourceSpans[0].scopeSpans[0].spans[0].attributes`, " + message }));
    }

    [TestCase("\"startTimeUnixNano\":\"yesterday\",", "`resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano` must be a whole number of nanoseconds since 1970, not `yesterday`")]
    [TestCase("\"startTimeUnixNano\":\"-1\",", "`resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano` must be a whole number of nanoseconds since 1970, not `-1`")]
    [TestCase("\"startTimeUnixNano\":{},", "`resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano` must be a whole number of nanoseconds since 1970")]
    public void AStartTimeThatCannotBeRead_IsAnError_NotLeftOut(string start, string message)
    {
        var input = ReadOne(Span(start));

        Assert.That(input.Errors.Select(e => e.Message), Is.EqualTo(new[] { message }));
    }

    [TestCase("\"startTimeUnixNano\":\"1772366400000000000\",")]
    [TestCase("\"startTimeUnixNano\":1772366400000000000,")]
    public void AStartTime_IsTheCallsTimestamp(string start)
    {
        var input = ReadOne(Span(start));

        Assert.That(((CallSubject)input.Subject!).Timestamp, Is.EqualTo(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
    }
}
