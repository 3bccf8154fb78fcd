using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Subjects;

/// <summary>JSON lines are read from bytes straight into typed subjects; whatever that fast path takes, it must read exactly
/// as the general reader (document, node tree, binder) does, and whatever it declines, the general reader explains.</summary>
public class JsonLinesFastPathTests
{
    private static readonly string[] Valid =
    [
        """{"kind": "call", "id": "c1", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure", "region": "eastus", "tokens": 1840, "timestamp": "2026-03-01T12:00:00Z", "tags": {"purpose": "research"}}""",
        """{"id": "c2", "kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "STATEFUL", "cloud": "AWS", "timestamp": "2026-03-01"}""",
        """{"kind": "deployment", "id": "d1", "product": "Frontier", "vendor": "OpenAI", "runtime": "stateful", "hostCloud": "AWS", "distributor": "AWS", "soldAsApi": false, "partners": ["Microsoft", "Amazon"], "capacityMw": 1500.5, "timestamp": "2026-03-01", "calls": [{"id": "x", "vendor": "OpenAI", "model": "m", "mode": "stateless", "cloud": "GCP"}]}""",
        """{"kind":"call","vendor":"Anthropic","model":"claude","mode":"stateless","cloud":"AWS","customer":"contoso","endpoint":"https://x.example/v1"}""",
    ];

    /// <summary>Edits that make a valid line unusual, wrong or malformed, each one of the cases the fast path must get right.</summary>
    private static readonly Func<string, string>[] Edits =
    [
        line => line,
        line => line.Replace("\"vendor\"", "\"vendr\"", StringComparison.Ordinal),
        line => line.Replace("\"vendor\"", "\"v\\u0065ndor\"", StringComparison.Ordinal),
        line => line.Replace("\"tokens\": 1840", "\"tokens\": \"1840\"", StringComparison.Ordinal),
        line => line.Replace("\"tokens\": 1840", "\"tokens\": 1.5", StringComparison.Ordinal),
        line => line.Replace("\"tokens\": 1840", "\"tokens\": 1e3", StringComparison.Ordinal),
        line => line.Replace("\"tokens\": 1840", "\"tokens\": -0", StringComparison.Ordinal),
        line => line.Replace("\"tokens\": 1840", "\"tokens\": 9223372036854775808", StringComparison.Ordinal),
        line => line.Replace("\"tokens\": 1840", "\"tokens\": -5", StringComparison.Ordinal),
        line => line.Replace("\"mode\": \"stateless\"", "\"mode\": 1", StringComparison.Ordinal),
        line => line.Replace("\"mode\": \"stateless\"", "\"mode\": \"statelss\"", StringComparison.Ordinal),
        line => line.Replace("\"mode\": \"stateless\"", "\"mode\": null", StringComparison.Ordinal),
        line => line.Replace("\"vendor\": \"OpenAI\"", "\"vendor\": 5", StringComparison.Ordinal),
        line => line.Replace("\"vendor\": \"OpenAI\"", "\"vendor\": \"Open\\u00c4I \\ud83d\\ude00\"", StringComparison.Ordinal),
        line => line.Replace("\"vendor\": \"OpenAI\"", "\"vendor\": \"OpenAI\", \"vendor\": \"Other\"", StringComparison.Ordinal),
        line => line.Replace("\"id\": \"c1\"", "\"id\": 17", StringComparison.Ordinal),
        line => line.Replace("\"id\": \"c1\"", "\"id\": null", StringComparison.Ordinal),
        line => line.Replace("\"kind\": \"call\"", "\"kind\": \"Call\"", StringComparison.Ordinal),
        line => line.Replace("\"kind\": \"call\", ", "", StringComparison.Ordinal),
        line => line.Replace("\"kind\": \"call\"", "\"kind\": \"call\", \"kind\": \"call\"", StringComparison.Ordinal),
        line => line.Replace("\"kind\": \"call\"", "\"kind\": null", StringComparison.Ordinal),
        line => line.Replace("2026-03-01T12:00:00Z", "2026-03-01T12:00:00.123+02:00", StringComparison.Ordinal),
        line => line.Replace("2026-03-01T12:00:00Z", "2026-03-01t12:00:00z", StringComparison.Ordinal),
        line => line.Replace("2026-03-01T12:00:00Z", "2026-02-30T12:00:00Z", StringComparison.Ordinal),
        line => line.Replace("2026-03-01T12:00:00Z", "2026-03-01T24:00:00Z", StringComparison.Ordinal),
        line => line.Replace("2026-03-01T12:00:00Z", "2026-03-01 12:00:00", StringComparison.Ordinal),
        line => line.Replace("\"timestamp\": \"2026-03-01\"", "\"timestamp\": \"0000-01-01\"", StringComparison.Ordinal),
        line => line.Replace("\"timestamp\": \"2026-03-01\"", "\"timestamp\": 20260301", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "{\"purpose\": null, \"team\": \"a\"}", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "{\"purpose\": 1}", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "[]", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "{\"a\": \"1\", \"a\": \"2\"}", StringComparison.Ordinal),
        line => line.Replace("[\"Microsoft\", \"Amazon\"]", "[\"Microsoft\", null]", StringComparison.Ordinal),
        line => line.Replace("[\"Microsoft\", \"Amazon\"]", "[\"Microsoft\", 3]", StringComparison.Ordinal),
        line => line.Replace("[\"Microsoft\", \"Amazon\"]", "\"Microsoft\"", StringComparison.Ordinal),
        line => line.Replace("[\"Microsoft\", \"Amazon\"]", "[]", StringComparison.Ordinal),
        line => line.Replace("\"soldAsApi\": false", "\"soldAsApi\": \"false\"", StringComparison.Ordinal),
        line => line.Replace("\"capacityMw\": 1500.5", "\"capacityMw\": 1e400", StringComparison.Ordinal),
        line => line.Replace("\"capacityMw\": 1500.5", "\"capacityMw\": -0.0", StringComparison.Ordinal),
        line => line.Replace("\"capacityMw\": 1500.5", "\"capacityMw\": -1", StringComparison.Ordinal),
        line => line.Replace("\"calls\": [{\"id\"", "\"calls\": [{\"kind\": \"call\", \"id\"", StringComparison.Ordinal),
        line => line.Replace("\"calls\": [{", "\"calls\": [null, {", StringComparison.Ordinal),
        line => line.Replace("\"calls\": [{", "\"calls\": [7, {", StringComparison.Ordinal),
        line => line.Replace("\"mode\": \"stateless\", \"cloud\": \"GCP\"", "\"cloud\": \"GCP\"", StringComparison.Ordinal),
        line => line[..(line.Length / 2)],
        line => line + " x",
        line => line + "   ",
        line => "[" + line + "]",
        line => "\"" + line.Length + "\"",
        line => "  ",
        line => "",
        line => new string('[', 70) + new string(']', 70),
        line => line.Replace("{", "{\"extra\": {\"a\": {\"b\": 1}}, ", StringComparison.Ordinal),

        // What the security rules refuse, wherever in the line it is: a lone surrogate escape (text that is not valid
        // UTF-16), a repeated key at any level (also when spelt with an escape), nesting deeper than the limit.
        line => line.Replace("\"vendor\": \"OpenAI\"", "\"vendor\": \"Open\\uD800AI\"", StringComparison.Ordinal),
        line => line.Replace("\"vendor\": \"OpenAI\"", "\"vendor\": \"OpenAI\\uDC00\"", StringComparison.Ordinal),
        line => line.Replace("\"vendor\"", "\"v\\uD800endor\"", StringComparison.Ordinal),
        line => line.Replace("\"id\": \"c1\"", "\"id\": \"c\\uD83D\"", StringComparison.Ordinal),
        line => line.Replace("\"mode\": \"stateless\"", "\"mode\": \"stateless\\uD800\"", StringComparison.Ordinal),
        line => line.Replace("\"kind\": \"call\"", "\"kind\": \"call\\uD800\"", StringComparison.Ordinal),
        line => line.Replace("2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z\\uDFFF", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "{\"purpose\": \"re\\uD800\"}", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "{\"p\\uDC00\": \"research\"}", StringComparison.Ordinal),
        line => line.Replace("[\"Microsoft\", \"Amazon\"]", "[\"Micro\\uD800soft\", \"Amazon\"]", StringComparison.Ordinal),
        line => line.Replace("\"cloud\": \"GCP\"", "\"cloud\": \"G\\uD800CP\"", StringComparison.Ordinal),
        line => line.Replace("\"vendor\": \"OpenAI\"", "\"vendor\": \"OpenAI\", \"v\\u0065ndor\": \"OpenAI\"", StringComparison.Ordinal),
        line => line.Replace("\"kind\": \"call\"", "\"kind\": \"call\", \"\\u006bind\": \"call\"", StringComparison.Ordinal),
        line => line.Replace("\"kind\": \"call\"", "\"kind\": \"call\", \"kind\": \"deployment\"", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "{\"purpose\": \"research\", \"purpose\": \"audit\"}", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "{\"purpose\": null, \"purpose\": \"audit\"}", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", "{\"purpose\": \"research\", \"purpose\": null}", StringComparison.Ordinal),
        line => line.Replace("\"cloud\": \"GCP\"", "\"cloud\": \"GCP\", \"cloud\": \"Azure\"", StringComparison.Ordinal),
        line => line.Replace("{\"purpose\": \"research\"}", new string('[', 70) + new string(']', 70), StringComparison.Ordinal),
        line => line.Replace("\"calls\": [{", "\"calls\": [" + string.Concat(Enumerable.Repeat("{\"a\": ", 70)) + "1" + new string('}', 70) + ", {", StringComparison.Ordinal),
    ];

    private static string Describe(SubjectInput? input) => input is null ? "(none)" : JsonSerializer.Serialize(new
    {
        input.Kind,
        input.Id,
        input.Source,
        Errors = input.Errors.Select(e => $"{e.Path}: {e.Message}").ToArray(),
        Subject = input.Subject is null ? null : JsonSerializer.Serialize(input.Subject, input.Subject.GetType(), Exact),
    });

    private static readonly JsonSerializerOptions Exact = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The general reader's reading of a line, as the text reader would give it.</summary>
    private static SubjectInput? General(SubjectReader reader, string line, int number) =>
        string.IsNullOrWhiteSpace(line) ? null : reader.ParseJsonLine(Encoding.UTF8.GetBytes(line), "logs/a.jsonl", number);

    [Test]
    public void ParseLine_EditedLines_ReadsEachAsTheGeneralReaderDoes()
    {
        var reader = new SubjectReader();
        var fast = 0;
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[0, Edits.Length - 1], Gen.Int[0, Edits.Length - 1]).Sample((v, e1, e2) =>
        {
            var line = Edits[e2](Edits[e1](Valid[v]));
            var bytes = Encoding.UTF8.GetBytes(line);
            var actual = reader.ParseLine(bytes, "logs/a.jsonl", 7, tooLong: false);
            Assert.That(Describe(actual), Is.EqualTo(Describe(General(reader, line, 7))), line);
            if (actual is { Errors.Count: 0 })
            {
                Interlocked.Increment(ref fast);
            }
        }, iter: 3000, threads: 1);

        Assert.That(fast, Is.GreaterThan(100), "some edited lines are still valid subjects");
    }

    /// <summary>A deployment whose lists (four partners, three calls) are longer than the limits below.</summary>
    private const string LongLists = """{"kind": "deployment", "id": "d2", "product": "Frontier", "vendor": "OpenAI", "runtime": "stateful", "hostCloud": "AWS", "partners": ["Microsoft", "Amazon", "SoftBank", "NVIDIA"], "calls": [{"vendor": "OpenAI", "model": "m", "mode": "stateless", "cloud": "GCP"}, {"vendor": "OpenAI", "model": "m", "mode": "stateful", "cloud": "AWS"}, {"vendor": "OpenAI", "model": "m", "mode": "stateless", "cloud": "Azure"}]}""";

    [Test]
    public void ParseLine_EditedLines_UnderNodeAndListLimits_ReadsEachAsTheGeneralReaderDoes()
    {
        // The valid lines hold from 7 to 28 values and lists of up to four elements: limits around them make the fast path
        // decline mid-line, at the last value or element, or not at all, and the general reader must say the same.
        var readers = (from nodes in Enumerable.Range(1, 30)
                       from elements in Enumerable.Range(1, 5)
                       select (Limits: $"{nodes} values, {elements} elements",
                           Reader: new SubjectReader(options: new SubjectReaderOptions { MaxNodes = nodes, MaxListElements = elements }))).ToArray();
        string[] valid = [.. Valid, LongLists];
        var tooMany = 0;
        var tooLong = 0;
        var read = 0;
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, Edits.Length - 1], Gen.Int[0, readers.Length - 1]).Sample((v, e, n) =>
        {
            var line = Edits[e](valid[v]);
            var (limits, reader) = readers[n];
            var actual = reader.ParseLine(Encoding.UTF8.GetBytes(line), "logs/a.jsonl", 7, tooLong: false);
            Assert.That(Describe(actual), Is.EqualTo(Describe(General(reader, line, 7))), $"{line} ({limits})");
            if (actual is { Errors: [{ Message: var message }] } && message.StartsWith("the subject holds more than the limit", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref tooMany);
            }
            else if (actual is { Errors: [{ Message: var list }] } && list.StartsWith("a list in the subject holds more than the limit", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref tooLong);
            }
            else if (actual is { Errors.Count: 0 })
            {
                Interlocked.Increment(ref read);
            }
        }, iter: 4000, threads: 1);

        Assert.That(tooMany, Is.GreaterThan(100), "some lines pass the value limit");
        Assert.That(tooLong, Is.GreaterThan(50), "some lines pass the list limit");
        Assert.That(read, Is.GreaterThan(50), "some lines are within both");
    }

    [Test]
    public void ParseLine_EachEditAlone_ReadsAsTheGeneralReaderDoes()
    {
        var reader = new SubjectReader();
        foreach (var valid in Valid)
        {
            foreach (var edit in Edits)
            {
                var line = edit(valid);
                var actual = reader.ParseLine(Encoding.UTF8.GetBytes(line), "logs/a.jsonl", 7, tooLong: false);
                Assert.That(Describe(actual), Is.EqualTo(Describe(General(reader, line, 7))), line);
            }
        }
    }

    [Test]
    public void ReadPath_HostileJsonLinesFile_GivesOneUnreadableInputPerHostileLine_AsTheTextReaderDoes()
    {
        const string good = """{"kind": "call", "id": "good", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""";
        var lines = new[]
        {
            good,
            "{\"kind\": \"call\", \"model\": \"" + new string('m', 2 * 1024 * 1024) + "\"}",
            """{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure", "tags": """
                + string.Concat(Enumerable.Repeat("{\"a\": ", 100_000)) + "1" + new string('}', 100_000) + "}",
            """{"kind": "call", "id": "x\uD800", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""",
            """{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "AWS", "cloud": "Azure"}""",
            """{"kind": "call", "kind": "deployment", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure"}""",
            """{"kind": "call", "vendor": "OpenAI", "model": "gpt-5", "mode": "stateless", "cloud": "Azure", "tags": {"team": "a", "team": "b"}}""",
            good,
        };
        var content = string.Join("\n", lines) + "\n";
        var file = Path.Combine(Path.GetTempPath(), $"fast-path-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(file, content);
        try
        {
            var reader = new SubjectReader();
            var name = RuleSetLoader.Normalize(file);
            string Summary(SubjectInput i) => $"{i.Source![(name.Length + 1)..]} {(i.Errors.Count == 0 ? "ok" : i.Errors.Single().Message)}";

            var fromFile = reader.ReadPath(file).Select(Summary).ToArray();
            var fromBatches = reader.ReadBatches(file).SelectMany(b => b.Read()).Select(Summary).ToArray();
            var fromText = reader.ReadJsonLines(new StringReader(content), name).Select(Summary).ToArray();

            Assert.Multiple(() =>
            {
                Assert.That(fromFile, Is.EqualTo(fromText));
                Assert.That(fromBatches, Is.EqualTo(fromText));
                Assert.That(fromFile[..2], Is.EqualTo(new[] { "1 ok", "2 the line is longer than the limit of 1048576 characters" }));
                Assert.That(fromFile[2], Does.StartWith("3 malformed JSON at column ").And.EndWith(": the maximum configured depth of 64 has been exceeded"));
                Assert.That(fromFile[3], Is.EqualTo("4 malformed JSON: cannot read incomplete UTF-16 JSON text as string with missing low surrogate"));
                Assert.That(fromFile[4], Does.StartWith("5 malformed JSON").And.Contain("duplicate property 'cloud'"));
                Assert.That(fromFile[5], Does.StartWith("6 malformed JSON").And.Contain("duplicate property 'kind'"));
                Assert.That(fromFile[6], Does.StartWith("7 malformed JSON").And.Contain("duplicate property 'team'"));
                Assert.That(fromFile[7], Is.EqualTo("8 ok"));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void ReadBatches_FolderWithLinksLeadingOut_RefusesThemAsReadPathDoes()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("needs symbolic links and /dev/zero");
        }

        var folder = Directory.CreateTempSubdirectory("compliance-fast-path-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(folder.FullName, "a.jsonl"), "/dev/zero");
            Directory.CreateSymbolicLink(Path.Combine(folder.FullName, "b"), "/etc");
            File.WriteAllText(Path.Combine(folder.FullName, "c.jsonl"), Valid[0] + "\n");
            var reader = new SubjectReader();
            string Summary(SubjectInput i) =>
                $"{i.Source!.Replace(folder.FullName, "~", StringComparison.Ordinal)} {string.Join("; ", i.Errors.Select(e => e.Message))}";

            var fromBatches = reader.ReadBatches(folder.FullName).SelectMany(b => b.Read()).Select(Summary).ToArray();

            Assert.That(fromBatches, Is.EqualTo(reader.ReadPath(folder.FullName).Select(Summary).ToArray()));
            Assert.That(fromBatches, Is.EqualTo(new[]
            {
                "~/a.jsonl:1 the file is a link to `/dev/zero`, outside the folder; links are followed only inside it",
                "~/b:1 the folder is a link to `/etc`; links to folders are not followed (name the target on the command line)",
                "~/c.jsonl:1 ",
            }));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A registered kind with the field types the built-in kinds do not have.</summary>
    public sealed record Audit
    {
        public string? Id { get; init; }

        public int Count { get; init; }

        public short? Small { get; init; }

        public ulong? Big { get; init; }

        public decimal? Cost { get; init; }

        public float Ratio { get; init; }

        public DateTime? Seen { get; init; }

        public DateOnly? Day { get; init; }

        public IReadOnlyList<Compliance.Subjects.RuntimeMode> Modes { get; init; } = [];

        public IReadOnlyList<int> Scores { get; init; } = [];

        public Owner? Owner { get; init; }

        public List<string> Notes { get; init; } = [];
    }

    public sealed record Owner
    {
        public string? Name { get; init; }

        public Compliance.Subjects.RuntimeMode? Mode { get; init; }
    }

    private const string AuditLine =
        """{"kind": "audit", "id": "a1", "count": 3, "small": -2, "big": 18446744073709551615, "cost": 12.5, "ratio": 0.25, "seen": "2026-03-01T12:00:00Z", "day": "2026-03-01", "modes": ["stateless", "STATEFUL"], "scores": [1, 2], "owner": {"name": "n", "mode": "stateful"}, "notes": ["x"]}""";

    private static readonly Func<string, string>[] AuditEdits =
    [
        line => line,
        line => line.Replace("\"count\": 3", "\"count\": 3000000000", StringComparison.Ordinal),
        line => line.Replace("\"count\": 3", "\"count\": null", StringComparison.Ordinal),
        line => line.Replace("\"small\": -2", "\"small\": 70000", StringComparison.Ordinal),
        line => line.Replace("18446744073709551615", "-1", StringComparison.Ordinal),
        line => line.Replace("18446744073709551615", "42", StringComparison.Ordinal),
        line => line.Replace("\"cost\": 12.5", "\"cost\": 1e300", StringComparison.Ordinal),
        line => line.Replace("\"ratio\": 0.25", "\"ratio\": 1e300", StringComparison.Ordinal),
        line => line.Replace("2026-03-01T12:00:00Z", "2026-03-01T12:00:00+05:00", StringComparison.Ordinal),
        line => line.Replace("\"day\": \"2026-03-01\"", "\"day\": \"2026-03-01T23:30:00-02:00\"", StringComparison.Ordinal),
        line => line.Replace("[\"stateless\", \"STATEFUL\"]", "[\"nope\"]", StringComparison.Ordinal),
        line => line.Replace("[1, 2]", "[1, \"2\"]", StringComparison.Ordinal),
        line => line.Replace("{\"name\": \"n\", \"mode\": \"stateful\"}", "null", StringComparison.Ordinal),
        line => line.Replace("{\"name\": \"n\", \"mode\": \"stateful\"}", "{\"nome\": \"n\"}", StringComparison.Ordinal),
        line => line.Replace("[\"x\"]", "[]", StringComparison.Ordinal),
    ];

    [Test]
    public void ParseLine_CustomKind_ReadsEachEditedLineAsTheGeneralReaderDoes()
    {
        var reader = new SubjectReader(Compliance.Subjects.SubjectKindRegistry.Default.With<Audit>("audit"));
        Gen.Select(Gen.Int[0, AuditEdits.Length - 1], Gen.Int[0, AuditEdits.Length - 1]).Sample((e1, e2) =>
        {
            var line = AuditEdits[e2](AuditEdits[e1](AuditLine));
            var actual = reader.ParseLine(Encoding.UTF8.GetBytes(line), "logs/a.jsonl", 3, tooLong: false);
            Assert.That(Describe(actual), Is.EqualTo(Describe(General(reader, line, 3))), line);
        }, iter: 500, threads: 1);
    }

    [Test]
    public void ParseLine_InvalidUtf8_IsIndeterminateAtItsColumn_NeverReadWithReplacementCharacters()
    {
        var reader = new SubjectReader();
        var bytes = Encoding.UTF8.GetBytes(Valid[0]).ToList();
        var at = bytes.IndexOf((byte)'O');
        bytes.InsertRange(at, [0xC3, 0x28, 0xFF]);

        var actual = reader.ParseLine(bytes.ToArray(), "logs/a.jsonl", 1, tooLong: false)!;

        Assert.That(actual.Subject, Is.Null);
        Assert.That(actual.Errors.Select(e => $"{actual.Source} {e.Message}"),
            Is.EqualTo(new[] { $"logs/a.jsonl:1 the line is not valid UTF-8 text at column {at + 1} (byte `0xC3`)" }));
    }

    [Test]
    public void QuickTimestamp_AgreesWithTheTimestampRules()
    {
        var digits = Gen.Int[0, 9].Select(d => (char)('0' + d));
        Gen.Select(Gen.Int[0, 3000], Gen.Int[0, 14], Gen.Int[0, 32], Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[0, 61], Gen.Bool)
            .Sample((year, month, day, hour, minute, second, dateOnly) =>
            {
                var text = dateOnly
                    ? $"{year:D4}-{month:D2}-{day:D2}"
                    : $"{year:D4}-{month:D2}-{day:D2}T{hour:D2}:{minute:D2}:{second:D2}Z";
                var quick = Compliance.Subjects.ScalarSyntax.TryQuickTimestamp(Encoding.UTF8.GetBytes(text), out var fast);
                var general = Compliance.Subjects.Dates.TryParseSubjectTimestamp(text, out var expected);
                if (quick)
                {
                    Assert.That((general, fast.Ticks, fast.Offset), Is.EqualTo((true, expected.Ticks, expected.Offset)), text);
                }
                else if (general)
                {
                    // Declined: the general parser then decides, which is fine, but the common shapes must not be declined.
                    Assert.That(year is 0 || hour > 23 || minute > 59 || second > 59, Is.True, $"declined a valid timestamp: {text}");
                }
            }, iter: 5000, threads: 1);
    }

    [Test]
    public void ReadPath_JsonLinesFile_ReadsWhatTheTextReaderReads()
    {
        // CRLF and LF line ends, blank and whitespace lines, a byte order mark, a last line without a line end, a line over
        // the limit (in characters, with multi-byte ones), malformed lines.
        var options = new SubjectReaderOptions { MaxLineLength = 600 };
        var lines = new[]
        {
            Valid[0], "", "   ", Valid[1], Valid[2][..40], Valid[3].Replace("Anthropic", new string('é', 300), StringComparison.Ordinal),
            Valid[3].Replace("Anthropic", new string('é', 700), StringComparison.Ordinal), "\t", Valid[0] + new string(' ', 700), Valid[2],
        };
        foreach (var (ending, bom, last) in new[] { ("\n", false, "\n"), ("\r\n", true, ""), ("\n", true, "\r\n"), ("\r\n", false, "\r") })
        {
            var content = string.Join(ending, lines) + last;
            var file = Path.Combine(Path.GetTempPath(), $"fast-path-{Guid.NewGuid():N}.jsonl");
            File.WriteAllBytes(file, [.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(content)]);
            try
            {
                var reader = new SubjectReader(options: options);
                var fromFile = reader.ReadPath(file).Select(Describe).ToArray();
                var fromBatches = reader.ReadBatches(file).SelectMany(b => b.Read()).Select(Describe).ToArray();
                var fromText = reader.ReadJsonLines(new StringReader(content), RuleSetLoader.Normalize(file)).Select(Describe).ToArray();

                Assert.Multiple(() =>
                {
                    Assert.That(fromFile, Is.EqualTo(fromText), $"ending {ending.Replace("\r", "\\r").Replace("\n", "\\n")}, bom {bom}");
                    Assert.That(fromBatches, Is.EqualTo(fromText));
                    Assert.That(fromText.Count(d => d.Contains("longer than the limit", StringComparison.Ordinal)), Is.EqualTo(2));
                });
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    [Test]
    public void ReadPath_Utf16File_IsDecodedAsBefore()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fast-path-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(file, Valid[0] + "\n" + Valid[1] + "\n", Encoding.Unicode);
        try
        {
            var inputs = new SubjectReader().ReadPath(file).ToArray();

            Assert.That(inputs.Select(i => (i.Id, i.Errors.Count)), Is.EqualTo(new[] { ("c1", 0), ("c2", 0) }));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
