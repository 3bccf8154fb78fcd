using System.Globalization;
using System.Text;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Subjects;

/// <summary>One binder: every reader sets a field through its <see cref="FieldConverter"/>, found by name, and reads a
/// scalar as <see cref="ScalarSyntax"/> does, as the condition compiler reads rule values.</summary>
public class SubjectBinderTests
{
    private static FieldConverter Converter(string kind, string field) =>
        SubjectKindRegistry.Default.Find(kind)!.Model.Find(field)!.Converter;

    private static string[] Describe(IEnumerable<SubjectInput> inputs) =>
        inputs.SelectMany(i => i.Errors.Count == 0 ? ["ok"] : i.Errors.Select(e => $"{e.Path}: {e.Message}")).ToArray();

    [TestCase("tokens", "12x", false, "`tokens` must be a whole number, not `12x`")]
    [TestCase("tokens", "1.5", false, "`tokens` must be a whole number, not `1.5`")]
    [TestCase("tokens", "12", true, "`tokens` must be a whole number, not `12`")]
    [TestCase("mode", "statelss", false, "`statelss` is not a value of `mode`; the values are `stateless`, `stateful`")]
    [TestCase("timestamp", "2026-02-30", true,
        "`timestamp` must be an RFC 3339 timestamp such as `2026-03-01T12:00:00Z` or a date such as `2026-03-01`, not `2026-02-30`")]
    public void Converter_FoundByName_RefusesAsEveryReaderDoes(string field, string text, bool quoted, string message)
    {
        // What a new reader (OpenTelemetry spans, say) does: find the field by name, hand it the text, report the failure.
        var converter = Converter("call", field);
        var failure = converter.SetText(new CallSubject(), text, quoted);
        var value = quoted ? $"\"{text}\"" : text;
        // JSON quotes what is not a number or a boolean, which gives the same errors.
        var json = quoted || !double.TryParse(text, CultureInfo.InvariantCulture, out _) ? $"\"{text}\"" : text;
        var yaml = new SubjectReader().ReadDocument($"kind: call\n{field}: {value}\n", "c.yaml");
        var line = new SubjectReader().ReadJsonLines(new StringReader($"{{\"kind\": \"call\", \"{field}\": {json}}}"), "c.jsonl");

        Assert.Multiple(() =>
        {
            Assert.That(converter.Explain(failure, field, text), Is.EqualTo(message));
            Assert.That(Describe(yaml), Is.EqualTo(new[] { $"{field}: {message}" }), "YAML");
            Assert.That(Describe(line), Is.EqualTo(new[] { $"{field}: {message}" }), "a JSON line");
        });
    }

    [Test]
    public void Converter_FoundByName_SetsTheValueEveryReaderSets()
    {
        var call = new CallSubject();
        Assert.Multiple(() =>
        {
            Assert.That(Converter("call", "tokens").SetText(call, "1840", quoted: false), Is.EqualTo(ConversionFailure.None));
            Assert.That(Converter("call", "mode").SetText(call, "STATEFUL", quoted: true), Is.EqualTo(ConversionFailure.None));
            Assert.That(Converter("call", "timestamp").SetText(call, "2026-03-01", quoted: true), Is.EqualTo(ConversionFailure.None));
            Assert.That(Converter("call", "vendor").SetString(call, "OpenAI"), Is.EqualTo(ConversionFailure.None));
        });

        var read = new SubjectReader().ReadJsonLines(new StringReader(
            """{"kind": "call", "tokens": 1840, "mode": "STATEFUL", "timestamp": "2026-03-01", "vendor": "OpenAI"}"""), "c.jsonl").Single();
        Assert.That(call, Is.EqualTo(read.Subject));
    }

    /// <summary>A registered kind with a field that cannot be set.</summary>
    public sealed record Gauge
    {
        public string? Id { get; init; }

        public bool Computed => true;

        public Dictionary<string, string>? Labels { get; init; }
    }

    [Test]
    public void AFieldThatCannotBeSet_IsAnErrorOnTheSubject_NotAnException()
    {
        var reader = new SubjectReader(SubjectKindRegistry.Default.With<Gauge>("gauge"));
        const string expected = "computed: `computed` cannot be stored";

        Assert.Multiple(() =>
        {
            Assert.That(Describe(reader.ReadDocument("kind: gauge\ncomputed: false\n", "g.yaml")), Is.EqualTo(new[] { expected }));
            Assert.That(Describe(reader.ReadJsonLines(new StringReader("""{"kind": "gauge", "computed": false}"""), "g.jsonl")),
                Is.EqualTo(new[] { expected }));
            Assert.That(Describe(reader.ReadJsonLines(new StringReader("""{"kind": "gauge", "labels": {"a": "b"}}"""), "g.jsonl")),
                Is.EqualTo(new[] { "labels: `labels` cannot be stored" }));
        });
    }

    private static readonly Gen<string> NumberText = Gen.OneOf(
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Int[-1000, 1000].Select(i => $"{i}.0"),
        Gen.Int[-20, 20].Select(i => $"1e{i}"),
        Gen.String[Gen.Char["-+.0123456789eE"], 0, 8]);

    [Test]
    public void ScalarSyntax_AWholeNumberASubjectHolds_IsAWholeNumberARuleComparesWith()
    {
        Gen.Select(NumberText, Gen.Bool).Sample((text, quoted) =>
        {
            if (ScalarSyntax.TryWhole(text, quoted, out var whole))
            {
                Assert.That(ScalarSyntax.TryOperandNumber(text, quoted, whole: true, out var operand), Is.True, text);
                Assert.That(operand, Is.EqualTo((double)whole), text);
            }

            if (ScalarSyntax.TryNumber(text, quoted, out var number))
            {
                Assert.That(ScalarSyntax.TryOperandNumber(text, quoted, whole: false, out var operand), Is.True, text);
                Assert.That(operand, Is.EqualTo(number), text);
            }

            // The JSON-lines reader reads a number token's bytes as the others read its text.
            Assert.That(ScalarSyntax.TryWhole(Encoding.UTF8.GetBytes(text), out var fromBytes), Is.EqualTo(ScalarSyntax.TryWhole(text, false, out var fromText)), text);
            Assert.That(fromBytes, Is.EqualTo(fromText), text);
            Assert.That(ScalarSyntax.TryNumber(Encoding.UTF8.GetBytes(text), out var numberFromBytes), Is.EqualTo(ScalarSyntax.TryNumber(text, false, out var numberFromText)), text);
            Assert.That(numberFromBytes, Is.EqualTo(numberFromText), text);
        }, iter: 5000, threads: 1);
    }

    [Test]
    public void ScalarSyntax_ATimestampFromBytes_IsTheTimestampFromText()
    {
        var text = Gen.OneOf(
            Gen.Select(Gen.Int[0, 3000], Gen.Int[0, 13], Gen.Int[0, 32]).Select((y, m, d) => $"{y:D4}-{m:D2}-{d:D2}"),
            Gen.Select(Gen.Int[1, 3000], Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[0, 25], Gen.String[Gen.Char["Zz+-:0123456789.tT"], 0, 8])
                .Select((y, m, d, h, rest) => $"{y:D4}-{m:D2}-{d:D2}T{h:D2}:00:00{rest}"));
        text.Sample(t =>
        {
            var fromBytes = ScalarSyntax.TryTimestamp(Encoding.UTF8.GetBytes(t), out var a);
            var fromText = ScalarSyntax.TryTimestamp(t, out var b);
            Assert.That((fromBytes, a.Ticks, a.Offset), Is.EqualTo((fromText, b.Ticks, b.Offset)), t);
        }, iter: 5000, threads: 1);
    }

    /// <summary>Standard input's lines as the reader used to split them, a character at a time.</summary>
    private static List<(string? Line, bool TooLong)> ReferenceLines(string content, int max)
    {
        var lines = new List<(string?, bool)>();
        var builder = new StringBuilder();
        var tooLong = false;
        foreach (var c in content)
        {
            if (c == '\n')
            {
                if (builder.Length > 0 && builder[^1] == '\r')
                {
                    builder.Length--;
                }

                lines.Add((tooLong ? null : builder.ToString(), tooLong));
                builder.Clear();
                tooLong = false;
                continue;
            }

            if (tooLong)
            {
                continue;
            }

            builder.Append(c);
            if (builder.Length > max)
            {
                tooLong = true;
                builder.Clear();
            }
        }

        if (builder.Length > 0 || tooLong)
        {
            lines.Add((tooLong ? null : builder.ToString(), tooLong));
        }

        return lines;
    }

    [Test]
    public void TextLineSplitter_SplitsAsTheCharacterReaderDid()
    {
        // Lines around the limit and around the 4,096-character block the splitter reads, with `\r` anywhere.
        var piece = Gen.OneOf(Gen.Const("\n"), Gen.Const("\r\n"), Gen.Const("\r"), Gen.Char['a', 'z'].Array[0, 40].Select(a => new string(a)),
            Gen.Int[4000, 5000].Select(n => new string('x', n)));
        Gen.Select(piece.Array[0, 12], Gen.Int[1, 6000]).Sample((pieces, max) =>
        {
            var content = string.Concat(pieces);
            var splitter = new TextLineSplitter(new StringReader(content), max);
            var actual = new List<(string?, bool)>();
            var number = 0;
            while (splitter.Next(out var line, out var lineNumber, out var tooLong))
            {
                Assert.That(lineNumber, Is.EqualTo(++number));
                actual.Add((tooLong ? null : line.ToString(), tooLong));
            }

            Assert.That(actual, Is.EqualTo(ReferenceLines(content, max)), $"max {max}");
        }, iter: 1000, threads: 1);
    }
}
