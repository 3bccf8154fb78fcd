using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>A subject holds at most <see cref="SubjectReaderOptions.MaxNodes"/> values (maps, lists, single values): a 3 MB
/// file of 1,000,000 empty calls took 3.3 GB. Past the limit, the subject is one unreadable input naming its file and line,
/// and reading stops there, in every reader: JSON lines (fast and general), YAML and JSON files. Measured in bytes
/// allocated, not in time.</summary>
public sealed class SubjectSizeLimitTests
{
    private const string Deployment = """{"kind": "deployment", "product": "P", "vendor": "OpenAI", "runtime": "stateful", "hostCloud": "Azure", "calls": [""";

    private const string Good = """{"kind": "call", "id": "good", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""";

    private static string EmptyCalls(int count) => Deployment + string.Join(",", Enumerable.Repeat("{}", count)) + "]}";

    private static string Message(int limit) => $"the subject holds more than the limit of {limit} values (each map, list and single value counts one)";

    private static string[] Describe(IEnumerable<SubjectInput> inputs) =>
        inputs.Select(i => $"{i.Source} {(i.Errors.Count == 0 ? "ok" : i.Errors[0].Message)}").ToArray();

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void JsonLineWithMoreValuesThanTheLimit_IsOneUnreadableInput_AndTheNextLineIsRead()
    {
        var lines = string.Join("\n", Good, EmptyCalls(150_000), Good) + "\n";

        var inputs = Describe(new SubjectReader().ReadJsonLines(new StringReader(lines), "calls.jsonl"));

        Assert.That(inputs, Is.EqualTo(new[] { "calls.jsonl:1 ok", $"calls.jsonl:2 {Message(100_000)}", "calls.jsonl:3 ok" }));
    }

    [Test]
    public void JsonLinesFile_WithMoreValuesThanTheLimit_IsOneUnreadableInput()
    {
        var directory = Directory.CreateTempSubdirectory("compliance-size-");
        try
        {
            var file = Path.Combine(directory.FullName, "calls.jsonl");
            File.WriteAllText(file, string.Join("\n", Good, EmptyCalls(150_000), Good) + "\n");

            var inputs = Describe(new SubjectReader().ReadPath(file));

            Assert.That(inputs[1], Is.EqualTo($"{file}:2 {Message(100_000)}"));
            Assert.That(inputs[2], Is.EqualTo($"{file}:3 ok"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void JsonFileWithAMillionEmptyCalls_IsOneUnreadableInput_WithoutBuildingItAll()
    {
        var content = EmptyCalls(1_000_000); // 3 MB
        SubjectInput[] inputs = [];

        var bytes = AllocatedBy(() => inputs = new SubjectReader().ReadDocument(content, "big.json").ToArray());

        Assert.That(Describe(inputs), Is.EqualTo(new[] { $"big.json:1 {Message(100_000)}" }));
        // Building it all took 3.3 GB; stopping at the limit leaves what the parser needs for the first 100,000 values.
        Assert.That(bytes, Is.LessThan(400L * 1024 * 1024), $"{bytes / (1024 * 1024)} MB");
    }

    [Test]
    public void YamlFile_NamesTheLineWhereTheLimitWasPassed()
    {
        var content = "kind: deployment\nproduct: P\nvendor: OpenAI\nruntime: stateful\nhostCloud: Azure\npartners:\n"
            + string.Concat(Enumerable.Range(0, 20).Select(i => $"  - p{i}\n"));

        var inputs = Describe(new SubjectReader(options: new SubjectReaderOptions { MaxNodes = 10 }).ReadDocument(content, "d.yaml"));

        // The map, five values and the list are 7; the fourth partner, on line 10, is the 11th.
        Assert.That(inputs, Is.EqualTo(new[] { $"d.yaml:10 {Message(10)}" }));
    }

    [Test]
    public void EachSubjectOfASubjectsList_HasALimitOfItsOwn()
    {
        var call = """{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""";
        var big = """{"kind": "deployment", "product": "P", "vendor": "OpenAI", "runtime": "stateful", "hostCloud": "Azure", "partners": ["a", "b", "c"]}""";
        var reader = new SubjectReader(options: new SubjectReaderOptions { MaxNodes = 6 });

        var fits = Describe(reader.ReadDocument($"{{\"subjects\": [\n{call},\n{call},\n{call}]}}", "s.json"));
        var overflows = Describe(reader.ReadDocument($"{{\"subjects\": [\n{call},\n{big}]}}", "s.json"));

        Assert.That(fits, Is.EqualTo(new[] { "s.json:2 ok", "s.json:3 ok", "s.json:4 ok" }), "six values each; eighteen in all");
        Assert.That(overflows, Is.EqualTo(new[] { $"s.json:3 {Message(6)}" }));
    }

    [Test]
    public void ASubjectAtTheLimit_IsRead_InEveryReader()
    {
        // The map and six values: seven.
        var reader = new SubjectReader(options: new SubjectReaderOptions { MaxNodes = 7 });
        var yaml = "kind: call\nvendor: OpenAI\nmodel: gpt-5\nmode: stateless\ncloud: Azure\nregion: eastus\n";
        var line = """{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure", "region": "eastus"}""";
        var over = line.Replace("}", ", \"customer\": \"c\"}", StringComparison.Ordinal);

        Assert.That(Describe(reader.ReadDocument(yaml, "c.yaml")), Is.EqualTo(new[] { "c.yaml:1 ok" }));
        Assert.That(Describe(reader.ReadJsonLines(new StringReader(line + "\n" + over), "c.jsonl")),
            Is.EqualTo(new[] { "c.jsonl:1 ok", $"c.jsonl:2 {Message(7)}" }));
        Assert.That(Describe([reader.ParseJsonLine(over, "c.jsonl", 2)]), Is.EqualTo(new[] { $"c.jsonl:2 {Message(7)}" }), "the general reader");
    }

    [Test]
    public void MaxNodesOutOfRange_IsRefused()
    {
        Assert.That(() => new SubjectReader(options: new SubjectReaderOptions { MaxNodes = 0 }),
            Throws.ArgumentException.With.Message.StartsWith("SubjectReaderOptions.MaxNodes must be at least 1, not 0"));
        Assert.That(SubjectReaderOptions.Default.MaxNodes, Is.EqualTo(100_000));
    }
}
