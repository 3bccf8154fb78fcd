using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Hostile OpenTelemetry trace exports (OTLP JSON): each is one unreadable input naming its line, never an exception,
/// and a span that is a model call is held to the subject limits.</summary>
public sealed class OtlpTraceLimitTests
{
    private static string Attribute(string key, string value) => $$$"""{"key":"{{{key}}}","value":{"stringValue":"{{{value}}}"}}""";

    private static readonly string[] CallAttributes =
    [
        Attribute("gen_ai.operation.name", "chat"), Attribute("gen_ai.provider.name", "openai"),
        Attribute("gen_ai.request.model", "gpt-4o"), Attribute("server.address", "x.openai.azure.com"),
    ];

    private static string Trace(params string[] attributes) =>
        $$$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"1111111111111111","attributes":[{{{string.Join(",", attributes)}}}]}]}]}]}""";

    private static string[] Describe(IEnumerable<SubjectInput> inputs) =>
        inputs.Select(i => $"{i.Source} {(i.Errors.Count == 0 ? i.Id : string.Join("; ", i.Errors.Select(e => e.Message)))}").ToArray();

    private static string[] ReadLines(SubjectReader reader, params string[] lines) =>
        Describe(reader.ReadJsonLines(new StringReader(string.Join("\n", lines) + "\n"), "-"));

    [Test]
    public void ALoneSurrogateOnAStandardInputTraceLine_IsRefused_NotReadAsTheReplacementCharacter()
    {
        var inputs = ReadLines(new SubjectReader(), Trace([.. CallAttributes[..2], Attribute("gen_ai.request.model", "gpt-4o\uD800")]), Trace(CallAttributes));

        Assert.That(inputs, Is.EqualTo(new[] { "-:1 the line is not valid UTF-8 text at column 274", "-:2 1111111111111111" }));
    }

    [Test]
    public void AnEscapedLoneSurrogate_IsOneUnreadableInput_NotAnException()
    {
        var inputs = ReadLines(new SubjectReader(), Trace([.. CallAttributes[..2], Attribute("gen_ai.request.model", "gpt-4o\\uD800")]), Trace(CallAttributes));

        Assert.That(inputs[0], Does.StartWith("-:1 malformed OTLP JSON: "));
        Assert.That(inputs[1], Is.EqualTo("-:2 1111111111111111"));
    }

    [Test]
    public void AnAttributeGivenTwice_IsOneUnreadableInput()
    {
        var inputs = ReadLines(new SubjectReader(), Trace([.. CallAttributes, Attribute("server.address", "api.openai.com")]));

        Assert.That(inputs, Is.EqualTo(new[]
        {
            "-:1 `resourceSpans[0].scopeSpans[0].spans[0].attributes` holds `server.address` more than once",
        }));
    }

    [Test]
    public void AKeyGivenTwice_IsOneUnreadableInput()
    {
        var trace = Trace(CallAttributes);
        var twice = trace[..^1] + "," + trace[1..^1] + "}";

        var inputs = ReadLines(new SubjectReader(), twice);

        Assert.That(inputs, Has.Length.EqualTo(1));
        Assert.That(inputs[0], Does.StartWith("-:1 malformed OTLP JSON").And.Contain("resourceSpans"));
    }

    [Test]
    public void ACallSpanOverTheListLimit_IsOneUnreadableInput()
    {
        var reader = new SubjectReader(options: new SubjectReaderOptions { MaxListElements = 4 });

        var inputs = ReadLines(reader, Trace([.. CallAttributes, Attribute("other", "x")]), Trace(CallAttributes));

        Assert.That(inputs, Is.EqualTo(new[] { "-:1 a list in the subject holds more than the limit of 4 elements", "-:2 1111111111111111" }));
    }

    [Test]
    public void ACallSpanOverTheValueLimit_IsOneUnreadableInput()
    {
        var reader = new SubjectReader(options: new SubjectReaderOptions { MaxNodes = 10 });

        var inputs = ReadLines(reader, Trace(CallAttributes));

        Assert.That(inputs, Is.EqualTo(new[] { "-:1 the subject holds more than the limit of 10 values (each map, list and single value counts one)" }));
    }

    [Test]
    public void APrettyPrintedFile_GivesEachSpanTheLineItOpensOn()
    {
        var file = Path.Combine(Path.GetTempPath(), $"otlp-{Guid.NewGuid():N}.json");
        var span = $$$"""{"spanId":"{0}","attributes":[{{{string.Join(",", CallAttributes)}}}]}""";
        File.WriteAllText(file, "{\n  \"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [\n    "
            + span.Replace("{0}", "aaaaaaaaaaaaaaaa", StringComparison.Ordinal) + ",\n\n    "
            + span.Replace("{0}", "bbbbbbbbbbbbbbbb", StringComparison.Ordinal) + "]},\n  {\"spans\": [\n    "
            + span.Replace("{0}", "cccccccccccccccc", StringComparison.Ordinal) + "]}]}]\n}\n");
        try
        {
            var inputs = Describe(new SubjectReader().ReadPath(file)).Select(line => line[(line.LastIndexOf(':') + 1)..]);

            Assert.That(inputs, Is.EqualTo(new[] { "3 aaaaaaaaaaaaaaaa", "5 bbbbbbbbbbbbbbbb", "7 cccccccccccccccc" }));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
