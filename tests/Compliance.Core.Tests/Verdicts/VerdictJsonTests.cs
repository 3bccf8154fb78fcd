using System.Text;
using System.Text.Json;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Verdicts;

public class VerdictJsonTests
{
    private static ClauseResult Clause(string id, ClauseStatus status, Effect effect = Effect.Violation, params Fact[] facts) => new()
    {
        Id = $"msft-openai/{id}",
        Contract = "msft-openai",
        Section = "2.1",
        Title = "Stateless API calls route through Azure",
        Text = "Stateless API calls to OpenAI models run on Azure – \"exclusively\".",
        Status = status,
        Effect = effect,
        Message = status == ClauseStatus.Violated ? "Stateless call to gpt-5 runs on AWS" : null,
        Remediation = "Route the call through Azure.",
        Facts = facts,
        Source = "rules/msft-openai.yaml:7",
    };

    private static Verdict ViolatingVerdict() => new()
    {
        Subject = "call-17",
        Kind = "call",
        Source = "inputs/calls.yaml:4",
        AsOf = new DateOnly(2026, 3, 1),
        Outcome = Outcome.Violation,
        Clauses =
        [
            Clause("azure-stateless-exclusivity", ClauseStatus.Violated, Effect.Violation,
                new Fact("vendor", "OpenAI"), new Fact("mode", "stateless"), new Fact("cloud", "AWS")),
            Clause("first-party-on-azure", ClauseStatus.Satisfied),
            Clause("endpoint-consistency", ClauseStatus.Error, Effect.Warning),
            Clause("safety-research", ClauseStatus.Exempt) with { Exception = "safety-research" },
        ],
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(string.Empty);

    private static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, VerdictJson.WriterOptions(indented)))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [TestCase(1, 1, 1)]
    [TestCase(999, 12, 31)]
    [TestCase(2026, 3, 1)]
    [TestCase(9999, 12, 31)]
    public void IsoDate_IsTheInvariantYearMonthDay(int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);
        Span<byte> into = stackalloc byte[10];
        Assert.That(Encoding.ASCII.GetString(VerdictJsonWriter.IsoDate(date, into)),
            Is.EqualTo(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Serialize_AResultCopiedWithOtherWords_WritesTheCopysWords()
    {
        // The writer encodes a clause's own words once and finds them again by the identity of the id string; a copy made
        // with `with` keeps that string, so its other words must still be its own, and a line break or quote is escaped.
        var first = Clause("azure-stateless-exclusivity", ClauseStatus.Satisfied) with { Text = "The contract's words,\nfolded \"as YAML does\".\n" };
        var copy = first with { Title = "Another title", Text = "other words", Section = null, Remediation = null, Source = "elsewhere.yaml:3" };
        var verdict = ViolatingVerdict() with { Clauses = [first, copy, first] };

        using var json = JsonDocument.Parse(VerdictJson.Serialize(verdict));
        var clauses = json.RootElement.GetProperty("clauses");

        Assert.That(clauses[0].GetProperty("text").GetString(), Is.EqualTo(first.Text));
        Assert.That(clauses[1].GetProperty("title").GetString(), Is.EqualTo("Another title"));
        Assert.That(clauses[1].GetProperty("text").GetString(), Is.EqualTo("other words"));
        Assert.That(clauses[1].GetProperty("section").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(clauses[1].GetProperty("remediation").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(clauses[1].GetProperty("source").GetString(), Is.EqualTo("elsewhere.yaml:3"));
        Assert.That(clauses[2].GetProperty("title").GetString(), Is.EqualTo(first.Title));
        Assert.That(clauses[2].GetProperty("source").GetString(), Is.EqualTo(first.Source));
        Assert.That(VerdictJson.Serialize(verdict), Does.Contain("\"text\":\"The contract's words,\\nfolded \\\"as YAML does\\\".\\n\""));
    }

    [Test]
    public void Serialize_ViolatingVerdict_WritesSpecFieldsInSpecOrder()
    {
        var verdict = ViolatingVerdict() with { Clauses = [ViolatingVerdict().Clauses[0]] };

        var json = VerdictJson.Serialize(verdict);

        Assert.That(json, Is.EqualTo(OneLine(
            """
            {"subject":"call-17","kind":"call","source":"inputs/calls.yaml:4","asOf":"2026-03-01","outcome":"violation",
            "clauses":[{"id":"msft-openai/azure-stateless-exclusivity","contract":"msft-openai","section":"2.1",
            "title":"Stateless API calls route through Azure","text":"Stateless API calls to OpenAI models run on Azure – \"exclusively\".",
            "status":"violated","effect":"violation","message":"Stateless call to gpt-5 runs on AWS","remediation":"Route the call through Azure.",
            "facts":{"vendor":"OpenAI","mode":"stateless","cloud":"AWS"},"exception":null,"waiver":null,"source":"rules/msft-openai.yaml:7"}],
            "errors":[]}
            """)));
    }

    [Test]
    public void Serialize_ClauseWithReason_WritesReasonLast_AndOmitsItWhenNull()
    {
        var traced = Clause("older", ClauseStatus.Superseded) with { Reason = "superseded by `msft-openai/newer`" };
        var verdict = ViolatingVerdict() with { Clauses = [traced, Clause("plain", ClauseStatus.Satisfied)] };

        using var document = JsonDocument.Parse(VerdictJson.Serialize(verdict));
        var clauses = document.RootElement.GetProperty("clauses");

        var tracedNames = clauses[0].EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(tracedNames[^2..], Is.EqualTo(new[] { "source", "reason" }));
        Assert.That(clauses[0].GetProperty("reason").GetString(), Is.EqualTo("superseded by `msft-openai/newer`"));
        Assert.That(clauses[0].GetProperty("status").GetString(), Is.EqualTo("superseded"));
        Assert.That(clauses[1].TryGetProperty("reason", out _), Is.False);
    }

    [Test]
    public void Serialize_FactValuesOfEveryShape_WritesThemAsJsonValues()
    {
        var facts = new Fact[]
        {
            new("text", "AWS"),
            new("flag", true),
            new("whole", 1840L),
            new("small", 7),
            new("fraction", 2000.5),
            new("missing", null),
            new("partners", new object?[] { "Microsoft", "SoftBank", null, 3L }),
            new("tags", new SortedDictionary<string, string>(StringComparer.Ordinal) { ["team"] = "core", ["purpose"] = "research" }),
        };
        var verdict = ViolatingVerdict() with { Clauses = [Clause("shapes", ClauseStatus.Satisfied, Effect.Violation, facts)] };

        using var document = JsonDocument.Parse(VerdictJson.Serialize(verdict));

        Assert.That(document.RootElement.GetProperty("clauses")[0].GetProperty("facts").GetRawText(), Is.EqualTo(
            """{"text":"AWS","flag":true,"whole":1840,"small":7,"fraction":2000.5,"missing":null,"partners":["Microsoft","SoftBank",null,3],"tags":{"purpose":"research","team":"core"}}"""));
    }

    [Test]
    public void Serialize_InvalidSubject_WritesEveryErrorWithPathAndMessage()
    {
        var verdict = new Verdict
        {
            Subject = "-:3",
            Kind = null,
            Source = "-:3",
            AsOf = new DateOnly(2026, 6, 1),
            Outcome = Outcome.Indeterminate,
            Clauses = [],
            Errors = [new SubjectError("mode", "`sideways` is not a mode"), new SubjectError(null, "the line is not JSON")],
        };

        var json = VerdictJson.Serialize(verdict);

        Assert.That(json, Is.EqualTo(OneLine(
            """
            {"subject":"-:3","kind":null,"source":"-:3","asOf":"2026-06-01","outcome":"indeterminate","clauses":[],
            "errors":[{"path":"mode","message":"`sideways` is not a mode"},{"path":null,"message":"the line is not JSON"}]}
            """)));
    }

    [Test]
    public void Serialize_DetailFailing_KeepsOnlyViolatedAndErrorClauses_AndTheOutcome()
    {
        using var document = JsonDocument.Parse(VerdictJson.Serialize(ViolatingVerdict(), VerdictDetail.Failing));

        var statuses = document.RootElement.GetProperty("clauses").EnumerateArray()
            .Select(c => c.GetProperty("status").GetString()).ToArray();
        Assert.That(statuses, Is.EqualTo(new[] { "violated", "error" }));
        Assert.That(document.RootElement.GetProperty("outcome").GetString(), Is.EqualTo("violation"));
    }

    [Test]
    public void WriteDocument_WritesSchemaVersionVerdictsAndSummaryInOutcomeOrder()
    {
        var verdicts = new[]
        {
            ViolatingVerdict(),
            ViolatingVerdict() with { Subject = "call-18", Outcome = Outcome.Compliant, Clauses = [] },
            ViolatingVerdict() with { Subject = "call-19", Outcome = Outcome.Compliant, Clauses = [] },
            ViolatingVerdict() with { Subject = "call-20", Outcome = Outcome.NotApplicable, Clauses = [] },
        };

        VerdictSummary? summary = null;
        var json = Write(w => summary = VerdictJson.WriteDocument(w, verdicts, VerdictDetail.Failing), indented: true);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "schemaVersion", "verdicts", "summary" }));
        Assert.That(root.GetProperty("schemaVersion").GetString(), Is.EqualTo("1"));
        Assert.That(root.GetProperty("verdicts").GetArrayLength(), Is.EqualTo(4));
        Assert.That(root.GetProperty("summary").GetRawText().ReplaceLineEndings("").Replace(" ", ""), Is.EqualTo(
            """{"subjects":4,"violation":1,"indeterminate":0,"review":0,"warning":0,"compliant":2,"notApplicable":1}"""));
        Assert.That(summary, Is.EqualTo(new VerdictSummary { Subjects = 4, Violation = 1, Compliant = 2, NotApplicable = 1 }));
        Assert.That(json, Does.Not.Contain("\r"));
    }

    [Test]
    public void WriteDocument_EnumeratesVerdictsOnce_WritingEachAsItComes()
    {
        var stream = new MemoryStream();
        var lengths = new List<long>();
        using var writer = new Utf8JsonWriter(stream, VerdictJson.WriterOptions(indented: false));

        IEnumerable<Verdict> Verdicts()
        {
            for (var i = 0; i < 3; i++)
            {
                lengths.Add(stream.Length);
                yield return ViolatingVerdict() with { Subject = $"call-{i}" };
            }
        }

        VerdictJson.WriteDocument(writer, Verdicts());

        Assert.That(lengths, Is.Ordered.Ascending);
        Assert.That(lengths[2], Is.GreaterThan(lengths[1]), "the second verdict was written before the third was asked for");
    }

    [Test]
    public void WriteDocument_NoVerdicts_WritesEmptyListAndZeroSummary()
    {
        var json = Write(w => VerdictJson.WriteDocument(w, []));

        Assert.That(json, Is.EqualTo(
            """{"schemaVersion":"1","verdicts":[],"summary":{"subjects":0,"violation":0,"indeterminate":0,"review":0,"warning":0,"compliant":0,"notApplicable":0}}"""));
    }

    [Test]
    public void Deserialize_SerializedVerdict_RoundTripsEveryField()
    {
        var facts = new Fact[]
        {
            new("cloud", "AWS"),
            new("soldAsApi", false),
            new("tokens", 1840L),
            new("capacityMw", 2000.5),
            new("region", null),
            new("partners", new object?[] { "Microsoft", "SoftBank" }),
            new("tags", new SortedDictionary<string, string>(StringComparer.Ordinal) { ["purpose"] = "research" }),
        };
        var original = ViolatingVerdict() with
        {
            Clauses =
            [
                Clause("azure-stateless-exclusivity", ClauseStatus.Violated, Effect.Review, facts),
                Clause("waived", ClauseStatus.Waived) with { Waiver = "W-2026-014", Section = null, Remediation = null },
                Clause("older", ClauseStatus.NotApplicable, Effect.Warning) with { Reason = "its `when` does not hold" },
            ],
            Errors = [new SubjectError("mode", "bad mode"), new SubjectError(null, "whole subject")],
        };

        var json = VerdictJson.Serialize(original);
        var copy = VerdictJson.Deserialize(json);

        Assert.That(VerdictJson.Serialize(copy), Is.EqualTo(json));
        Assert.That(copy with { Clauses = original.Clauses, Errors = original.Errors }, Is.EqualTo(original));
        Assert.That(copy.Errors, Is.EqualTo(original.Errors));
        for (var i = 0; i < original.Clauses.Count; i++)
        {
            Assert.That(copy.Clauses[i] with { Facts = original.Clauses[i].Facts }, Is.EqualTo(original.Clauses[i]));
        }

        var copiedFacts = copy.Clauses[0].Facts;
        Assert.That(copiedFacts.Select(f => f.Path), Is.EqualTo(facts.Select(f => f.Path)));
        Assert.That(copiedFacts[2].Value, Is.EqualTo(1840L));
        Assert.That(copiedFacts[3].Value, Is.EqualTo(2000.5));
        Assert.That(copiedFacts[5].Value, Is.EqualTo(new object?[] { "Microsoft", "SoftBank" }));
        Assert.That(copiedFacts[6].Value, Is.EqualTo(new SortedDictionary<string, string> { ["purpose"] = "research" }));
    }

    [Test]
    public void ReadVerdict_FromReaderInsideDocument_ReadsEachVerdict()
    {
        var json = Write(w => VerdictJson.WriteDocument(w, [ViolatingVerdict(), ViolatingVerdict() with { Subject = "call-18" }]));
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        var subjects = new List<string>();

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("verdicts"))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    subjects.Add(VerdictJson.ReadVerdict(ref reader).Subject);
                }
            }
        }

        Assert.That(subjects, Is.EqualTo(new[] { "call-17", "call-18" }));
    }

    [Test]
    public void Deserialize_UnknownOutcome_ThrowsJsonExceptionNamingIt()
    {
        var json = VerdictJson.Serialize(ViolatingVerdict()).Replace("\"outcome\":\"violation\"", "\"outcome\":\"fine\"", StringComparison.Ordinal);

        Assert.That(() => VerdictJson.Deserialize(json), Throws.InstanceOf<JsonException>().With.Message.EqualTo("unknown outcome `fine`"));
    }

    [Test]
    public void Deserialize_UnknownFields_AreIgnored()
    {
        var json = VerdictJson.Serialize(ViolatingVerdict()).Replace("{\"subject\"", "{\"future\":[1,2],\"subject\"", StringComparison.Ordinal);

        Assert.That(VerdictJson.Deserialize(json).Subject, Is.EqualTo("call-17"));
    }

    [Test]
    public void Summary_AnyAtOrAbove_ComparesBySeverity()
    {
        var summary = VerdictSummary.Empty.Add(Outcome.Review).Add(Outcome.Compliant);

        Assert.That(summary.AnyAtOrAbove(Outcome.Indeterminate), Is.False);
        Assert.That(summary.AnyAtOrAbove(Outcome.Review), Is.True);
        Assert.That(summary.AnyAtOrAbove(Outcome.Warning), Is.True);
        Assert.That(summary.Subjects, Is.EqualTo(2));
    }
}
