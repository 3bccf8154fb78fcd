using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>A subject holds at most <see cref="SubjectReaderOptions.MaxNodes"/> values (maps, lists, single values) and at
/// most <see cref="SubjectReaderOptions.MaxListElements"/> elements in any one list: a 3 MB file of 1,000,000 empty calls
/// took 3.3 GB, while a real deployment of 78,247 calls (about 470,000 values in 5 MB) must be judged. Past a limit, the
/// subject is one unreadable input naming its file and line, and reading stops there, in every reader: JSON lines (fast
/// and general), YAML and JSON files. Measured in bytes allocated, not in time.</summary>
public sealed class SubjectSizeLimitTests
{
    private const string Deployment = """{"kind": "deployment", "product": "P", "vendor": "OpenAI", "runtime": "stateful", "hostCloud": "Azure", "calls": [""";

    private const string Good = """{"kind": "call", "id": "good", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""";

    private static string EmptyCalls(int count) => Deployment + string.Join(",", Enumerable.Repeat("{}", count)) + "]}";

    private static string ListMessage(int limit) => $"a list in the subject holds more than the limit of {limit} elements";

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
    public void JsonLineWithALongerListThanTheLimit_IsOneUnreadableInput_AndTheNextLineIsRead()
    {
        var lines = string.Join("\n", Good, EmptyCalls(150_000), Good) + "\n";

        var inputs = Describe(new SubjectReader().ReadJsonLines(new StringReader(lines), "calls.jsonl"));

        Assert.That(inputs, Is.EqualTo(new[] { "calls.jsonl:1 ok", $"calls.jsonl:2 {ListMessage(100_000)}", "calls.jsonl:3 ok" }));
    }

    [Test]
    public void JsonLinesFile_WithALongerListThanTheLimit_IsOneUnreadableInput()
    {
        var directory = Directory.CreateTempSubdirectory("compliance-size-");
        try
        {
            var file = Path.Combine(directory.FullName, "calls.jsonl");
            File.WriteAllText(file, string.Join("\n", Good, EmptyCalls(150_000), Good) + "\n");

            var inputs = Describe(new SubjectReader().ReadPath(file));

            Assert.That(inputs[1], Is.EqualTo($"{file}:2 {ListMessage(100_000)}"));
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

        Assert.That(Describe(inputs), Is.EqualTo(new[] { $"big.json:1 {ListMessage(100_000)}" }));
        // Building it all took 3.3 GB; stopping at the limit leaves what the parser needs for the first 100,000 calls.
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
        Assert.That(Describe([reader.ParseJsonLine(System.Text.Encoding.UTF8.GetBytes(over), "c.jsonl", 2)]), Is.EqualTo(new[] { $"c.jsonl:2 {Message(7)}" }), "the general reader");
    }

    [Test]
    public void ASubjectAtTheValueLimit_IsBoundByTheFastPath_AndOnePastItIsDeclined()
    {
        var binder = new JsonLineBinder(SubjectKindRegistry.Default, maxDepth: 64, maxNodes: 7, maxListElements: 100);
        var line = """{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure", "region": "eastus"}""";
        var over = line.Replace("}", ", \"customer\": \"c\"}", StringComparison.Ordinal);

        Assert.That(binder.TryBind(System.Text.Encoding.UTF8.GetBytes(line), "c.jsonl:1"), Is.Not.Null, "seven values");
        Assert.That(binder.TryBind(System.Text.Encoding.UTF8.GetBytes(over), "c.jsonl:2"), Is.Null, "eight values: the general reader explains");
    }

    [TestCase("partners", 3)]
    [TestCase("calls", 3)]
    public void AListAtTheListLimit_IsRead_AndOnePastItIsRefused_InEveryReader(string list, int limit)
    {
        // Far more values than the lists hold, so that only the list limit can refuse.
        var reader = new SubjectReader(options: new SubjectReaderOptions { MaxListElements = limit, MaxNodes = 1_000 });
        var binder = new JsonLineBinder(SubjectKindRegistry.Default, maxDepth: 64, maxNodes: 1_000, maxListElements: limit);
        string Element(int i) => list == "partners"
            ? $"\"p{i}\""
            : $"{{\"vendor\": \"OpenAI\", \"model\": \"m{i}\", \"mode\": \"stateful\", \"cloud\": \"Azure\"}}";
        string Line(int count) => "{" + Deployment[1..^("\"calls\": [".Length)] + $"\"{list}\": [{string.Join(", ", Enumerable.Range(0, count).Select(Element))}]}}";
        string Yaml(int count) => "kind: deployment\nproduct: P\nvendor: OpenAI\nruntime: stateful\nhostCloud: Azure\n" + list + ":\n"
            + string.Concat(Enumerable.Range(0, count).Select(i => $"  - {Element(i)}\n"));
        var at = Line(limit);
        var past = Line(limit + 1);

        Assert.Multiple(() =>
        {
            Assert.That(binder.TryBind(System.Text.Encoding.UTF8.GetBytes(at), "d.jsonl:1"), Is.Not.Null, "the fast path, at the limit");
            Assert.That(binder.TryBind(System.Text.Encoding.UTF8.GetBytes(past), "d.jsonl:2"), Is.Null, "the fast path, one past it");
            Assert.That(Describe(reader.ReadJsonLines(new StringReader(at + "\n" + past + "\n"), "d.jsonl")),
                Is.EqualTo(new[] { "d.jsonl:1 ok", $"d.jsonl:2 {ListMessage(limit)}" }));
            Assert.That(Describe([reader.ParseJsonLine(System.Text.Encoding.UTF8.GetBytes(at), "d.jsonl", 1), reader.ParseJsonLine(System.Text.Encoding.UTF8.GetBytes(past), "d.jsonl", 2)]),
                Is.EqualTo(new[] { "d.jsonl:1 ok", $"d.jsonl:2 {ListMessage(limit)}" }), "the general reader");
            Assert.That(Describe(reader.ReadDocument(Yaml(limit), "d.yaml")), Is.EqualTo(new[] { "d.yaml:1 ok" }));
            // Six lines before the list: the fourth element is on line 10.
            Assert.That(Describe(reader.ReadDocument(Yaml(limit + 1), "d.yaml")), Is.EqualTo(new[] { $"d.yaml:{7 + limit} {ListMessage(limit)}" }));
            Assert.That(Describe(reader.ReadDocument(at, "d.json")), Is.EqualTo(new[] { "d.json:1 ok" }));
            Assert.That(Describe(reader.ReadDocument(past, "d.json")), Is.EqualTo(new[] { $"d.json:1 {ListMessage(limit)}" }));
        });
    }

    [Test]
    public void FileWithAListOfExactlyTheDefaultLimit_IsRead_AndOneMoreIsRefused()
    {
        string Partners(int count) => "kind: deployment\nproduct: P\nvendor: OpenAI\nruntime: stateful\nhostCloud: Azure\npartners: ["
            + string.Join(",", Enumerable.Repeat("a", count)) + "]\n";

        Assert.That(Describe(new SubjectReader().ReadDocument(Partners(100_000), "d.yaml")), Is.EqualTo(new[] { "d.yaml:1 ok" }));
        Assert.That(Describe(new SubjectReader().ReadDocument(Partners(100_001), "d.yaml")), Is.EqualTo(new[] { $"d.yaml:6 {ListMessage(100_000)}" }));
    }

    [Test]
    public void FileWithMoreValuesThanTheDefaultLimit_InListsWithinTheirs_IsRefusedAtTheLineWhereItPassed()
    {
        // Eleven lists of 100,000 numbers under an unknown key (2.2 MB): each list is within its limit, the whole is not.
        // The map, five values and `x` are 7; each inner list is 100,001 more, so the 1,000,001st value is in the tenth.
        var inner = "[" + string.Join(",", Enumerable.Repeat("0", 100_000)) + "]";
        var content = "{\"kind\": \"deployment\", \"product\": \"P\", \"vendor\": \"OpenAI\", \"runtime\": \"stateful\", \"hostCloud\": \"Azure\", \"x\": [\n"
            + string.Join(",\n", Enumerable.Repeat(inner, 11)) + "]}\n";

        var inputs = Describe(new SubjectReader().ReadDocument(content, "big.json"));

        Assert.That(inputs, Is.EqualTo(new[] { $"big.json:11 {Message(1_000_000)}" }));
    }

    [Test]
    public void ADeploymentWith78247Calls_InA5MBFile_IsReadAndJudgedWithTheBundledRules()
    {
        // The deployment of the issue: 78,247 calls, about 470,000 values, in a YAML file just under the 5 MB limit. Every
        // call runs on Azure but the last, a stateless call on AWS: Microsoft's reading (clause 2.4) flags it, and the
        // Bedrock clause of the OpenAI–Amazon contract is violated by it, so only a subject read to its last call gives this.
        var calls = Enumerable.Range(0, 78_247)
            .Select(i => i == 78_246 ? "  - {vendor: OpenAI, model: gpt-5, mode: stateless, cloud: AWS}\n" : "  - {vendor: OpenAI, model: gpt-5, mode: stateless, cloud: Azure}\n");
        var content = "kind: deployment\nid: big\nproduct: Frontier\nvendor: OpenAI\nruntime: stateful\nhostCloud: AWS\ncalls:\n" + string.Concat(calls);
        var directory = Directory.CreateTempSubdirectory("compliance-size-");
        try
        {
            var file = Path.Combine(directory.FullName, "big.yaml");
            File.WriteAllText(file, content);
            Assert.That(new FileInfo(file).Length, Is.InRange(4_500_000L, SubjectReaderOptions.Default.MaxFileBytes), "about 5 MB, within the file limit");
            var rules = RepoRoot.LoadBundledRules().RuleSet!;

            var inputs = new SubjectReader().ReadPath(file).ToArray();
            var verdicts = rules.EvaluateMany(inputs, new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) }).ToArray();

            Assert.That(Describe(inputs), Is.EqualTo(new[] { $"{file}:1 ok" }));
            Assert.That(((DeploymentSubject)inputs[0].Subject!).Calls, Has.Count.EqualTo(78_247));
            var verdict = verdicts.Single();
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Violation));
            Assert.That(verdict.Clauses.Where(c => c.Status == ClauseStatus.Violated).Select(c => c.Id),
                Is.EquivalentTo(new[] { "msft-openai/stateful-runtime-stateless-calls", "openai-amazon/bedrock-runtime-calls" }));
            Assert.That(verdict.Clauses.Single(c => c.Id == "msft-openai/stateful-runtime-stateless-calls").Facts,
                Does.Contain(new Fact("calls[78246].cloud", "AWS")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void LimitsOutOfRange_AreRefused()
    {
        Assert.That(() => new SubjectReader(options: new SubjectReaderOptions { MaxNodes = 0 }),
            Throws.ArgumentException.With.Message.StartsWith("SubjectReaderOptions.MaxNodes must be at least 1, not 0"));
        Assert.That(() => new SubjectReader(options: new SubjectReaderOptions { MaxListElements = 0 }),
            Throws.ArgumentException.With.Message.StartsWith("SubjectReaderOptions.MaxListElements must be at least 1, not 0"));
        Assert.That(SubjectReaderOptions.Default.MaxNodes, Is.EqualTo(1_000_000));
        Assert.That(SubjectReaderOptions.Default.MaxListElements, Is.EqualTo(100_000));
    }
}
