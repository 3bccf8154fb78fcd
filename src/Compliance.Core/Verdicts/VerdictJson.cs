using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Compliance.Model;
using Compliance.Subjects;

namespace Compliance.Verdicts;

/// <summary>How much of each verdict to write.</summary>
public enum VerdictDetail
{
    /// <summary>Every clause the verdict carries. The default.</summary>
    Full,

    /// <summary>Only the clauses whose status is <c>violated</c> or <c>error</c>; the outcome and summary are unchanged.</summary>
    Failing,
}

/// <summary>How many subjects were judged, and how many had each outcome.</summary>
/// <remarks>Immutable; <see cref="Add"/> returns a new summary.</remarks>
public sealed record VerdictSummary
{
    /// <summary>The summary of no verdicts.</summary>
    public static VerdictSummary Empty { get; } = new();

    /// <summary>How many subjects were judged.</summary>
    public int Subjects { get; init; }

    /// <summary>How many verdicts are <c>violation</c>.</summary>
    public int Violation { get; init; }

    /// <summary>How many verdicts are <c>indeterminate</c>.</summary>
    public int Indeterminate { get; init; }

    /// <summary>How many verdicts are <c>review</c>.</summary>
    public int Review { get; init; }

    /// <summary>How many verdicts are <c>warning</c>.</summary>
    public int Warning { get; init; }

    /// <summary>How many verdicts are <c>compliant</c>.</summary>
    public int Compliant { get; init; }

    /// <summary>How many verdicts are <c>notApplicable</c>.</summary>
    public int NotApplicable { get; init; }

    /// <summary>How many verdicts have <paramref name="outcome"/>.</summary>
    public int Count(Outcome outcome) => outcome switch
    {
        Outcome.Violation => Violation,
        Outcome.Indeterminate => Indeterminate,
        Outcome.Review => Review,
        Outcome.Warning => Warning,
        Outcome.Compliant => Compliant,
        Outcome.NotApplicable => NotApplicable,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>Whether some verdict's outcome is at least as severe as <paramref name="threshold"/>.</summary>
    public bool AnyAtOrAbove(Outcome threshold)
    {
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            if (outcome <= threshold && Count(outcome) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns this summary with one more verdict of <paramref name="outcome"/> counted.</summary>
    public VerdictSummary Add(Outcome outcome) => outcome switch
    {
        Outcome.Violation => this with { Subjects = Subjects + 1, Violation = Violation + 1 },
        Outcome.Indeterminate => this with { Subjects = Subjects + 1, Indeterminate = Indeterminate + 1 },
        Outcome.Review => this with { Subjects = Subjects + 1, Review = Review + 1 },
        Outcome.Warning => this with { Subjects = Subjects + 1, Warning = Warning + 1 },
        Outcome.Compliant => this with { Subjects = Subjects + 1, Compliant = Compliant + 1 },
        Outcome.NotApplicable => this with { Subjects = Subjects + 1, NotApplicable = NotApplicable + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}

/// <summary>Writes and reads verdicts as the documented JSON (schema version <c>1</c>).</summary>
/// <remarks>Field names and order are a public contract: see the product specification, section 5.
/// Thread-safe: every member is a pure function of its arguments.</remarks>
public static class VerdictJson
{
    /// <summary>The version of the JSON document this class writes.</summary>
    public const string SchemaVersion = "1";

    private static readonly JsonWriterOptions Compact = Create(indented: false);
    private static readonly JsonWriterOptions Indented = Create(indented: true);

    /// <summary>The writer options verdict JSON is written with: readable escaping (the output is not HTML) and <c>\n</c> line ends.</summary>
    /// <param name="indented">Whether to indent (for a document) or write one line (for JSON lines).</param>
    public static JsonWriterOptions WriterOptions(bool indented) => indented ? Indented : Compact;

    /// <summary>Writes one verdict as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="verdict">The verdict.</param>
    /// <param name="detail">Which clauses to write. The outcome is written as it is, whatever the detail.</param>
    public static void WriteVerdict(Utf8JsonWriter writer, Verdict verdict, VerdictDetail detail = VerdictDetail.Full)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(verdict);

        writer.WriteStartObject();
        writer.WriteString(Names.Subject, verdict.Subject);
        writer.WriteString(Names.Kind, verdict.Kind);
        writer.WriteString(Names.Source, verdict.Source);
        Span<char> date = stackalloc char[10];
        writer.WriteString(Names.AsOf, verdict.AsOf.TryFormat(date, out var length, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            ? date[..length]
            : FormatDate(verdict.AsOf));
        writer.WriteString(Names.Outcome, Names.OutcomeValue(verdict.Outcome));
        writer.WriteStartArray(Names.Clauses);
        foreach (var clause in verdict.Clauses)
        {
            if (detail == VerdictDetail.Full || IsFailing(clause.Status))
            {
                WriteClause(writer, clause);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray(Names.Errors);
        foreach (var error in verdict.Errors)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Path, error.Path);
            writer.WriteString(Names.Message, error.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes the whole document, <c>{"schemaVersion", "verdicts", "summary"}</c>, writing each verdict as it comes.</summary>
    /// <remarks>Streams: <paramref name="verdicts"/> is enumerated once and no verdict is kept; the writer is
    /// flushed after each verdict so that a long batch does not pile up in its buffer.</remarks>
    /// <returns>The summary written at the end.</returns>
    public static VerdictSummary WriteDocument(Utf8JsonWriter writer, IEnumerable<Verdict> verdicts, VerdictDetail detail = VerdictDetail.Full)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(verdicts);

        var summary = VerdictSummary.Empty;
        writer.WriteStartObject();
        writer.WriteString("schemaVersion", SchemaVersion);
        writer.WriteStartArray("verdicts");
        foreach (var verdict in verdicts)
        {
            WriteVerdict(writer, verdict, detail);
            summary = summary.Add(verdict.Outcome);
            writer.Flush();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("summary");
        WriteSummary(writer, summary);
        writer.WriteEndObject();
        writer.Flush();
        return summary;
    }

    /// <summary>Writes a summary object: <c>subjects</c>, then a count for each outcome, most severe first.</summary>
    public static void WriteSummary(Utf8JsonWriter writer, VerdictSummary summary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);

        writer.WriteStartObject();
        writer.WriteNumber("subjects", summary.Subjects);
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            writer.WriteNumber(VerdictNames.Name(outcome), summary.Count(outcome));
        }

        writer.WriteEndObject();
    }

    /// <summary>Serializes one verdict as a one-line JSON object.</summary>
    public static string Serialize(Verdict verdict, VerdictDetail detail = VerdictDetail.Full)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            WriteVerdict(writer, verdict, detail);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads one verdict from its JSON object, as <see cref="Serialize"/> writes it.</summary>
    /// <remarks>Unknown fields are ignored. Whole numbers in facts come back as <see cref="long"/>, other numbers as
    /// <see cref="double"/>, lists as read-only lists of values, and maps as read-only dictionaries of
    /// <c>string</c> to <c>string</c> (or to <c>object?</c> when a value is not text), sorted by key.</remarks>
    /// <exception cref="JsonException">The text is not JSON, or not a verdict.</exception>
    public static Verdict Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return ReadVerdict(document.RootElement);
    }

    /// <summary>Reads one verdict from the reader's current JSON object, leaving the reader on its end.</summary>
    /// <exception cref="JsonException">The value is not a verdict.</exception>
    public static Verdict ReadVerdict(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return ReadVerdict(document.RootElement);
    }

    /// <summary>Reads one verdict from a JSON object.</summary>
    /// <exception cref="JsonException">The value is not a verdict.</exception>
    public static Verdict ReadVerdict(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Object, "verdict");
        var outcomeText = RequiredString(element, "outcome");
        if (!VerdictNames.TryParseOutcome(outcomeText, out var outcome))
        {
            throw new JsonException($"unknown outcome `{outcomeText}`");
        }

        return new Verdict
        {
            Subject = RequiredString(element, "subject"),
            Kind = OptionalString(element, "kind"),
            Source = OptionalString(element, "source"),
            AsOf = ParseDate(RequiredString(element, "asOf")),
            Outcome = outcome,
            Clauses = ReadOnlyArray<ClauseResult>.Own(ReadArray(element, "clauses", ReadClause)),
            Errors = ReadOnlyArray<SubjectError>.Own(ReadArray(element, "errors", e => new SubjectError(OptionalString(e, "path"), RequiredString(e, "message")))),
        };
    }

    private static JsonWriterOptions Create(bool indented) => new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = indented,
        NewLine = "\n",
    };

    private static bool IsFailing(ClauseStatus status) => status is ClauseStatus.Violated or ClauseStatus.Error;

    private static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteClause(Utf8JsonWriter writer, ClauseResult clause)
    {
        writer.WriteStartObject();
        writer.WriteString(Names.Id, clause.Id);
        writer.WriteString(Names.Contract, clause.Contract);
        writer.WriteString(Names.Section, clause.Section);
        writer.WriteString(Names.Title, clause.Title);
        writer.WriteString(Names.Text, clause.Text);
        writer.WriteString(Names.Status, Names.StatusValue(clause.Status));
        writer.WriteString(Names.Effect, Names.EffectValue(clause.Effect));
        writer.WriteString(Names.Message, clause.Message);
        writer.WriteString(Names.Remediation, clause.Remediation);
        writer.WriteStartObject(Names.Facts);
        foreach (var fact in clause.Facts)
        {
            writer.WritePropertyName(fact.Path);
            WriteValue(writer, fact.Value);
        }

        writer.WriteEndObject();
        writer.WriteString(Names.Exception, clause.Exception);
        writer.WriteString(Names.Waiver, clause.Waiver);
        writer.WriteString(Names.Source, clause.Source);
        if (clause.Reason is not null)
        {
            writer.WriteString(Names.Reason, clause.Reason);
        }

        writer.WriteEndObject();
    }

    /// <summary>The property names and enum spellings of verdict JSON, encoded once.</summary>
    private static class Names
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

    private static ClauseResult ReadClause(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Object, "clause");
        var statusText = RequiredString(element, "status");
        if (!VerdictNames.TryParseStatus(statusText, out var status))
        {
            throw new JsonException($"unknown clause status `{statusText}`");
        }

        return new ClauseResult
        {
            Id = RequiredString(element, "id"),
            Contract = RequiredString(element, "contract"),
            Section = OptionalString(element, "section"),
            Title = RequiredString(element, "title"),
            Text = RequiredString(element, "text"),
            Status = status,
            Effect = ParseEffect(RequiredString(element, "effect")),
            Message = OptionalString(element, "message"),
            Remediation = OptionalString(element, "remediation"),
            Facts = ReadOnlyArray<Fact>.Own(ReadFacts(element)),
            Exception = OptionalString(element, "exception"),
            Waiver = OptionalString(element, "waiver"),
            Source = RequiredString(element, "source"),
            Reason = OptionalString(element, "reason"),
        };
    }

    private static Fact[] ReadFacts(JsonElement clause)
    {
        if (!clause.TryGetProperty("facts", out var facts) || facts.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        RequireKind(facts, JsonValueKind.Object, "`facts`");
        return facts.EnumerateObject().Select(p => new Fact(p.Name, ReadValue(p.Value))).ToArray();
    }

    private static object? ReadValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(ReadValue).ToArray(),
        JsonValueKind.Object => ReadMap(element),
        _ => throw new JsonException($"unexpected JSON value of kind {element.ValueKind}"),
    };

    private static object ReadMap(JsonElement element)
    {
        if (element.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String))
        {
            var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                texts[property.Name] = property.Value.GetString()!;
            }

            return texts;
        }

        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = ReadValue(property.Value);
        }

        return values;
    }

    private static T[] ReadArray<T>(JsonElement element, string name, Func<JsonElement, T> read)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        RequireKind(array, JsonValueKind.Array, $"`{name}`");
        return array.EnumerateArray().Select(read).ToArray();
    }

    private static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new JsonException($"`{name}` is missing");

    private static string? OptionalString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new JsonException($"`{name}` must be a string");
    }

    private static void RequireKind(JsonElement element, JsonValueKind kind, string what)
    {
        if (element.ValueKind != kind)
        {
            throw new JsonException($"{what} must be a JSON {kind.ToString().ToLowerInvariant()}");
        }
    }

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new JsonException($"`asOf` must be a date as yyyy-MM-dd, not `{text}`");

    private static Effect ParseEffect(string text)
    {
        foreach (var effect in Enum.GetValues<Effect>())
        {
            if (VerdictNames.Name(effect) == text)
            {
                return effect;
            }
        }

        throw new JsonException($"unknown effect `{text}`");
    }
}
