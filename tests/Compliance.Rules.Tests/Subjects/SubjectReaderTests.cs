using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Subjects;

/// <summary>Reading subjects from YAML, JSON and JSON lines: an invalid subject is judged <c>indeterminate</c> with
/// every error listed, and a malformed line costs only its own verdict.</summary>
public class SubjectReaderTests
{
    private static readonly EvaluationOptions On20260301 = new() { AsOf = new DateOnly(2026, 3, 1) };

    private static readonly Lazy<RuleSet> Rules = new(() => new RuleSetLoader().LoadString("""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme master agreement
        clauses:
          - id: stateless-on-azure
            title: Stateless calls run on Azure
            text: Stateless calls are served from Azure.
            appliesTo: call
            when: { vendor: OpenAI, mode: stateless }
            require: { cloud: Azure }
          - id: big-calls-reviewed
            title: Big calls are reviewed
            text: Calls over 1,000 tokens outside Azure are reviewed.
            appliesTo: call
            when: { tokens: { gt: 1000 } }
            require: { cloud: Azure }
            effect: review
        """));

    private static SubjectError ModeNotMember(string value) =>
        new("mode", $"`{value}` is not a value of `mode`; the values are `stateless`, `stateful`");

    private static SubjectError MalformedTimestamp(string value) =>
        new("timestamp", $"`timestamp` must be an RFC 3339 timestamp such as `2026-03-01T12:00:00Z` or a date such as `2026-03-01`, not `{value}`");

    private static readonly SubjectError ModelRequired = new("model", "`model` is required");
    private static readonly SubjectError CloudRequired = new("cloud", "`cloud` is required");

    [Test]
    public void ReadDocument_UnknownEnumAndMalformedTimestamp_ReportsBoth()
    {
        var input = new SubjectReader().ReadDocument(
            "{ kind: call, id: bad-call, vendor: OpenAI, model: gpt-5, mode: sideways, cloud: AWS, timestamp: yesterday }", "bad.yaml").Single();

        Assert.Multiple(() =>
        {
            Assert.That(input.Subject, Is.InstanceOf<CallSubject>(), "the readable part is kept so that validation can add what is missing");
            Assert.That(input.Id, Is.EqualTo("bad-call"));
            Assert.That(input.Source, Is.EqualTo("bad.yaml:1"));
            Assert.That(input.Errors, Is.EquivalentTo(new[] { ModeNotMember("sideways"), MalformedTimestamp("yesterday") }));
        });
    }

    [Test]
    public void Evaluate_SubjectMissingRequiredFields_IsIndeterminateListingEachMissingField()
    {
        var input = new SubjectReader().ReadDocument("{ kind: call, id: thin-call, vendor: OpenAI, mode: stateless }", "thin.yaml").Single();

        var verdict = Rules.Value.Evaluate(input, On20260301);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Subject, Is.EqualTo("thin-call"));
            Assert.That(verdict.Source, Is.EqualTo("thin.yaml:1"));
            Assert.That(verdict.Clauses, Is.Empty);
            Assert.That(verdict.Errors, Is.EquivalentTo(new[] { ModelRequired, CloudRequired }));
        });
    }

    [Test]
    public void Evaluate_SubjectWithEveryKindOfError_IsIndeterminateListingEveryError()
    {
        // Missing required fields, an unknown enum value and a malformed timestamp, all in one subject:
        // SPEC §2 says the verdict lists every error, not only those found while binding.
        var input = new SubjectReader().ReadDocument(
            "{ kind: call, id: worst-call, vendor: OpenAI, mode: sideways, timestamp: yesterday }", "worst.yaml").Single();

        var verdict = Rules.Value.Evaluate(input, On20260301);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Errors, Does.Contain(ModeNotMember("sideways")));
            Assert.That(verdict.Errors, Does.Contain(MalformedTimestamp("yesterday")));
            Assert.That(verdict.Errors, Does.Contain(ModelRequired));
            Assert.That(verdict.Errors, Does.Contain(CloudRequired));
        });
    }

    [TestCase("2026-03-01 12:00")]
    [TestCase("2026-03-01T12:00:00")]
    [TestCase("2026-3-1")]
    [TestCase("01/03/2026")]
    [TestCase("2026-02-30")]
    [TestCase("2026-03-01T25:00:00Z")]
    public void ReadDocument_TimestampThatIsNotRfc3339OrADate_IsAnError(string timestamp)
    {
        var input = new SubjectReader().ReadDocument(
            $"{{ kind: call, vendor: OpenAI, model: gpt-5, mode: stateless, cloud: AWS, timestamp: '{timestamp}' }}", "t.yaml").Single();

        Assert.That(input.Errors, Is.EqualTo(new[] { MalformedTimestamp(timestamp) }));
    }

    [TestCase("2026-03-01", "2026-03-01T00:00:00+00:00")]
    [TestCase("2026-03-01T12:00:00Z", "2026-03-01T12:00:00+00:00")]
    [TestCase("2026-03-01T23:30:00-05:00", "2026-03-01T23:30:00-05:00")]
    [TestCase("2026-03-01T12:00:00.125+01:00", "2026-03-01T12:00:00.125+01:00")]
    public void ReadDocument_Rfc3339TimestampOrDate_IsRead(string timestamp, string expected)
    {
        var input = new SubjectReader().ReadDocument(
            $"{{ kind: call, vendor: OpenAI, model: gpt-5, mode: stateless, cloud: AWS, timestamp: '{timestamp}' }}", "t.yaml").Single();

        Assert.Multiple(() =>
        {
            Assert.That(input.Errors, Is.Empty);
            Assert.That(((CallSubject)input.Subject!).Timestamp, Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public void ReadDocument_SubjectsList_GivesEachItsOwnLineAndJudgesTheRest()
    {
        var inputs = new SubjectReader().ReadDocument("""
            subjects:
              - { kind: call, id: ok, vendor: OpenAI, model: gpt-5, mode: stateless, cloud: Azure }
              - { kind: call, vendor: OpenAI, model: gpt-5, mode: STATELESS, cloud: AWS }
              - { kind: cal, id: typo, vendor: OpenAI }
            """, "inputs/calls.yaml").ToArray();

        var verdicts = Rules.Value.EvaluateMany(inputs, On20260301).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(verdicts.Select(v => (v.Subject, v.Source, v.Outcome)), Is.EqualTo(new[]
            {
                ("ok", "inputs/calls.yaml:2", Outcome.Compliant),
                ("inputs/calls.yaml:3", "inputs/calls.yaml:3", Outcome.Violation),
                ("typo", "inputs/calls.yaml:4", Outcome.Indeterminate),
            }));
            Assert.That(verdicts[2].Errors, Is.EqualTo(new[]
            {
                new SubjectError("kind", "`cal` is not a subject kind; the kinds are `call`, `deployment` (did you mean `call`?)"),
            }));
        });
    }

    [Test]
    public void ReadDocument_FlowMapContinuedAtColumnOne_IsOneBrokenInputNotACrash()
    {
        const string text = """
            subjects:
              - { kind: call, vendor: OpenAI,
            model: gpt-5, mode: stateless, cloud: AWS }
            """;

        SubjectInput[]? inputs = null;
        Assert.That(() => inputs = new SubjectReader().ReadDocument(text, "calls.yaml").ToArray(), Throws.Nothing);
        Assert.Multiple(() =>
        {
            Assert.That(inputs, Has.Length.EqualTo(1));
            Assert.That(inputs![0].Subject, Is.Null);
            Assert.That(inputs[0].Source, Does.StartWith("calls.yaml:"));
            Assert.That(inputs[0].Errors, Is.Not.Empty);
        });
    }

    [Test]
    public void EvaluateMany_MalformedJsonLine_IsOneIndeterminateVerdictNamingFileAndLine_AndTheRestAreJudged()
    {
        const string lines = """
            {"kind":"call","id":"c1","vendor":"OpenAI","model":"gpt-5","mode":"stateless","cloud":"AWS"}
            {"kind":"call","id":"c2","vendor":
            {"kind":"call","id":"c3","vendor":"OpenAI","model":"gpt-5","mode":"stateless","cloud":"Azure"}

            {"kind":"call","id":"c5","vendor":"OpenAI","model":"gpt-5","mode":"stateless","cloud":"GCP","tokens":5000}
            """;

        var inputs = new SubjectReader().ReadJsonLines(new StringReader(lines), "logs/calls.jsonl");
        var verdicts = Rules.Value.EvaluateMany(inputs, On20260301).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(verdicts.Select(v => (v.Subject, v.Source, v.Outcome)), Is.EqualTo(new[]
            {
                ("c1", "logs/calls.jsonl:1", Outcome.Violation),
                ("logs/calls.jsonl:2", "logs/calls.jsonl:2", Outcome.Indeterminate),
                ("c3", "logs/calls.jsonl:3", Outcome.Compliant),
                ("c5", "logs/calls.jsonl:5", Outcome.Violation),
            }));
            Assert.That(verdicts[1].Errors, Has.Count.EqualTo(1));
            Assert.That(verdicts[1].Errors[0].Message, Does.StartWith("malformed JSON at column "));
            Assert.That(verdicts[1].Clauses, Is.Empty);
        });
    }

    [Test]
    public void EvaluateMany_InParallel_EqualsSequentialEvaluationInInputOrder()
    {
        var text = Gen.OneOf("Azure", "azure", "AWS", "GCP");
        var call = Gen.Select(Gen.OneOf("OpenAI", "openai", "Anthropic"), Gen.Bool, text, Gen.Int[0, 3000], Gen.Bool)
            .Select((vendor, stateless, cloud, tokens, valid) => new CallSubject
            {
                Vendor = vendor,
                Model = valid ? "gpt-5" : null,
                Mode = stateless ? RuntimeMode.Stateless : RuntimeMode.Stateful,
                Cloud = cloud,
                Tokens = tokens,
            });
        var input = Gen.Frequency(
            (8, call.Select(c => SubjectInput.From(c))),
            (1, Gen.Const(new SubjectInput { Source = "broken:1", Errors = [new SubjectError(null, "malformed JSON")] })));

        input.Array[0, 60].Sample(inputs =>
        {
            var numbered = inputs.Select((i, n) => i with { Source = i.Source ?? $"gen:{n}" }).ToArray();
            var parallel = Rules.Value.EvaluateMany(numbered, On20260301 with { MaxDegreeOfParallelism = 4 }).Select(v => VerdictJson.Serialize(v)).ToArray();
            var sequential = numbered.Select(i => VerdictJson.Serialize(Rules.Value.Evaluate(i, On20260301))).ToArray();
            Assert.That(parallel, Is.EqualTo(sequential));
        }, iter: 200);
    }
}
