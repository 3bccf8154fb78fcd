using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Compliance.Model;

namespace Compliance.Verdicts;

/// <summary>How much of each verdict to write.</summary>
public enum VerdictDetail
{
    /// <summary>Every clause the verdict carries. The default.</summary>
    Full,

    /// <summary>Only the clauses whose status is <c>violated</c> or <c>error</c>; the outcome and summary are unchanged.</summary>
    Failing,
}

/// <summary>Writes verdicts as JSON lines: one compact verdict object a line, each ended by <c>\n</c>, the bytes
/// <c>compliance check --format jsonl</c> writes.</summary>
/// <remarks>Immutable and thread-safe: each thread encodes into a buffer of its own (<see cref="VerdictLineWriter"/>), reused
/// from call to call, so that the workers of a batch (see <see cref="RuleSet.EvaluateBatches{TEncoded}"/>) encode their
/// verdicts at once, without locks and without a string per verdict. The lines are the bytes <see cref="Write"/> gives
/// through a compact JSON writer, written without one.</remarks>
public sealed class VerdictJsonWriter
{
    /// <summary>Creates a writer that writes the clauses <paramref name="detail"/> asks for.</summary>
    /// <param name="detail">Which clauses of each verdict to write; the default is <see cref="VerdictDetail.Full"/>.</param>
    public VerdictJsonWriter(VerdictDetail detail = VerdictDetail.Full)
    {
        Detail = Enum.IsDefined(detail) ? detail : throw new ArgumentOutOfRangeException(nameof(detail), detail, "unknown detail");
    }

    /// <summary>Which clauses of each verdict are written. The outcome and errors are written whatever the detail.</summary>
    /// <value>The default is <see cref="VerdictDetail.Full"/>.</value>
    public VerdictDetail Detail { get; }

    /// <summary>Encodes <paramref name="verdicts"/> as JSON lines, in their order, into a pooled buffer.</summary>
    /// <returns>The lines; dispose of them once written, to give the buffer back.</returns>
    public VerdictLines Encode(IEnumerable<Verdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var lines = VerdictLineWriter.Take();
        try
        {
            var count = 0;
            foreach (var verdict in verdicts)
            {
                ArgumentNullException.ThrowIfNull(verdict, nameof(verdicts));
                lines.WriteLine(verdict, Detail);
                count++;
            }

            return lines.Lines(count);
        }
        finally
        {
            VerdictLineWriter.Give(lines);
        }
    }

    private static readonly JsonWriterOptions Compact = Create(indented: false);
    private static readonly JsonWriterOptions Indented = Create(indented: true);

    /// <summary>The writer options verdict JSON is written with (see <see cref="VerdictJson.WriterOptions"/>).</summary>
    internal static JsonWriterOptions Options(bool indented) => indented ? Indented : Compact;

    /// <summary>Writes one verdict as a JSON object (see <see cref="VerdictJson.WriteVerdict"/>).</summary>
    internal static void Write(Utf8JsonWriter writer, Verdict verdict, VerdictDetail detail)
    {
        writer.WriteStartObject();
        writer.WriteString(Names.Subject, verdict.Subject);
        writer.WriteString(Names.Kind, verdict.Kind);
        writer.WriteString(Names.Source, verdict.Source);
        Span<byte> date = stackalloc byte[10];
        writer.WriteString(Names.AsOf, IsoDate(verdict.AsOf, date));
        writer.WriteString(Names.Outcome, Names.OutcomeValue(verdict.Outcome));
        writer.WriteStartArray(Names.Clauses);
        foreach (var clause in verdict.ClauseSpan)
        {
            if (detail == VerdictDetail.Full || IsFailing(clause.Status))
            {
                WriteClause(writer, clause);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray(Names.Errors);
        foreach (var error in verdict.ErrorSpan)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Path, error.Path);
            writer.WriteString(Names.Message, error.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary><paramref name="date"/> as <c>yyyy-MM-dd</c> in ASCII (what <c>ToString("yyyy-MM-dd", InvariantCulture)</c>
    /// gives for years 1 to 9999, without the custom-format parser a verdict line paid for).</summary>
    internal static ReadOnlySpan<byte> IsoDate(DateOnly date, Span<byte> into)
    {
        var (year, month, day) = (date.Year, date.Month, date.Day);
        into[0] = (byte)('0' + year / 1000);
        into[1] = (byte)('0' + year / 100 % 10);
        into[2] = (byte)('0' + year / 10 % 10);
        into[3] = (byte)('0' + year % 10);
        into[4] = (byte)'-';
        into[5] = (byte)('0' + month / 10);
        into[6] = (byte)('0' + month % 10);
        into[7] = (byte)'-';
        into[8] = (byte)('0' + day / 10);
        into[9] = (byte)('0' + day % 10);
        return into[..10];
    }

    /// <summary>Writes a summary object (see <see cref="VerdictJson.WriteSummary"/>).</summary>
    internal static void WriteSummary(Utf8JsonWriter writer, VerdictSummary summary)
    {
        writer.WriteStartObject();
        writer.WriteNumber("subjects", summary.Subjects);
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            writer.WriteNumber(VerdictNames.Name(outcome), summary.Count(outcome));
        }

        writer.WriteEndObject();
    }

    /// <summary>One verdict as a one-line JSON string (see <see cref="VerdictJson.Serialize"/>).</summary>
    internal static string Serialize(Verdict verdict, VerdictDetail detail)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            Write(writer, verdict, detail);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonWriterOptions Create(bool indented) => new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = indented,
        NewLine = "\n",
    };

    /// <summary>Whether <see cref="VerdictDetail.Failing"/> keeps a clause of this status: <c>violated</c> or <c>error</c>. The
    /// one definition, for the writer and for the evaluator (<see cref="Evaluation.EvaluationOptions.Detail"/>), so that a
    /// verdict judged at that detail holds exactly the clauses written of a full one.</summary>
    internal static bool IsFailing(ClauseStatus status) => status is ClauseStatus.Violated or ClauseStatus.Error;

    private static void WriteClause(Utf8JsonWriter writer, ClauseResult clause)
    {
        writer.WriteStartObject();
        var texts = ClauseTexts.Of(clause);
        if (texts is not null)
        {
            // The clause's own words, escaped and transcoded once per thread (a folded `text:` ends with a line break,
            // so writing it as a string would take the escaping path for every verdict).
            writer.WriteString(Names.Id, texts.EncodedId);
            writer.WriteString(Names.Contract, texts.EncodedContract);
            WriteEncoded(writer, Names.Section, texts.EncodedSection);
            writer.WriteString(Names.Title, texts.EncodedTitle);
            writer.WriteString(Names.Text, texts.EncodedText);
            writer.WriteString(Names.Status, Names.StatusValue(clause.Status));
            writer.WriteString(Names.Effect, Names.EffectValue(clause.Effect));
            writer.WriteString(Names.Message, clause.Message);
            WriteEncoded(writer, Names.Remediation, texts.EncodedRemediation);
        }
        else
        {
            writer.WriteString(Names.Id, clause.Id);
            writer.WriteString(Names.Contract, clause.Contract);
            writer.WriteString(Names.Section, clause.Section);
            writer.WriteString(Names.Title, clause.Title);
            writer.WriteString(Names.Text, clause.Text);
            writer.WriteString(Names.Status, Names.StatusValue(clause.Status));
            writer.WriteString(Names.Effect, Names.EffectValue(clause.Effect));
            writer.WriteString(Names.Message, clause.Message);
            writer.WriteString(Names.Remediation, clause.Remediation);
        }

        writer.WriteStartObject(Names.Facts);
        foreach (var fact in clause.FactSpan)
        {
            writer.WritePropertyName(fact.Path);
            WriteValue(writer, fact.Value);
        }

        writer.WriteEndObject();
        writer.WriteString(Names.Exception, clause.Exception);
        writer.WriteString(Names.Waiver, clause.Waiver);
        if (texts is not null)
        {
            writer.WriteString(Names.Source, texts.EncodedSource);
        }
        else
        {
            writer.WriteString(Names.Source, clause.Source);
        }

        if (clause.Reason is not null)
        {
            writer.WriteString(Names.Reason, clause.Reason);
        }

        writer.WriteEndObject();
    }

    private static void WriteEncoded(Utf8JsonWriter writer, JsonEncodedText name, JsonEncodedText? value)
    {
        if (value is { } text)
        {
            writer.WriteString(name, text);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>The property names and enum spellings of verdict JSON, encoded once.</summary>
    internal static class Names
    {
        public static readonly JsonEncodedText Subject = Encode("subject");
        public static readonly JsonEncodedText Kind = Encode("kind");
        public static readonly JsonEncodedText Source = Encode("source");
        public static readonly JsonEncodedText AsOf = Encode("asOf");
        public static readonly JsonEncodedText Outcome = Encode("outcome");
        public static readonly JsonEncodedText Clauses = Encode("clauses");
        public static readonly JsonEncodedText Errors = Encode("errors");
        public static readonly JsonEncodedText Path = Encode("path");
        public static readonly JsonEncodedText Message = Encode("message");
        public static readonly JsonEncodedText Id = Encode("id");
        public static readonly JsonEncodedText Contract = Encode("contract");
        public static readonly JsonEncodedText Section = Encode("section");
        public static readonly JsonEncodedText Title = Encode("title");
        public static readonly JsonEncodedText Text = Encode("text");
        public static readonly JsonEncodedText Status = Encode("status");
        public static readonly JsonEncodedText Effect = Encode("effect");
        public static readonly JsonEncodedText Remediation = Encode("remediation");
        public static readonly JsonEncodedText Facts = Encode("facts");
        public static readonly JsonEncodedText Exception = Encode("exception");
        public static readonly JsonEncodedText Waiver = Encode("waiver");
        public static readonly JsonEncodedText Reason = Encode("reason");

        private static readonly JsonEncodedText[] Outcomes = Enum.GetValues<Verdicts.Outcome>().Select(o => Encode(VerdictNames.Name(o))).ToArray();
        private static readonly JsonEncodedText[] Statuses = Enum.GetValues<ClauseStatus>().Select(s => Encode(VerdictNames.Name(s))).ToArray();
        private static readonly JsonEncodedText[] Effects = Enum.GetValues<Model.Effect>().Select(e => Encode(VerdictNames.Name(e))).ToArray();

        public static JsonEncodedText OutcomeValue(Verdicts.Outcome outcome) =>
            (uint)outcome < (uint)Outcomes.Length ? Outcomes[(int)outcome] : Encode(VerdictNames.Name(outcome));

        public static JsonEncodedText StatusValue(ClauseStatus status) =>
            (uint)status < (uint)Statuses.Length ? Statuses[(int)status] : Encode(VerdictNames.Name(status));

        public static JsonEncodedText EffectValue(Model.Effect effect) =>
            (uint)effect < (uint)Effects.Length ? Effects[(int)effect] : Encode(VerdictNames.Name(effect));

        private static JsonEncodedText Encode(string text) => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    }

    /// <summary>Writes a fact value: text, a boolean, a number (a number that is not finite as text), a map, a list, or
    /// <c>null</c>.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object? value)
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
