using System.Diagnostics;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Telemetry;
using NUnit.Framework;

namespace Compliance.Core.Tests.Telemetry;

public class EvaluationTelemetryTests
{
    private const string Rules = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
        clauses:
          - id: agreed-cloud
            title: Calls run on Azure
            text: Every call runs on Azure.
            appliesTo: call
            require: { cloud: Azure }
        """;

    private static readonly EvaluationOptions AsOf = new() { AsOf = new DateOnly(2026, 3, 1) };

    private static CallSubject Call(string id, string cloud) =>
        new() { Id = id, Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = cloud };

    [Test]
    public void Evaluations_AreCountedByKindAndOutcome()
    {
        var rules = new RuleSetLoader().LoadString(Rules);
        using var telemetry = new TelemetryCollector();

        rules.Evaluate(Call("on-aws", "AWS"), AsOf);
        rules.Evaluate(Call("on-azure", "Azure"), AsOf);
        rules.Evaluate(new CallSubject { Id = "no-vendor" }, AsOf);
        rules.EvaluateMany([SubjectInput.From(Call("batch", "AWS"))], AsOf).ToArray();

        var counted = telemetry.Of(ComplianceTelemetry.EvaluationsInstrument)
            .Select(m => (m.Value, Kind: m.Tags[ComplianceTelemetry.KindTag], Outcome: m.Tags[ComplianceTelemetry.OutcomeTag]));
        Assert.That(counted, Is.EqualTo(new[]
        {
            (1.0, (object?)"call", (object?)"violation"),
            (1.0, "call", "compliant"),
            (1.0, "call", "indeterminate"),
            (1.0, "call", "violation"),
        }));
    }

    [Test]
    public void EachEvaluation_RecordsItsDurationInSeconds()
    {
        var rules = new RuleSetLoader().LoadString(Rules);
        using var telemetry = new TelemetryCollector();

        rules.Evaluate(Call("on-aws", "AWS"), AsOf);

        var duration = telemetry.Of(ComplianceTelemetry.EvaluationDurationInstrument).Single();
        Assert.That(duration.Value, Is.GreaterThan(0).And.LessThan(1));
        Assert.That(duration.Tags, Is.EquivalentTo(new Dictionary<string, object?>
        {
            [ComplianceTelemetry.KindTag] = "call",
            [ComplianceTelemetry.OutcomeTag] = "violation",
        }));
    }

    [Test]
    public void EachEvaluation_IsTracedAsAnActivityWithSubjectKindAndOutcome()
    {
        var rules = new RuleSetLoader().LoadString(Rules);
        using var telemetry = new TelemetryCollector();

        rules.Evaluate(Call("on-aws", "AWS"), AsOf);

        var activity = telemetry.Activities.Single();
        Assert.That(activity.OperationName, Is.EqualTo(ComplianceTelemetry.EvaluateActivity));
        Assert.That(activity.Source.Name, Is.EqualTo("Compliance"));
        Assert.That(activity.Tags, Is.EquivalentTo(new Dictionary<string, string?>
        {
            [ComplianceTelemetry.KindTag] = "call",
            [ComplianceTelemetry.SubjectTag] = "on-aws",
            [ComplianceTelemetry.OutcomeTag] = "violation",
        }));
    }

    [Test]
    public void Evaluation_WithNobodyListening_AllocatesNoMoreThanTheBareEvaluator()
    {
        var rules = new RuleSetLoader().LoadString(Rules);
        var bare = new Evaluator(rules);
        var input = SubjectInput.From(Call("on-aws", "AWS"));
        const int count = 2_000;

        long Allocated(Action evaluate)
        {
            evaluate();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < count; i++)
            {
                evaluate();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var throughRuleSet = Allocated(() => rules.Evaluate(input, AsOf));
        var direct = Allocated(() => bare.Evaluate(input, AsOf));

        Assert.That(Activity.Current, Is.Null);
        // Any allocation by the instrumentation would cost at least 24 bytes an evaluation.
        Assert.That((double)(throughRuleSet - direct) / count, Is.LessThan(8), $"instrumented {throughRuleSet} bytes, bare {direct} bytes");
    }
}
