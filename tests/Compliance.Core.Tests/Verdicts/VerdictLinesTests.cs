using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Verdicts;

/// <summary><see cref="VerdictJsonWriter.Encode"/> writes its lines without a JSON writer; they must be, byte for byte, what
/// <see cref="VerdictJson.WriteVerdict"/> writes through a compact <see cref="Utf8JsonWriter"/>, and what a plain writer
/// writes field by field (<see cref="Reference"/>: the way verdict lines were written before either kept anything
/// encoded).</summary>
public class VerdictLinesTests
{
    private static readonly string?[] Words =
    [
        "call-17", "call", "inputs/calls.jsonl:4", "OpenAI", "Azure", "AWS", "stateless", "msft-openai/azure-exclusivity",
        "Stateless call to gpt-5 runs on AWS", "Contoso's call", "safety-research", "W-2026-014", "rules/msft-openai.yaml:7",
    ];

    /// <summary>Texts the escaping treats apart: what JSON must escape, what the relaxed encoder escapes and what it lets
    /// through, characters outside the BMP, lone surrogates.</summary>
    private static readonly string?[] Odd =
    [
        null, "", " ", "\"", "\\", "/", "a\nb", "\r\n", "\t", "\b\f", "\0", "\u001f", "\u007f", "\u0080", "\u0085", "\u00A0", "\u00AD",
        "<b>&amp;</b>", "a+b", "`tick`", "'", "é", "ß", "İ", "日本語", "\u0300", "\u2028", "\u2029", "\u202Eevil", "\uFEFF",
        "\uFFFD", "\uFFFE", "\uFFFF", "\uE000", "😀", "a😀b", "\uD800", "\uDC00x", "x\uD83D", "\uDBFF\uDFFF", "The contract's words,\nfolded.\n",
    ];

    private static readonly Gen<string?> Text = Gen.Frequency(
        (5, Gen.OneOf(Words)),
        (3, Gen.OneOf(Odd)),
        (2, Gen.String[Gen.Char, 0, 16].Select(s => (string?)s)),
        (1, Gen.Select(Gen.OneOf(Words), Gen.OneOf(Odd), (a, b) => (string?)(a + b + a))));

    private static readonly Gen<string> Required = Text.Select(t => t ?? "");

    private static readonly Gen<object?> Scalar = Gen.Frequency(
        (4, Text.Select(t => (object?)t)),
        (1, Gen.Const((object?)null)),
        (1, Gen.Bool.Select(b => (object?)b)),
        (2, Gen.Long.Select(n => (object?)n)),
        (1, Gen.Int.Select(n => (object?)n)),
        (1, Gen.Double.Select(n => (object?)n)),
        (1, Gen.OneOf<object?>(double.NaN, double.PositiveInfinity, 0.1, -0.0, 1e300, float.NegativeInfinity, 2.5f)),
        (1, Gen.Select(Gen.Long, Gen.Byte[0, 28], (n, scale) => (object?)new decimal((int)n, (int)(n >> 32), 0, n < 0, scale))),
        (1, Gen.OneOf<object?>(ulong.MaxValue, (short)-7, (byte)200, (sbyte)-1, 7u, (ushort)9, long.MinValue, 'c')));

    private static readonly Gen<object?> Value = Gen.Frequency(
        (6, Scalar),
        (1, Scalar.Array[0, 4].Select(items => (object?)items)),
        (1, Gen.Select(Required, Required).Array[0, 3].Select(pairs => (object?)Map(pairs))),
        (1, Gen.Select(Required, Scalar).Array[0, 3].Select(pairs => (object?)Map(pairs))));

    private static readonly Gen<Fact> AFact = Gen.Select(Gen.Frequency((4, Gen.OneOf("vendor", "cloud", "calls[1].cloud", "tags.purpose")), (1, Required)), Value,
        (path, value) => new Fact(path, value));

    /// <summary>Clauses as the engine makes them: the same strings in every result of a clause, some of them needing
    /// escapes, one with a lone surrogate (it cannot be kept encoded).</summary>
    private static readonly ClauseResult[] Prototypes =
    [
        Prototype("msft-openai/azure-exclusivity", "Stateless API calls run on Azure – \"exclusively\".\n", "2.1", "Route the call through Azure."),
        Prototype("residency/eu", "Data stays in the EU.", null, null),
        Prototype("odd/\uD800", "A title\twith a tab", "§3", "fix </script>"),
    ];

    private static ClauseResult Prototype(string id, string text, string? section, string? remediation) => new()
    {
        Id = id,
        Contract = id[..id.IndexOf('/', StringComparison.Ordinal)],
        Section = section,
        Title = "Title of " + id,
        Text = text,
        Status = ClauseStatus.Satisfied,
        Effect = Effect.Violation,
        Remediation = remediation,
        Source = "rules/" + id + ".yaml:7",
    };

    private static readonly Gen<ClauseStatus> Status = Gen.Enum<ClauseStatus>();

    private static readonly Gen<Effect> AnEffect = Gen.Enum<Effect>();

    /// <summary>A result of a prototype clause (sometimes copied with other words, as a caller's <c>with</c> does), or of
    /// a clause made up on the spot.</summary>
    private static readonly Gen<ClauseResult> Clause =
        from prototype in Gen.Frequency((4, Gen.OneOf(Prototypes)), (1, Gen.Select(Required, Required, Required, Text, (id, text, contract, section) =>
            Prototype("x/y", text, section, section) with { Id = id, Contract = contract })))
        from status in Status
        from effect in AnEffect
        from message in Text
        from facts in AFact.Array[0, 4]
        from exception in Gen.Frequency((4, Gen.Const((string?)null)), (1, Text))
        from waiver in Gen.Frequency((4, Gen.Const((string?)null)), (1, Text))
        from reason in Gen.Frequency((4, Gen.Const((string?)null)), (1, Text))
        from otherWords in Gen.Int[0, 8]
        from word in Required
        from nullable in Text
        select (otherWords switch
        {
            0 => prototype with { Title = word },
            1 => prototype with { Text = word },
            2 => prototype with { Section = nullable },
            3 => prototype with { Remediation = nullable },
            4 => prototype with { Source = word },
            5 => prototype with { Contract = word },
            _ => prototype,
        }) with
        {
            Status = status,
            Effect = effect,
            Message = message,
            Facts = facts,
            Exception = exception,
            Waiver = waiver,
            Reason = reason,
        };

    private static readonly Gen<Verdict> AVerdict =
        from subject in Required
        from kind in Text
        from source in Text
        from day in Gen.Int[0, 3_652_058]
        from outcome in Gen.Enum<Outcome>()
        from clauses in Clause.Array[0, 6]
        from errors in Gen.Select(Text, Required, (path, message) => new SubjectError(path, message)).Array[0, 3]
        select new Verdict
        {
            Subject = subject,
            Kind = kind,
            Source = source,
            AsOf = DateOnly.FromDayNumber(day),
            Outcome = outcome,
            Clauses = clauses,
            Errors = errors,
        };

    [Test]
    public void Encode_RandomVerdicts_WritesWhatTheJsonWriterAndThePlainReferenceWrite()
    {
        Gen.Select(AVerdict.Array[1, 4], Gen.Enum<VerdictDetail>()).Sample((verdicts, detail) =>
        {
            using var lines = new VerdictJsonWriter(detail).Encode(verdicts);

            Assert.That(lines.Count, Is.EqualTo(verdicts.Length));
            AssertSame(lines.Utf8, ThroughJsonWriter(verdicts, detail));
            AssertSame(lines.Utf8, Reference.Lines(verdicts, detail));
        }, iter: 3000);
    }

    [Test]
    public void Encode_EveryCharacterInAText_IsEscapedAsTheJsonWriterEscapesIt()
    {
        // The line writer asks the encoder about a text's UTF-8 bytes, the JSON writer about its UTF-16 characters: the
        // same answer for every character of the BMP, alone and beside others, and for pairs of surrogates.
        var texts = Enumerable.Range(0, 0x10000).Select(c => $"a{(char)c}b").Append("😀").Append("\uDBFF\uDFFF").Append("\uDC00\uD800");
        var verdicts = texts.Select(text => new Verdict
        {
            Subject = text,
            Kind = "call",
            AsOf = new DateOnly(2026, 3, 1),
            Outcome = Outcome.Compliant,
            Clauses = [Prototypes[1] with { Message = text, Facts = [new Fact(text, text)] }],
        }).ToArray();

        using var lines = new VerdictJsonWriter().Encode(verdicts);

        AssertSame(lines.Utf8, ThroughJsonWriter(verdicts, VerdictDetail.Full));
    }

    [TestCase(996)]
    [TestCase(997)]
    public void Encode_AFactNestedDeep_WritesOrFailsAsTheJsonWriterDoes(int depth)
    {
        // A fact value sits four levels down in a verdict; the JSON writer refuses the thousandth level.
        object? value = "bottom";
        for (var i = 0; i < depth; i++)
        {
            value = new[] { value };
        }

        var verdict = new Verdict
        {
            Subject = "deep",
            Kind = "call",
            AsOf = new DateOnly(2026, 3, 1),
            Outcome = Outcome.Compliant,
            Clauses = [Prototypes[0] with { Facts = [new Fact("cloud", "AWS"), new Fact("nested", value)] }],
        };

        var expected = WrittenOrFailure(() => Encoding.UTF8.GetString(ThroughJsonWriter([verdict], VerdictDetail.Full)));
        var encoded = WrittenOrFailure(() =>
        {
            using var lines = new VerdictJsonWriter().Encode([verdict]);
            return Encoding.UTF8.GetString(lines.Utf8);
        });

        Assert.That(encoded, Is.EqualTo(expected));
        Assert.That(expected, depth == 996 ? Does.EndWith("\n") : Does.StartWith(nameof(InvalidOperationException)));
    }

    private static string WrittenOrFailure(Func<string> write)
    {
        try
        {
            return write();
        }
        catch (InvalidOperationException e)
        {
            return $"{nameof(InvalidOperationException)}: {e.Message}";
        }
    }

    private static Dictionary<string, T> Map<T>((string Key, T Value)[] pairs) =>
        pairs.DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static byte[] ThroughJsonWriter(IEnumerable<Verdict> verdicts, VerdictDetail detail)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, VerdictJson.WriterOptions(indented: false));
        foreach (var verdict in verdicts)
        {
            writer.Reset(buffer);
            VerdictJson.WriteVerdict(writer, verdict, detail);
            writer.Flush();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void AssertSame(ReadOnlySpan<byte> written, byte[] expected)
    {
        var actual = written.ToArray();
        Assert.That(actual.AsSpan().SequenceEqual(expected), Is.True, () =>
        {
            var at = actual.AsSpan().CommonPrefixLength(expected);
            var from = Math.Max(0, at - 60);
            return $"first difference at byte {at}:\n  written:  {Show(actual.AsSpan(from, Math.Min(120, actual.Length - from)))}"
                + $"\n  expected: {Show(expected.AsSpan(from, Math.Min(120, expected.Length - from)))}";
        });
    }

    /// <summary>The bytes as text with every byte outside printable ASCII spelled out, so that a failure shows where.</summary>
    private static string Show(ReadOnlySpan<byte> utf8)
    {
        var text = new StringBuilder(utf8.Length);
        foreach (var b in utf8)
        {
            if (b is >= 0x20 and < 0x7F)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"<{b:X2}>");
            }
        }

        return text.ToString();
    }

    /// <summary>Verdict lines written field by field through a plain <see cref="Utf8JsonWriter"/>: every text as a string,
    /// nothing kept encoded.</summary>
    private static class Reference
    {
        public static byte[] Lines(IEnumerable<Verdict> verdicts, VerdictDetail detail)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using var writer = new Utf8JsonWriter(buffer, VerdictJson.WriterOptions(indented: false));
            foreach (var verdict in verdicts)
            {
                writer.Reset(buffer);
                Write(writer, verdict, detail);
                writer.Flush();
                buffer.Write("\n"u8);
            }

            return buffer.WrittenSpan.ToArray();
        }

        private static void Write(Utf8JsonWriter writer, Verdict verdict, VerdictDetail detail)
        {
            writer.WriteStartObject();
            writer.WriteString("subject", verdict.Subject);
            writer.WriteString("kind", verdict.Kind);
            writer.WriteString("source", verdict.Source);
            writer.WriteString("asOf", verdict.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString("outcome", VerdictNames.Name(verdict.Outcome));
            writer.WriteStartArray("clauses");
            foreach (var clause in verdict.Clauses)
            {
                if (detail == VerdictDetail.Full || clause.Status is ClauseStatus.Violated or ClauseStatus.Error)
                {
                    WriteClause(writer, clause);
                }
            }

            writer.WriteEndArray();
            writer.WriteStartArray("errors");
            foreach (var error in verdict.Errors)
            {
                writer.WriteStartObject();
                writer.WriteString("path", error.Path);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static void WriteClause(Utf8JsonWriter writer, ClauseResult clause)
        {
            writer.WriteStartObject();
            writer.WriteString("id", clause.Id);
            writer.WriteString("contract", clause.Contract);
            writer.WriteString("section", clause.Section);
            writer.WriteString("title", clause.Title);
            writer.WriteString("text", clause.Text);
            writer.WriteString("status", VerdictNames.Name(clause.Status));
            writer.WriteString("effect", VerdictNames.Name(clause.Effect));
            writer.WriteString("message", clause.Message);
            writer.WriteString("remediation", clause.Remediation);
            writer.WriteStartObject("facts");
            foreach (var fact in clause.Facts)
            {
                writer.WritePropertyName(fact.Path);
                WriteValue(writer, fact.Value);
            }

            writer.WriteEndObject();
            writer.WriteString("exception", clause.Exception);
            writer.WriteString("waiver", clause.Waiver);
            writer.WriteString("source", clause.Source);
            if (clause.Reason is not null)
            {
                writer.WriteString("reason", clause.Reason);
            }

            writer.WriteEndObject();
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case double number when double.IsFinite(number):
                    writer.WriteNumberValue(number);
                    break;
                case float number when float.IsFinite(number):
                    writer.WriteNumberValue(number);
                    break;
                case double or float:
                    writer.WriteStringValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                    break;
                case decimal number:
                    writer.WriteNumberValue(number);
                    break;
                case long number:
                    writer.WriteNumberValue(number);
                    break;
                case ulong number:
                    writer.WriteNumberValue(number);
                    break;
                case int or short or byte or uint or ushort or sbyte:
                    writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case IDictionary map:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in map)
                    {
                        writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        WriteValue(writer, entry.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case IEnumerable list:
                    writer.WriteStartArray();
                    foreach (var item in list)
                    {
                        WriteValue(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
