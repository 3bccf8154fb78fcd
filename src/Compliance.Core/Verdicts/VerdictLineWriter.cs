using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Compliance.Model;

namespace Compliance.Verdicts;

/// <summary>Writes verdicts as JSON lines straight into a byte buffer: the bytes <see cref="VerdictJsonWriter.Write"/>
/// gives through a compact <see cref="Utf8JsonWriter"/> with <see cref="VerdictJsonWriter.Options"/>, then <c>\n</c>.
/// One per thread, reused from call to call (<see cref="Take"/>, <see cref="Give"/>).</summary>
/// <remarks>Most of a verdict line is the same from subject to subject: the property names, the enum spellings and, per
/// clause, the clause's own words (<see cref="ClauseTexts"/>, copied as runs of bytes). The JSON writer checks its
/// state and writes a separator for every token; here a line is a few copies and, for the texts that change (subject,
/// source, message, facts), the writer's own test. Such a text is copied as its UTF-8 bytes in quotes when the writer's
/// encoder finds nothing in it to escape, which is when the writer itself writes it so; anything else (a text with a
/// quote, a line break or a lone surrogate, a text too long, a fact value other than text, a boolean, a whole number or
/// nothing) is handed to a <see cref="Utf8JsonWriter"/> with the same options, and its bytes copied: escaping, number
/// formatting and errors stay the writer's.</remarks>
internal sealed class VerdictLineWriter
{
    [ThreadStatic]
    private static VerdictLineWriter? _cached;

    /// <summary>The encoder of <see cref="VerdictJsonWriter.Options"/>, whose test for characters to escape decides
    /// whether a text can be copied as it is.</summary>
    private static readonly JavaScriptEncoder Encoder = VerdictJsonWriter.Options(indented: false).Encoder!;

    /// <summary>The longest text copied without the JSON writer (longer ones are rare, and the writer has a limit of its own
    /// to enforce).</summary>
    private const int PlainLimit = 1 << 20;

    /// <summary>The ASCII characters the encoder writes as they are: a text of only these is copied without asking the
    /// encoder (each character's answer is its own, so asking once for each is asking for any text of them).</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        Enumerable.Range(0, 128).Where(c => Encoder.FindFirstCharacterToEncodeUtf8([(byte)c]) < 0).Select(c => (char)c).ToArray());

    private static readonly int Statuses = Enum.GetValues<ClauseStatus>().Length;

    private static readonly int Effects = Enum.GetValues<Effect>().Length;

    /// <summary>For each status and effect, <c>"violated","effect":"violation","message":</c> and so on: what lies
    /// between a clause's text and its message.</summary>
    private static readonly byte[][] StatusRuns = Enum.GetValues<ClauseStatus>()
        .SelectMany(status => Enum.GetValues<Effect>().Select(effect => (byte[])
            [(byte)'"', .. VerdictJsonWriter.Names.StatusValue(status).EncodedUtf8Bytes, .. "\",\"effect\":\""u8,
             .. VerdictJsonWriter.Names.EffectValue(effect).EncodedUtf8Bytes, .. "\",\"message\":"u8]))
        .ToArray();

    /// <summary>The most a thread keeps rented between calls, and the most it rents for a batch before writing.</summary>
    private const int KeptLimit = 1 << 22;

    /// <summary>The buffer being written, rented from the shared pool and handed over whole to the lines it becomes
    /// (<see cref="Lines"/>): a batch's bytes are written once, not copied again.</summary>
    private byte[] _bytes = [];

    private int _length;

    /// <summary>How long the last batch's lines were: the next buffer is rented a little longer, so it rarely grows.</summary>
    private int _lastLength = 1 << 16;

    /// <summary>Where the JSON writer writes what is handed to it.</summary>
    private readonly ArrayBufferWriter<byte> _scratch = new(256);

    private readonly Utf8JsonWriter _json;

    private VerdictLineWriter()
    {
        _json = new Utf8JsonWriter(_scratch, VerdictJsonWriter.Options(indented: false));
    }

    /// <summary>This thread's writer, emptied.</summary>
    public static VerdictLineWriter Take()
    {
        var writer = _cached ?? new VerdictLineWriter();
        _cached = null;
        writer._length = 0;
        if (writer._bytes.Length == 0)
        {
            writer._bytes = ArrayPool<byte>.Shared.Rent(Math.Clamp(writer._lastLength + writer._lastLength / 8, 1 << 12, KeptLimit));
        }

        return writer;
    }

    /// <summary>Keeps the writer for the thread's next call; a buffer it still holds (the call failed) goes back to the
    /// pool if one batch made it very large.</summary>
    public static void Give(VerdictLineWriter writer)
    {
        if (writer._bytes.Length > KeptLimit)
        {
            ArrayPool<byte>.Shared.Return(writer._bytes);
            writer._bytes = [];
        }

        _cached = writer;
    }

    /// <summary>The <paramref name="count"/> lines written since <see cref="Take"/>, in the buffer they were written in.</summary>
    public VerdictLines Lines(int count)
    {
        var lines = VerdictLines.Own(_bytes, _length, count);
        _lastLength = _length;
        _bytes = [];
        return lines;
    }

    /// <summary>Writes one verdict as a compact JSON object and a line break.</summary>
    public void WriteLine(Verdict verdict, VerdictDetail detail)
    {
        Raw("{\"subject\":"u8);
        String(verdict.Subject);
        Raw(",\"kind\":"u8);
        String(verdict.Kind);
        Raw(",\"source\":"u8);
        String(verdict.Source);
        Raw(",\"asOf\":\""u8);
        _length += VerdictJsonWriter.IsoDate(verdict.AsOf, Room(10)).Length;
        Raw("\",\"outcome\":"u8);
        Encoded(VerdictJsonWriter.Names.OutcomeValue(verdict.Outcome));
        Raw(",\"clauses\":["u8);
        var first = true;
        foreach (var clause in verdict.ClauseSpan)
        {
            if (detail == VerdictDetail.Full || VerdictJsonWriter.IsFailing(clause.Status))
            {
                if (!first)
                {
                    Raw(","u8);
                }

                first = false;
                Clause(clause);
            }
        }

        Raw("],\"errors\":["u8);
        var errors = verdict.ErrorSpan;
        for (var i = 0; i < errors.Length; i++)
        {
            var error = errors[i];
            Raw(i == 0 ? "{\"path\":"u8 : ",{\"path\":"u8);
            String(error.Path);
            Raw(",\"message\":"u8);
            String(error.Message);
            Raw("}"u8);
        }

        Raw("]}\n"u8);
    }

    private void Clause(ClauseResult clause)
    {
        var texts = ClauseTexts.Of(clause);
        if (texts is not null)
        {
            Raw(texts.Head);
        }
        else
        {
            Raw("{\"id\":"u8);
            String(clause.Id);
            Raw(",\"contract\":"u8);
            String(clause.Contract);
            Raw(",\"section\":"u8);
            String(clause.Section);
            Raw(",\"title\":"u8);
            String(clause.Title);
            Raw(",\"text\":"u8);
            String(clause.Text);
            Raw(",\"status\":"u8);
        }

        StatusEffectMessage(clause.Status, clause.Effect);
        String(clause.Message);
        if (texts is not null)
        {
            Raw(texts.RemediationAndFacts);
        }
        else
        {
            Raw(",\"remediation\":"u8);
            String(clause.Remediation);
            Raw(",\"facts\":{"u8);
        }

        Facts(clause.FactSpan);
        if (texts is not null && clause.Exception is null && clause.Waiver is null)
        {
            Raw(texts.Tail);
        }
        else
        {
            Raw("},\"exception\":"u8);
            String(clause.Exception);
            Raw(",\"waiver\":"u8);
            String(clause.Waiver);
            if (texts is not null)
            {
                Raw(texts.SourceField);
            }
            else
            {
                Raw(",\"source\":"u8);
                String(clause.Source);
            }
        }

        if (clause.Reason is not null)
        {
            Raw(",\"reason\":"u8);
            String(clause.Reason);
        }

        Raw("}"u8);
    }

    /// <summary>The status's value, the effect and the message's name: one of <see cref="StatusRuns"/>, or for a status
    /// or effect out of range, written (or refused) as the JSON writer would.</summary>
    private void StatusEffectMessage(ClauseStatus status, Effect effect)
    {
        if ((uint)status < (uint)Statuses && (uint)effect < (uint)Effects)
        {
            Raw(StatusRuns[(int)status * Effects + (int)effect]);
            return;
        }

        Encoded(VerdictJsonWriter.Names.StatusValue(status));
        Raw(",\"effect\":"u8);
        Encoded(VerdictJsonWriter.Names.EffectValue(effect));
        Raw(",\"message\":"u8);
    }

    /// <summary>The members of a clause's <c>facts</c> object. Paths and text values are copied when they need no escaping,
    /// and booleans, whole numbers and nothing written as the writer writes them; at the first fact that is anything else,
    /// the whole list is written again by the JSON writer, inside as many open objects and arrays as a fact has around it
    /// in a verdict, so that a value nested too deep fails as it would there.</summary>
    private void Facts(ReadOnlySpan<Fact> facts)
    {
        var start = _length;
        for (var i = 0; i < facts.Length; i++)
        {
            var fact = facts[i];
            if (i > 0)
            {
                Raw(","u8);
            }

            if (!TryPlain(fact.Path))
            {
                _length = start;
                WrittenByJson(facts);
                return;
            }

            Raw(":"u8);
            if (!TryValue(fact.Value))
            {
                _length = start;
                WrittenByJson(facts);
                return;
            }
        }
    }

    /// <summary>Writes a fact value the way <see cref="VerdictJsonWriter.WriteValue"/> does, if it is nothing, a boolean,
    /// a whole number or a text that needs no escaping. Writes nothing otherwise.</summary>
    private bool TryValue(object? value)
    {
        switch (value)
        {
            case null:
                Raw("null"u8);
                return true;
            case string text:
                return TryPlain(text);
            case bool flag:
                Raw(flag ? "true"u8 : "false"u8);
                return true;
            case long number:
                Number(number);
                return true;
            case int number:
                Number(number);
                return true;
            default:
                return false;
        }
    }

    private void WrittenByJson(ReadOnlySpan<Fact> facts)
    {
        _scratch.ResetWrittenCount();
        _json.Reset(_scratch);
        _json.WriteStartObject();
        _json.WriteStartArray(VerdictJsonWriter.Names.Clauses);
        _json.WriteStartObject();
        _json.WriteStartObject(VerdictJsonWriter.Names.Facts);
        _json.Flush();
        var from = _scratch.WrittenCount;
        foreach (var fact in facts)
        {
            _json.WritePropertyName(fact.Path);
            VerdictJsonWriter.WriteValue(_json, fact.Value);
        }

        _json.Flush();
        Raw(_scratch.WrittenSpan[from..]);
    }

    /// <summary>A string value or <c>null</c>, as <see cref="Utf8JsonWriter.WriteStringValue(string)"/> writes it.</summary>
    private void String(string? value)
    {
        if (value is null)
        {
            Raw("null"u8);
        }
        else if (!TryPlain(value))
        {
            _scratch.ResetWrittenCount();
            _json.Reset(_scratch);
            _json.WriteStringValue(value);
            _json.Flush();
            Raw(_scratch.WrittenSpan);
        }
    }

    /// <summary>Writes <paramref name="value"/> as its UTF-8 bytes in quotes, if that is how the JSON writer writes it: it
    /// is valid UTF-16 and the writer's encoder finds nothing in it to escape. Writes nothing otherwise.</summary>
    /// <remarks>A text of <see cref="PlainAscii"/> alone (nearly every one) is narrowed to bytes without asking the encoder.
    /// Any other is transcoded and the encoder asked about its UTF-8 bytes, where the writer asks about the UTF-16
    /// characters: they hold the same characters, and the encoder's rule is one for each character (the tests compare
    /// the two for every character of the BMP and on random text).</remarks>
    private bool TryPlain(string? value)
    {
        if (value is null || value.Length > PlainLimit)
        {
            return false;
        }

        if (!value.AsSpan().ContainsAnyExcept(PlainAscii))
        {
            var ascii = Room(value.Length + 2);
            ascii[0] = (byte)'"';
            Ascii.FromUtf16(value, ascii[1..], out _);
            ascii[value.Length + 1] = (byte)'"';
            _length += value.Length + 2;
            return true;
        }

        var room = Room(value.Length * 3 + 2);
        var text = room[1..];
        if (Utf8.FromUtf16(value, text, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done
            || Encoder.FindFirstCharacterToEncodeUtf8(text[..written]) >= 0)
        {
            return false;
        }

        room[0] = (byte)'"';
        room[written + 1] = (byte)'"';
        _length += written + 2;
        return true;
    }

    /// <summary>A whole number, as <see cref="Utf8JsonWriter.WriteNumberValue(long)"/> formats it.</summary>
    private void Number(long value)
    {
        Utf8Formatter.TryFormat(value, Room(20), out var written);
        _length += written;
    }

    /// <summary>An encoded enum spelling in quotes, as <see cref="Utf8JsonWriter.WriteStringValue(JsonEncodedText)"/>
    /// writes it.</summary>
    private void Encoded(JsonEncodedText value)
    {
        Raw("\""u8);
        Raw(value.EncodedUtf8Bytes);
        Raw("\""u8);
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        _length += bytes.Length;
    }

    /// <summary>The free part of the buffer, at least <paramref name="size"/> bytes long.</summary>
    private Span<byte> Room(int size)
    {
        if (_bytes.Length - _length < size)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_length + size, (int)Math.Min(Array.MaxLength, 2L * _bytes.Length)));
            _bytes.AsSpan(0, _length).CopyTo(grown);
            if (_bytes.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
            }

            _bytes = grown;
        }

        return _bytes.AsSpan(_length);
    }
}
