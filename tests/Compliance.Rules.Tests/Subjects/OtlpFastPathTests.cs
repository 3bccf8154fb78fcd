using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Subjects.ModelCalls;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Subjects;

/// <summary>OTLP trace documents are read by a fast path (one pass of <see cref="Utf8JsonReader"/>) and, when it declines, by the
/// general path (<see cref="JsonDocument"/>); whatever the fast path reads, it must read exactly as the general path does, and
/// whatever it declines, the general path explains.</summary>
public sealed class OtlpFastPathTests
{
    private static string Attr(string key, string value) => $$"""{"key":"{{key}}","value":{{value}}}""";

    private static string Text(string key, string value) => Attr(key, $$"""{"stringValue":"{{value}}"}""");

    private static readonly string Call =
        $$$"""{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"00f067aa0ba902b7","parentSpanId":"","name":"chat gpt-4o","kind":3,"startTimeUnixNano":"1772366400000000000","endTimeUnixNano":"1772366400850000000","attributes":[{{{Text("gen_ai.operation.name", "chat")}}},{{{Text("gen_ai.provider.name", "openai")}}},{{{Text("gen_ai.request.model", "gpt-4o")}}},{{{Text("server.address", "contoso.openai.azure.com")}}},{{{Attr("server.port", """{"intValue":"443"}""")}}},{{{Attr("gen_ai.usage.input_tokens", """{"intValue":"1840"}""")}}},{{{Text("gen_ai.prompt", @"say \""hi\""\n\u00e9 \ud83d\ude00 \\uD800")}}}],"events":[{"name":"gen_ai.choice","attributes":[]}],"status":{}}""";

    private static readonly string Stateful =
        $$"""{"spanId":"11f067aa0ba902b7","startTimeUnixNano":1772366401000000000,"attributes":[{{Text("gen_ai.operation.name", "chat")}},{{Text("gen_ai.system", "aws.bedrock")}},{{Text("gen_ai.response.model", "anthropic.claude-sonnet-4")}},{{Text("server.address", "bedrock-runtime.us-east-1.amazonaws.com")}},{{Attr("server.port", """{"intValue":8443}""")}},{{Text("gen_ai.conversation.id", "conv-1")}},{{Attr("gen_ai.usage.input_tokens", """{"doubleValue":12.5}""")}},{{Attr("other", """{"boolValue":true}""")}}],"links":[]}""";

    private static readonly string Tool =
        $$"""{"spanId":"22f067aa0ba902b7","attributes":[{{Text("gen_ai.operation.name", "execute_tool")}},{{Text("gen_ai.provider.name", "openai")}},{{Text("gen_ai.provider.name", "again")}}]}""";

    private static readonly string Plain = """{"spanId":"33f067aa0ba902b7","name":"GET /","attributes":[{"key":"http.method","value":{"stringValue":"GET"}}]}""";

    private static readonly string[] Valid =
    [
        $$"""{"resourceSpans":[{"resource":{"attributes":[{{Text("service.name", "gateway")}}]},"scopeSpans":[{"scope":{"name":"Experimental.Microsoft.Extensions.AI","version":"1.0"},"spans":[{{Call}},{{Tool}},{{Stateful}}]}]}]}""",
        $$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{{Plain}}]},{"spans":[{{Stateful}}]}]},{"resource":{},"scopeSpans":[]},{"scopeSpans":[{"spans":[{{Call}}]}]}]}""",
        "\n{\n  \"resourceSpans\": [ { \"scopeSpans\": [ { \"spans\": [\n    " + Call + ",\n\n    " + Tool + ",\n    " + Stateful + "\n  ] } ] } ]\n}\n",
    ];

    /// <summary>Edits that make a valid document unusual, wrong or malformed.</summary>
    private static readonly Func<string, string>[] Edits =
    [
        doc => doc,
        doc => doc.Replace("\"spanId\":\"00f067aa0ba902b7\"", "\"spanId\":\"\"", StringComparison.Ordinal),
        doc => doc.Replace("\"spanId\":\"00f067aa0ba902b7\"", "\"spanId\":17", StringComparison.Ordinal),
        doc => doc.Replace("\"spanId\":\"00f067aa0ba902b7\"", "\"spanId\":\"00f0\\u0036\"", StringComparison.Ordinal),
        doc => doc.Replace("\"spanId\":\"00f067aa0ba902b7\"", "\"spanId\":\"00f0\\uD800\"", StringComparison.Ordinal),
        doc => doc.Replace("\"spanId\":\"00f067aa0ba902b7\",", "", StringComparison.Ordinal),
        doc => doc.Replace("\"spanId\":\"00f067aa0ba902b7\"", "\"spanId\":\"a\",\"spanId\":\"b\"", StringComparison.Ordinal),
        doc => doc.Replace("\"spanId\":\"00f067aa0ba902b7\"", "\"sp\\u0061nId\":\"a\"", StringComparison.Ordinal),
        doc => doc.Replace("\"1772366400000000000\"", "\"abc\"", StringComparison.Ordinal),
        doc => doc.Replace("\"1772366400000000000\"", "\"-1\"", StringComparison.Ordinal),
        doc => doc.Replace("\"1772366400000000000\"", "\"99999999999999999999\"", StringComparison.Ordinal),
        doc => doc.Replace("\"1772366400000000000\"", "\"18446744073709551615\"", StringComparison.Ordinal),
        doc => doc.Replace("\"1772366400000000000\"", "null", StringComparison.Ordinal),
        doc => doc.Replace("\"1772366400000000000\"", "true", StringComparison.Ordinal),
        doc => doc.Replace("\"1772366400000000000\"", "{}", StringComparison.Ordinal),
        doc => doc.Replace("\"1772366400000000000\"", "\"177236640\\u00300000000000\"", StringComparison.Ordinal),
        doc => doc.Replace("1772366401000000000", "1.5e18", StringComparison.Ordinal),
        doc => doc.Replace("1772366401000000000", "-5", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"intValue\":\"lots\"", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"intValue\":\"+18\\u00340\"", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"intValue\":\" 1840\"", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"intValue\":\"-1840\"", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"intValue\":1e3", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"intValue\":9223372036854775808", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"stringValue\":\"1840\"", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"stringValue\":5,\"intValue\":\"7\"", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"intValue\":\"7\",\"stringValue\":\"8\"", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":\"1840\"", "\"arrayValue\":{\"values\":[]}", StringComparison.Ordinal),
        doc => doc.Replace("\"intValue\":8443", "\"intValue\":8443.0", StringComparison.Ordinal),
        doc => doc.Replace("{\"doubleValue\":12.5}", "{\"doubleValue\":1e400}", StringComparison.Ordinal),
        doc => doc.Replace("{\"doubleValue\":12.5}", "{\"boolValue\":false}", StringComparison.Ordinal),
        doc => doc.Replace("{\"doubleValue\":12.5}", "\"12\"", StringComparison.Ordinal),
        doc => doc.Replace("{\"doubleValue\":12.5}", "null", StringComparison.Ordinal),
        doc => doc.Replace("{\"stringValue\":\"gpt-4o\"}", "{\"stringValue\":\"\"}", StringComparison.Ordinal),
        doc => doc.Replace("{\"stringValue\":\"gpt-4o\"}", "{\"stringValue\":\"gpt-\\u0034o\"}", StringComparison.Ordinal),
        doc => doc.Replace("{\"stringValue\":\"gpt-4o\"}", "{\"stringValue\":\"gpt\\uDC00\"}", StringComparison.Ordinal),
        doc => doc.Replace("{\"stringValue\":\"gpt-4o\"}", "{\"intValue\":\"4\"}", StringComparison.Ordinal),
        doc => doc.Replace("{\"stringValue\":\"gpt-4o\"}", "{\"stringValue\":\"a\",\"stringValue\":\"b\"}", StringComparison.Ordinal),
        doc => doc.Replace("{\"stringValue\":\"chat\"}", "{\"stringValue\":\"embeddings\"}", StringComparison.Ordinal),
        doc => doc.Replace("{\"stringValue\":\"chat\"}", "{\"stringValue\":\"Chat\"}", StringComparison.Ordinal),
        doc => doc.Replace("{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}}", "{\"value\":{\"stringValue\":\"chat\"},\"key\":\"gen_ai.operation.name\"}", StringComparison.Ordinal),
        doc => doc.Replace("\"key\":\"server.address\"", "\"key\":\"server.addr\\u0065ss\"", StringComparison.Ordinal),
        doc => doc.Replace("\"key\":\"server.address\"", "\"key\":\"server.address\",\"key\":\"x\"", StringComparison.Ordinal),
        doc => doc.Replace("\"key\":\"server.address\"", "\"key\":5", StringComparison.Ordinal),
        doc => doc.Replace("\"key\":\"server.address\",", "", StringComparison.Ordinal),
        doc => doc.Replace("{\"key\":\"server.address\"", "{\"key\":\"server.address\",\"value\":{\"stringValue\":\"api.openai.com\"}},{\"key\":\"server.address\"", StringComparison.Ordinal),
        doc => doc.Replace("{\"key\":\"gen_ai.usage.input_tokens\"", "{\"key\":\"gen_ai.system\",\"value\":{\"stringValue\":\"x\"}},{\"key\":\"gen_ai.system\",\"value\":{}},{\"key\":\"gen_ai.usage.input_tokens\"", StringComparison.Ordinal),
        doc => doc.Replace("[{\"key\":\"gen_ai.operation.name\"", "[7,null,{},[],{\"key\":\"gen_ai.operation.name\"", StringComparison.Ordinal),
        doc => doc.Replace("\"attributes\":[{\"key\":\"gen_ai.operation.name\"", "\"attributes\":null,\"x\":[{\"key\":\"gen_ai.operation.name\"", StringComparison.Ordinal),
        doc => doc.Replace("\"attributes\":[]", "\"attributes\":{}", StringComparison.Ordinal),
        doc => doc.Replace("\"status\":{}", "\"status\":{\"code\":1,\"code\":2}", StringComparison.Ordinal),
        doc => doc.Replace("\"status\":{}", "\"status\":{\"m\\u0065ssage\":\"x\"}", StringComparison.Ordinal),
        doc => doc.Replace("\"status\":{}", "\"status\":{\"message\":\"\\uD83D\"}", StringComparison.Ordinal),
        doc => doc.Replace("\"status\":{}", "\"status\":{\"message\":\"\\uD83D\\uDE00 \\\\uD800\"}", StringComparison.Ordinal),
        doc => doc.Replace("\"status\":{}", "\"status\":" + string.Concat(Enumerable.Repeat("[", 70)) + new string(']', 70), StringComparison.Ordinal),
        doc => doc.Replace("\"version\":\"1.0\"", "\"version\":\"1.0\",\"version\":\"2.0\"", StringComparison.Ordinal),
        doc => doc.Replace("{\"name\":\"Experimental", "{\"name\":\"x\",\"name\":\"Experimental", StringComparison.Ordinal),
        doc => doc.Replace("\"scopeSpans\":[", "\"scopeSpans\":[],\"scopeSpans\":[", StringComparison.Ordinal),
        doc => doc.Replace("\"scopeSpans\":[", "\"scopeSpans\":null,\"s\":[", StringComparison.Ordinal),
        doc => doc.Replace("\"scopeSpans\":[", "\"scopeSpans\":[7,", StringComparison.Ordinal),
        doc => doc.Replace("\"spans\":[", "\"spans\":[null,", StringComparison.Ordinal),
        doc => doc.Replace("\"spans\":[", "\"spans\":{},\"x\":[", StringComparison.Ordinal),
        doc => doc.Replace("\"resourceSpans\":[", "\"resourceSpans\":[3,", StringComparison.Ordinal),
        doc => doc.Replace("{\"resourceSpans\":[", "{\"other\":1,\"resourceSpans\":[", StringComparison.Ordinal),
        doc => doc.Replace("{\"resourceSpans\":[", "{\"resourceSpans\":[],\"resourceSpans\":[", StringComparison.Ordinal),
        doc => doc.Replace("\"resourceSpans\"", "\"resourceSpan\"", StringComparison.Ordinal),
        doc => doc.Replace("\"resourceSpans\"", "\"r\\u0065sourceSpans\"", StringComparison.Ordinal),
        doc => doc[..(doc.Length / 2)],
        doc => doc + " x",
        doc => doc + " {}",
        doc => "\uFEFF" + doc,
        doc => "[" + doc + "]",
    ];

    private static readonly JsonSerializerOptions Exact = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static string Describe(IEnumerable<SubjectInput> inputs) => JsonSerializer.Serialize(inputs.Select(input => new
    {
        input.Kind,
        input.Id,
        input.Source,
        Errors = input.Errors.Select(e => $"{e.Path}: {e.Message}").ToArray(),
        Subject = input.Subject is null ? null : JsonSerializer.Serialize(input.Subject, input.Subject.GetType(), Exact),
    }));

    private static OtlpTraceReader Reader(int maxNodes = 1_000_000, int maxListElements = 100_000) =>
        new(ModelCallMapping.Default, 64, maxNodes, maxListElements);

    /// <summary>Reads the document both ways; whether the fast path read it.</summary>
    private static bool Compare(OtlpTraceReader reader, string document, string why)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        var actual = Describe(reader.ReadDocument(bytes, "traces/a.json", 7));
        var general = Describe(reader.ReadGeneral(bytes, "traces/a.json", 7));
        Assert.That(actual, Is.EqualTo(general), why);
        return reader.TryReadFast(bytes, "traces/a.json", 7, []);
    }

    [Test]
    public void ReadDocument_TheValidDocuments_AreReadByTheFastPath_AsTheGeneralPathReadsThem()
    {
        var reader = Reader();
        foreach (var document in Valid)
        {
            Assert.That(Compare(reader, document, document), Is.True, document);
        }

        var calls = reader.ReadDocument(Encoding.UTF8.GetBytes(Valid[2]), "traces/a.json", 7);
        Assert.That(calls.Select(c => $"{c.Source} {c.Id}"), Is.EqualTo(new[] { "traces/a.json:9 00f067aa0ba902b7", "traces/a.json:12 11f067aa0ba902b7" }));
    }

    [Test]
    public void ReadDocument_EachEditAlone_ReadsAsTheGeneralPathDoes()
    {
        var reader = Reader();
        var fast = 0;
        foreach (var valid in Valid)
        {
            foreach (var edit in Edits)
            {
                var document = edit(valid);
                fast += Compare(reader, document, document) ? 1 : 0;
            }
        }

        Assert.That(fast, Is.GreaterThan(Valid.Length * 10), "many edits leave a document the fast path reads");
    }

    [Test]
    public void ReadDocument_EditedDocuments_ReadAsTheGeneralPathDoes()
    {
        var reader = Reader();
        var fast = 0;
        var declined = 0;
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[0, Edits.Length - 1], Gen.Int[0, Edits.Length - 1]).Sample((v, e1, e2) =>
        {
            var document = Edits[e2](Edits[e1](Valid[v]));
            if (Compare(reader, document, document))
            {
                fast++;
            }
            else
            {
                declined++;
            }
        }, iter: 2000, threads: 1);

        Assert.That(fast, Is.GreaterThan(100), "some edited documents are read by the fast path");
        Assert.That(declined, Is.GreaterThan(100), "some are declined");
    }

    [Test]
    public void ReadDocument_EditedDocuments_UnderNodeAndListLimits_ReadAsTheGeneralPathDoes()
    {
        // The call spans hold from about 25 to 40 values and lists of up to nine elements: limits around them make a call
        // span pass a limit or not, and the general path must say the same.
        var readers = (from nodes in new[] { 1, 10, 20, 26, 30, 35, 38, 40, 45, 60, 1000 }
                       from elements in new[] { 1, 3, 6, 7, 8, 9, 100 }
                       select (Limits: $"{nodes} values, {elements} elements", Reader: Reader(nodes, elements))).ToArray();
        var tooLarge = 0;
        var read = 0;
        // Every document under every pair of limits: a few thousand small documents, so all of them, not a sample (a sample
        // of 2,000 found a disagreement in one run of many and none in the next).
        foreach (var document in Valid.SelectMany(v => Edits.Select(edit => edit(v))))
        {
            foreach (var (limits, reader) in readers)
            {
                Compare(reader, document, $"{document} ({limits})");
                var inputs = reader.ReadGeneral(Encoding.UTF8.GetBytes(document), "traces/a.json", 7);
                if (inputs.Any(i => i.Errors.Any(e => e.Message.Contains("more than the limit", StringComparison.Ordinal))))
                {
                    tooLarge++;
                }
                else if (inputs.Count > 0 && inputs.All(i => i.Errors.Count == 0))
                {
                    read++;
                }
            }
        }

        Assert.That(tooLarge, Is.GreaterThan(100), "some call spans pass a limit");
        Assert.That(read, Is.GreaterThan(100), "some are within both");
    }

    [Test]
    public void HasLoneSurrogate_FindsOnlyUnpairedSurrogateEscapes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OtlpTraceReader.HasLoneSurrogate(@"a\uD800b"u8), Is.True);
            Assert.That(OtlpTraceReader.HasLoneSurrogate(@"a\uDC00"u8), Is.True);
            Assert.That(OtlpTraceReader.HasLoneSurrogate(@"\uD83D"u8), Is.True);
            Assert.That(OtlpTraceReader.HasLoneSurrogate(@"\uD83D\u0041"u8), Is.True);
            Assert.That(OtlpTraceReader.HasLoneSurrogate(@"\uD83D\uDE00"u8), Is.False);
            Assert.That(OtlpTraceReader.HasLoneSurrogate(@"\\uD800"u8), Is.False);
            Assert.That(OtlpTraceReader.HasLoneSurrogate(@"\\\uD800"u8), Is.True);
            Assert.That(OtlpTraceReader.HasLoneSurrogate(@"\n\u00e9""x"u8), Is.False);
        });
    }
}
