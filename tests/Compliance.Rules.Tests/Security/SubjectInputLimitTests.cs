using System.Diagnostics;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Hostile subject inputs become one unreadable input each, naming file and line, and reading goes on.</summary>
public sealed class SubjectInputLimitTests
{
    private const string Good = """{"kind": "call", "id": "good", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""";

    private static string Nested(int depth) =>
        """{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure", "tags": """
        + string.Concat(Enumerable.Repeat("""{"a": """, depth)) + "1" + new string('}', depth) + "}";

    private static string[] Describe(IEnumerable<SubjectInput> inputs) =>
        inputs.Select(i => $"{i.Source} {(i.Errors.Count == 0 ? "ok" : string.Join("; ", i.Errors.Select(e => e.Message)))}").ToArray();

    private static string[] ReadLines(params string[] lines) =>
        Describe(YamlLimitTests.OnSmallStack(() => new SubjectReader().ReadJsonLines(new StringReader(string.Join("\n", lines) + "\n"), "calls.jsonl").ToArray()));

    [Test]
    public void JsonLineLongerThanTheLimit_IsOneUnreadableInput_AndTheNextLineIsRead()
    {
        var longLine = "{\"kind\": \"call\", \"model\": \"" + new string('m', 2 * 1024 * 1024) + "\"}";

        var inputs = ReadLines(Good, longLine, Good);

        Assert.That(inputs, Is.EqualTo(new[]
        {
            "calls.jsonl:1 ok",
            "calls.jsonl:2 the line is longer than the limit of 1048576 characters",
            "calls.jsonl:3 ok",
        }));
    }

    [Test]
    public void JsonLineNestedDeeperThanTheLimit_IsOneUnreadableInput_AndTheNextLineIsRead()
    {
        var inputs = ReadLines(Nested(100), Good);

        Assert.That(inputs[0], Does.StartWith("calls.jsonl:1 malformed JSON at column "));
        Assert.That(inputs[0], Does.EndWith(": the maximum configured depth of 64 has been exceeded"));
        Assert.That(inputs[1], Is.EqualTo("calls.jsonl:2 ok"));
    }

    [Test]
    public void JsonLineNested100000Deep_IsRefusedQuickly_OnASmallStack()
    {
        var clock = Stopwatch.StartNew();

        var inputs = ReadLines(Nested(100_000), Good);

        Assert.That(inputs[0], Does.EndWith(": the maximum configured depth of 64 has been exceeded"));
        Assert.That(inputs[1], Is.EqualTo("calls.jsonl:2 ok"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void MalformedJsonLines_AreEachOneUnreadableInput()
    {
        var inputs = ReadLines("{\"kind\": ", "[1, 2]", "\"text\"", "null", Good);

        Assert.That(inputs[0], Does.StartWith("calls.jsonl:1 malformed JSON"));
        Assert.That(inputs[1..4], Is.EqualTo(new[]
        {
            "calls.jsonl:2 a subject must be a map of fields, not a list",
            "calls.jsonl:3 a subject must be a map of fields, not a single value",
            "calls.jsonl:4 a subject must be a map of fields, not null",
        }));
        Assert.That(inputs[4], Is.EqualTo("calls.jsonl:5 ok"));
    }

    [Test]
    public void JsonLineWithALoneSurrogateEscape_IsOneUnreadableInput_NotAnException()
    {
        var inputs = ReadLines("""{"kind": "call", "id": "x\uD800", "vendor": "OpenAI"}""", Good);

        Assert.That(inputs, Is.EqualTo(new[]
        {
            "calls.jsonl:1 malformed JSON: cannot read incomplete UTF-16 JSON text as string with missing low surrogate",
            "calls.jsonl:2 ok",
        }));
    }

    [Test]
    public void JsonLineWithADuplicateKey_IsOneUnreadableInput_SoNoReaderSeesADifferentValue()
    {
        var inputs = ReadLines("""{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "AWS", "cloud": "Azure"}""", Good);

        Assert.That(inputs[0], Does.StartWith("calls.jsonl:1 malformed JSON"));
        Assert.That(inputs[0], Does.Contain("duplicate property 'cloud'"));
        Assert.That(inputs[1], Is.EqualTo("calls.jsonl:2 ok"));
    }

    private static IEnumerable<TestCaseData> HostileDocuments()
    {
        yield return new TestCaseData("bomb.yaml", YamlLimitTests.AliasBomb, "bomb.yaml:1 anchors are not allowed in subject files (`&a`)")
            .SetName("SubjectFile_AliasBomb");
        yield return new TestCaseData("deep.json", YamlLimitTests.FlowSequence(100_000), "deep.json:1 the document nests deeper than the limit of 64 levels")
            .SetName("SubjectFile_100000DeepFlow");
        yield return new TestCaseData("deep.yaml", YamlLimitTests.BlockSequence(100_000), "deep.yaml:1 the document nests deeper than the limit of 64 levels")
            .SetName("SubjectFile_100000DeepBlock");
        yield return new TestCaseData("tag.yaml", "kind: !System.IO.FileInfo call\n", "tag.yaml:1 the YAML tag `!System.IO.FileInfo` is not allowed")
            .SetName("SubjectFile_ForeignTag");
    }

    [TestCaseSource(nameof(HostileDocuments))]
    public void HostileSubjectFile_IsOneUnreadableInput_InWellUnderASecond(string name, string content, string expected)
    {
        var clock = Stopwatch.StartNew();

        var inputs = Describe(YamlLimitTests.OnSmallStack(() => new SubjectReader().ReadDocument(content, name).ToArray()));

        Assert.That(inputs, Is.EqualTo(new[] { expected }));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void SubjectFileLargerThanTheLimit_IsOneUnreadableInput_AndTheFolderGoesOn()
    {
        var directory = Directory.CreateTempSubdirectory("compliance-security-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "a-big.json"), "{\"kind\": \"call\", \"model\": \"" + new string('m', 2000) + "\"}");
            File.WriteAllText(Path.Combine(directory.FullName, "b-good.jsonl"), Good + "\n");
            var reader = new SubjectReader(options: new SubjectReaderOptions { MaxFileBytes = 1000 });

            var inputs = Describe(reader.ReadPath(directory.FullName));

            var root = directory.FullName.Replace('\\', '/');
            Assert.That(inputs, Is.EqualTo(new[]
            {
                $"{root}/a-big.json:1 the file is larger than the limit of 1000 bytes",
                $"{root}/b-good.jsonl:1 ok",
            }));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
