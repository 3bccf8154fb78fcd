using System.Diagnostics;
using System.Diagnostics.Metrics;
using Compliance.Evaluation;
using Compliance.Verdicts;

namespace Compliance.Telemetry;

/// <summary>The names under which the engine publishes metrics and traces, for OpenTelemetry or a <see cref="MeterListener"/>.</summary>
/// <remarks>One <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named <see cref="MeterName"/>. They cost
/// nothing until something listens: the evaluation path checks for listeners before it times, tags or traces anything.
/// With OpenTelemetry: <c>.AddMeter(ComplianceTelemetry.MeterName)</c> and <c>.AddSource(ComplianceTelemetry.ActivitySourceName)</c>.</remarks>
public static class ComplianceTelemetry
{
    /// <summary>The meter's name: <c>Compliance</c>.</summary>
    public const string MeterName = "Compliance";

    /// <summary>The activity source's name: <c>Compliance</c>.</summary>
    public const string ActivitySourceName = "Compliance";

    /// <summary>Counter of subjects judged, tagged <see cref="KindTag"/> and <see cref="OutcomeTag"/>.</summary>
    public const string EvaluationsInstrument = "compliance.evaluations";

    /// <summary>Histogram of the time one subject takes to judge, in seconds, tagged <see cref="KindTag"/> and <see cref="OutcomeTag"/>.</summary>
    public const string EvaluationDurationInstrument = "compliance.evaluation.duration";

    /// <summary>Counter of rule-set load attempts, successful or not.</summary>
    public const string LoadsInstrument = "compliance.rule_set.loads";

    /// <summary>Counter of rule-set load attempts that produced no rule set (some diagnostic was an error).</summary>
    public const string LoadFailuresInstrument = "compliance.rule_set.load_failures";

    /// <summary>The activity of judging one subject: <c>compliance.evaluate</c>.</summary>
    public const string EvaluateActivity = "compliance.evaluate";

    /// <summary>The activity of loading a rule set: <c>compliance.rule_set.load</c>.</summary>
    public const string LoadActivity = "compliance.rule_set.load";

    /// <summary>The tag holding the subject's kind, such as <c>call</c>; <c>unknown</c> when it could not be told.</summary>
    public const string KindTag = "compliance.subject.kind";

    /// <summary>The tag holding a verdict's outcome, spelt as in JSON (<c>violation</c>, <c>notApplicable</c>).</summary>
    public const string OutcomeTag = "compliance.outcome";

    /// <summary>The activity tag holding the subject's id.</summary>
    public const string SubjectTag = "compliance.subject.id";

    internal static readonly Meter Meter = new(MeterName, typeof(ComplianceTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(ComplianceTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly Counter<long> Evaluations = Meter.CreateCounter<long>(
        EvaluationsInstrument, "{evaluation}", "Subjects judged, by kind and outcome");

    internal static readonly Histogram<double> EvaluationDuration = Meter.CreateHistogram(
        EvaluationDurationInstrument, "s", "Time to judge one subject", tags: null,
        advice: new InstrumentAdvice<double>
        {
            // Judging a subject takes microseconds: the default boundaries (0 to 10,000) would put every value in one bucket.
            HistogramBucketBoundaries = [0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.05, 0.1],
        });

    internal static readonly Counter<long> Loads = Meter.CreateCounter<long>(
        LoadsInstrument, "{load}", "Rule-set load attempts");

    internal static readonly Counter<long> LoadFailures = Meter.CreateCounter<long>(
        LoadFailuresInstrument, "{load}", "Rule-set load attempts that failed with errors");

    /// <summary>Judges one subject, recording metrics and an activity only when something listens.</summary>
    internal static Verdict Evaluate(Evaluator evaluator, SubjectInput input, EvaluationOptions options)
    {
        if (!Evaluations.Enabled && !EvaluationDuration.Enabled && !Source.HasListeners())
        {
            return evaluator.Evaluate(input, options);
        }

        return EvaluateObserved(evaluator, input, options);
    }

    private static Verdict EvaluateObserved(Evaluator evaluator, SubjectInput input, EvaluationOptions options)
    {
        using var activity = Source.StartActivity(EvaluateActivity, ActivityKind.Internal);
        var started = EvaluationDuration.Enabled ? Stopwatch.GetTimestamp() : 0L;
        var verdict = evaluator.Evaluate(input, options);
        var kind = new KeyValuePair<string, object?>(KindTag, verdict.Kind ?? "unknown");
        var outcome = new KeyValuePair<string, object?>(OutcomeTag, VerdictNames.Name(verdict.Outcome));
        if (started != 0)
        {
            EvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kind, outcome);
        }

        Evaluations.Add(1, kind, outcome);
        if (activity is not null)
        {
            activity.SetTag(KindTag, kind.Value);
            activity.SetTag(SubjectTag, verdict.Subject);
            activity.SetTag(OutcomeTag, outcome.Value);
        }

        return verdict;
    }

    /// <summary>Starts the activity of a rule-set load, when something listens.</summary>
    internal static Activity? StartLoad() => Source.StartActivity(LoadActivity, ActivityKind.Internal);

    /// <summary>Counts a finished load attempt and completes its activity.</summary>
    internal static void RecordLoad(Activity? activity, bool succeeded, int files, int errors, int warnings)
    {
        Loads.Add(1);
        if (!succeeded)
        {
            LoadFailures.Add(1);
        }

        if (activity is not null)
        {
            activity.SetTag("compliance.rule_set.files", files);
            activity.SetTag("compliance.rule_set.errors", errors);
            activity.SetTag("compliance.rule_set.warnings", warnings);
            activity.SetStatus(succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error,
                succeeded ? null : $"the rule set has {errors} error(s)");
        }
    }
}
