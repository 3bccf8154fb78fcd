using Compliance.Core.Tests.Telemetry;
using System.Diagnostics;
using Compliance.Telemetry;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Telemetry;

public class LoadTelemetryTests
{
    private const string Good = """
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

    [Test]
    public void SuccessfulLoad_CountsALoad_AndNoFailure()
    {
        using var telemetry = new TelemetryCollector();

        var result = new RuleSetLoader().LoadStrings([new RuleSource("acme.yaml", Good)]);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(telemetry.Of(ComplianceTelemetry.LoadsInstrument).Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(telemetry.Of(ComplianceTelemetry.LoadFailuresInstrument), Is.Empty);
        var activity = telemetry.Activities.Single();
        Assert.That(activity.OperationName, Is.EqualTo(ComplianceTelemetry.LoadActivity));
        Assert.That(activity.Status, Is.EqualTo(ActivityStatusCode.Ok));
        Assert.That(activity.TagObjects, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["compliance.rule_set.files"] = 1,
            ["compliance.rule_set.errors"] = 0,
            ["compliance.rule_set.warnings"] = 0,
        }));
    }

    [Test]
    public void LoadWithErrors_CountsALoadAndAFailure_AndMarksTheActivityFailed()
    {
        using var telemetry = new TelemetryCollector();

        var result = new RuleSetLoader().LoadStrings([new RuleSource("acme.yaml", Good.Replace("cloud: Azure", "clod: Azure", StringComparison.Ordinal))]);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(telemetry.Of(ComplianceTelemetry.LoadsInstrument).Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(telemetry.Of(ComplianceTelemetry.LoadFailuresInstrument).Sum(m => m.Value), Is.EqualTo(1));
        var activity = telemetry.Activities.Single();
        Assert.That((activity.Status, activity.StatusDescription), Is.EqualTo((ActivityStatusCode.Error, "the rule set has 1 error(s)")));
    }

    [Test]
    public void LoadFromAMissingFolder_IsAFailedLoad()
    {
        using var telemetry = new TelemetryCollector();

        new RuleSetLoader().LoadFiles([Path.Combine(Path.GetTempPath(), "compliance-no-such-folder-" + Guid.NewGuid().ToString("N"))]);

        Assert.That(telemetry.Of(ComplianceTelemetry.LoadFailuresInstrument).Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(telemetry.Activities.Single().GetTagItem("compliance.rule_set.files"), Is.Zero);
    }
}
