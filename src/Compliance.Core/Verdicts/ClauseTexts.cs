using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Compliance.Verdicts;

/// <summary>A clause's own words (id, contract, section, title, text, remediation, source), encoded for JSON once: the
/// same for every result of the clause, while the status, message and facts change. Kept per thread, found by the
/// identity of the result's id string and used only when every one of the seven strings is the very one encoded, so a
/// result made elsewhere with other words is written as it is.</summary>
/// <remarks>Each word is kept as <see cref="JsonEncodedText"/> for <see cref="VerdictJsonWriter.Write"/>, which writes
/// through any <see cref="Utf8JsonWriter"/>, and joined into the runs of a compact clause object that do not change
/// from result to result (<see cref="Head"/>, <see cref="RemediationAndFacts"/>, <see cref="SourceField"/> or
/// <see cref="Tail"/>) for
/// <see cref="VerdictLineWriter"/>, which copies them whole. Both are made from the same encoded bytes, so the two ways
/// of writing a clause agree.</remarks>
internal sealed class ClauseTexts
{
    /// <summary>Clause ids encoded on this thread; emptied when it grows past <see cref="Limit"/> (results not made by the
    /// engine, each with its own strings).</summary>
    [ThreadStatic]
    private static Dictionary<string, ClauseTexts>? _byId;

    private const int Limit = 4096;

    private readonly string _id;
    private readonly string _contract;
    private readonly string? _section;
    private readonly string _title;
    private readonly string _text;
    private readonly string? _remediation;
    private readonly string _source;

    private ClauseTexts(ClauseResult clause)
    {
        (_id, _contract, _section, _title, _text, _remediation, _source) =
            (clause.Id, clause.Contract, clause.Section, clause.Title, clause.Text, clause.Remediation, clause.Source);
        EncodedId = Encode(_id);
        EncodedContract = Encode(_contract);
        EncodedSection = _section is null ? null : Encode(_section);
        EncodedTitle = Encode(_title);
        EncodedText = Encode(_text);
        EncodedRemediation = _remediation is null ? null : Encode(_remediation);
        EncodedSource = Encode(_source);

        var run = new ArrayBufferWriter<byte>(256);
        Field(run, "{\"id\":"u8, EncodedId);
        Field(run, ",\"contract\":"u8, EncodedContract);
        Field(run, ",\"section\":"u8, EncodedSection);
        Field(run, ",\"title\":"u8, EncodedTitle);
        Field(run, ",\"text\":"u8, EncodedText);
        run.Write(",\"status\":"u8);
        Head = run.WrittenSpan.ToArray();

        run.ResetWrittenCount();
        Field(run, ",\"remediation\":"u8, EncodedRemediation);
        run.Write(",\"facts\":{"u8);
        RemediationAndFacts = run.WrittenSpan.ToArray();

        run.ResetWrittenCount();
        Field(run, ",\"source\":"u8, EncodedSource);
        SourceField = run.WrittenSpan.ToArray();

        run.ResetWrittenCount();
        run.Write("},\"exception\":null,\"waiver\":null"u8);
        run.Write(SourceField);
        Tail = run.WrittenSpan.ToArray();
    }

    public JsonEncodedText EncodedId { get; }

    public JsonEncodedText EncodedContract { get; }

    public JsonEncodedText? EncodedSection { get; }

    public JsonEncodedText EncodedTitle { get; }

    public JsonEncodedText EncodedText { get; }

    public JsonEncodedText? EncodedRemediation { get; }

    public JsonEncodedText EncodedSource { get; }

    /// <summary>A compact clause object from its opening brace up to the status's value: <c>{"id":…,"contract":…,
    /// "section":…,"title":…,"text":…,"status":</c>.</summary>
    public byte[] Head { get; }

    /// <summary>What follows the message up to the first fact: <c>,"remediation":…,"facts":{</c>.</summary>
    public byte[] RemediationAndFacts { get; }

    /// <summary>The source field, after the waiver: <c>,"source":…</c>.</summary>
    public byte[] SourceField { get; }

    /// <summary>What follows the facts when the result has neither exception nor waiver (nearly always), up to a reason:
    /// <c>},"exception":null,"waiver":null,"source":…</c>.</summary>
    public byte[] Tail { get; }

    /// <summary>The encoded words of <paramref name="clause"/>, or <see langword="null"/> when a string is not valid
    /// text (the writer then reports it as it would have) or was left out (<see langword="null"/> where required).</summary>
    public static ClauseTexts? Of(ClauseResult clause)
    {
        if (clause.Id is not { } id || clause.Contract is null || clause.Title is null || clause.Text is null || clause.Source is null)
        {
            return null;
        }

        var byId = _byId ??= new Dictionary<string, ClauseTexts>(ReferenceEqualityComparer.Instance);
        if (byId.TryGetValue(id, out var known) && known.Matches(clause))
        {
            return known;
        }

        ClauseTexts made;
        try
        {
            made = new ClauseTexts(clause);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (byId.Count >= Limit)
        {
            byId.Clear();
        }

        byId[id] = made;
        return made;
    }

    private bool Matches(ClauseResult clause) =>
        ReferenceEquals(_contract, clause.Contract) && ReferenceEquals(_section, clause.Section) && ReferenceEquals(_title, clause.Title)
        && ReferenceEquals(_text, clause.Text) && ReferenceEquals(_remediation, clause.Remediation) && ReferenceEquals(_source, clause.Source);

    /// <summary>Appends a field's name and value as <see cref="Utf8JsonWriter.WriteString(JsonEncodedText, JsonEncodedText)"/>
    /// and <see cref="Utf8JsonWriter.WriteNull(JsonEncodedText)"/> write them in a compact object.</summary>
    private static void Field(ArrayBufferWriter<byte> run, ReadOnlySpan<byte> name, JsonEncodedText? value)
    {
        run.Write(name);
        if (value is { } text)
        {
            run.Write("\""u8);
            run.Write(text.EncodedUtf8Bytes);
            run.Write("\""u8);
        }
        else
        {
            run.Write("null"u8);
        }
    }

    private static JsonEncodedText Encode(string text) => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
}
