using System.Diagnostics;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Telemetry;
using Compliance.Verdicts;
using Microsoft.Extensions.Logging;

namespace Compliance.Extensions.AI;

/// <summary>Judges one described model call against the current rule set and records the verdict: the one path shared by
/// the <c>IChatClient</c> gate and the span auditor.</summary>
internal sealed class CallJudge
{
    private readonly Func<RuleSet?> _rules;
    private readonly SubjectError _unavailable;
    private readonly EvaluationOptions _evaluation;

    public CallJudge(Func<RuleSet?> rules, string unavailable, ILogger logger, TimeProvider time)
    {
        _rules = rules;
        _unavailable = new SubjectError(null, unavailable);
        Logger = logger;
        _evaluation = ReferenceEquals(time, TimeProvider.System) ? EvaluationOptions.Default : new EvaluationOptions { TimeProvider = time };
    }

    public ILogger Logger { get; }

    /// <summary>A judge over one rule set, always there.</summary>
    public static CallJudge For(RuleSet rules, ILogger logger, TimeProvider time) =>
        new(() => rules, "no rule set is loaded", logger, time);

    /// <summary>A judge over the provider's current rule set, read afresh at each call so that a reload applies to the next one.</summary>
    public static CallJudge For(Hosting.IRuleSetProvider provider, ILogger logger, TimeProvider time) =>
        new(() => provider.State.RuleSet, "no rule set is loaded: every load of the rules so far had errors", logger, time);

    /// <summary>The call's verdict; <c>indeterminate</c> while no rule set is loaded.</summary>
    public Verdict Judge(CallSubject call) =>
        _rules() is { } rules ? rules.Evaluate(call, _evaluation) : Indeterminate(call.Id, call.Timestamp, _unavailable);

    /// <summary>An <c>indeterminate</c> verdict for a call that could not be judged at all.</summary>
    public Verdict Indeterminate(string? id, DateTimeOffset? at, SubjectError error) => new()
    {
        Subject = string.IsNullOrWhiteSpace(id) ? "(call)" : id,
        Kind = "call",
        AsOf = DateOnly.FromDateTime((at ?? _evaluation.TimeProvider.GetUtcNow()).UtcDateTime),
        Outcome = Outcome.Indeterminate,
        Clauses = [],
        Errors = [error],
    };

    /// <summary>Logs, counts and tags the verdict of a call.</summary>
    public void Record(Verdict verdict, CallSubject? call, string action, string origin, Activity? activity)
    {
        var outcome = VerdictNames.Name(verdict.Outcome);
        if (ComplianceAiTelemetry.Calls.Enabled)
        {
            ComplianceAiTelemetry.Calls.Add(1,
                new KeyValuePair<string, object?>(ComplianceTelemetry.OutcomeTag, outcome),
                new KeyValuePair<string, object?>(ComplianceAiTelemetry.ActionTag, action),
                new KeyValuePair<string, object?>(ComplianceAiTelemetry.OriginTag, origin));
        }

        string[]? violated = null;
        if (activity is not null)
        {
            violated = Violated(verdict);
            activity.SetTag(ComplianceTelemetry.OutcomeTag, outcome);
            activity.SetTag(ComplianceAiTelemetry.ClausesViolatedTag, violated);
            activity.SetTag(ComplianceAiTelemetry.ActionTag, action);
        }

        var level = verdict.Outcome switch
        {
            Outcome.Violation or Outcome.Indeterminate => LogLevel.Warning,
            Outcome.Review or Outcome.Warning => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (Logger.IsEnabled(level))
        {
            violated ??= Violated(verdict);
            var clauses = violated.Length > 0 ? $" ({string.Join(", ", violated)})"
                : verdict.Errors.Count > 0 ? $" ({string.Join("; ", verdict.Errors.Select(e => e.Message))})"
                : string.Empty;
            Log.CallJudged(Logger, level, verdict.Subject, call?.Vendor, call?.Model,
                call?.Mode is { } mode ? mode.ToString().ToLowerInvariant() : null, call?.Cloud, outcome, clauses, action);
        }
    }

    private static string[] Violated(Verdict verdict)
    {
        var count = 0;
        foreach (var clause in verdict.Clauses)
        {
            if (clause.Status == ClauseStatus.Violated)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var ids = new string[count];
        count = 0;
        foreach (var clause in verdict.Clauses)
        {
            if (clause.Status == ClauseStatus.Violated)
            {
                ids[count++] = clause.Id;
            }
        }

        return ids;
    }
}
