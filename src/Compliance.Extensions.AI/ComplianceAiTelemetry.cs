using System.Diagnostics.Metrics;
using Compliance.Telemetry;

namespace Compliance.Extensions.AI;

/// <summary>The names under which the gate and the span auditor record model calls: a counter on the <c>Compliance</c>
/// meter, and tags on the call's activity.</summary>
/// <remarks>With OpenTelemetry: <c>.AddMeter(ComplianceTelemetry.MeterName)</c>. The rule set's own instruments
/// (<c>compliance.evaluations</c> and the rest, see <see cref="ComplianceTelemetry"/>) count the same calls as subjects.</remarks>
public static class ComplianceAiTelemetry
{
    /// <summary>Counter of model calls judged, tagged <see cref="ComplianceTelemetry.OutcomeTag"/>, <see cref="ActionTag"/>
    /// and <see cref="OriginTag"/>: <c>compliance.model_calls</c>.</summary>
    public const string CallsInstrument = "compliance.model_calls";

    /// <summary>The tag saying what became of the call: <c>allowed</c> or <c>refused</c> (the gate), <c>audited</c> (a span
    /// judged after it ended).</summary>
    public const string ActionTag = "compliance.action";

    /// <summary>The tag saying where the call was judged: <c>client</c> (the <c>IChatClient</c> gate) or <c>span</c> (the span
    /// auditor).</summary>
    public const string OriginTag = "compliance.origin";

    /// <summary>The activity tag listing the qualified ids of the clauses the call violated (a string array).</summary>
    public const string ClausesViolatedTag = "compliance.clauses.violated";

    internal static readonly Meter Meter = new(ComplianceTelemetry.MeterName, typeof(ComplianceAiTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>(CallsInstrument, "{call}", "Model calls judged, by outcome, action and origin");
}
