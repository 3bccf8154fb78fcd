using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>The OTLP limits <see cref="OtlpTraceLimitTests"/> does not attack: nesting (a line), the file size (a
/// pretty-printed export), a span that is not a call (not held to the subject limits), and the line a problem in a
/// pretty-printed export is reported at (its span's, counted from the document's opening brace after blank lines).</summary>
public sealed class OtlpTraceReadLimitTests
{
    private const string Attributes = """{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}}""";

    private static string Document(string spans) => $$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{{spans}}]}]}]}""";

    private static string Span(string id, string attributes = Attributes) => $$"""{"spanId":"{{id}}","attributes":[{{attributes}}]}""";

    private static string[] Describe(IEnumerable<SubjectInput> inputs) =>
        inputs.Select(i => $"{i.Source} {(i.Errors.Count == 0 ? i.Id : i.Errors[0].Message)}").ToArray();

    private static string[] ReadLines(string text, SubjectReaderOptions? options = null) =>
        Describe(new SubjectReader(options: options).ReadJsonLines(new StringReader(text), "-"));

    private static string[] ReadFile(string name, string text, SubjectReaderOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("compliance-otlp-");
        try
        {
            var file = Path.Combine(directory.FullName, name);
            File.WriteAllText(file, text);
            return Describe(new SubjectReader(options: options).ReadPath(file)).Select(d => d.Replace(directory.FullName + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)).ToArray();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }





    [Test]
    public void ACallSpanWithALongerListThanTheLimit_IsRefused_WhileOtherSpansAreNotJudged()
    {
        var padding = string.Concat(Enumerable.Range(0, 10).Select(i => $$$""",{"key":"pad.{{{i}}}","value":{"intValue":"{{{i}}}"}}"""));
        var options = new SubjectReaderOptions { MaxListElements = 8 };
        var tool = """{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}}""" + padding;

        var inputs = ReadLines(Document(Span("1111111111111111", tool)) + "\n" + Document(Span("2222222222222222", Attributes + padding)) + "\n", options);

        Assert.That(inputs, Is.EqualTo(new[] { "-:2 a list in the subject holds more than the limit of 8 elements" }));
    }


    [Test]
    public void ADocumentNestedDeeperThanTheLimit_IsOneUnreadableInput()
    {
        var options = new SubjectReaderOptions { MaxDepth = 10 };
        var deep = Document(Span("1111111111111111", Attributes + """,{"key":"deep","value":{"kvlistValue":{"values":[{"key":"a","value":{"stringValue":"b"}}]}}}"""));

        var inputs = ReadLines(deep + "\n" + Document(Span("2222222222222222")) + "\n", options);

        Assert.That(inputs[0], Does.StartWith("-:1 malformed OTLP JSON at line 1, column "));
        Assert.That(inputs[0], Does.Contain("depth"));
        Assert.That(inputs[1], Is.EqualTo("-:2 2222222222222222"));
    }

    [Test]
    public void APrettyPrintedExportLargerThanTheFileLimit_IsOneUnreadableInput()
    {
        var options = new SubjectReaderOptions { MaxFileBytes = 1024 };
        var pretty = "{\n  \"resourceSpans\": [ { \"scopeSpans\": [ { \"spans\": [\n" + string.Join(",\n", Enumerable.Range(0, 20).Select(i => Span($"{i:D16}"))) + "\n] } ] } ]\n}\n";

        var inputs = ReadFile("trace.json", pretty, options);

        Assert.That(inputs, Has.Length.EqualTo(1));
        Assert.That(inputs[0], Does.StartWith("trace.json:1 "));
        Assert.That(inputs[0], Does.Contain("1024"));
    }

    [Test]
    public void APrettyPrintedExport_GivesEachSpanTheLineItOpensOn_AndAProblemItsSpansLine()
    {
        var pretty = "\n{\n  \"resourceSpans\": [ { \"scopeSpans\": [ { \"spans\": [\n    "
            + Span("1111111111111111") + ",\n\n    "
            + Span("0000000000000000", """{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}}""") + ",\n    "
            + Span("2222222222222222") + ",\n    "
            + Span("3333333333333333", Attributes + """,{"key":"gen_ai.request.model","value":{"stringValue":"gpt-5"}}""")
            + "\n  ] } ] } ]\n}\n";

        var inputs = ReadFile("trace.json", pretty);

        Assert.That(inputs, Is.EqualTo(new[]
        {
            "trace.json:4 1111111111111111",
            "trace.json:7 2222222222222222",
            "trace.json:8 `resourceSpans[0].scopeSpans[0].spans[3].attributes` holds `gen_ai.request.model` more than once",
        }));
    }
}
