using System.Diagnostics;
using Compliance.Evaluation;
using Compliance.Hosting;
using Compliance.Subjects;
using Compliance.Subjects.ModelCalls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliance.Extensions.AI;

/// <summary>Judges every finished span that carries the OpenTelemetry GenAI attributes of a model call, for applications that
/// already emit OpenTelemetry and want audit only: each verdict is logged, counted on the <c>Compliance</c> meter and set
/// on the span.</summary>
/// <remarks>
/// <para>An <see cref="ActivityListener"/>: while it lives, the sources in <see cref="GenAiSpanAuditorOptions.Sources"/> are
/// sampled with all data (so that their instrumentation sets the attributes), not recorded: what an exporter sends is still
/// the SDK's sampler's choice. Dispose it to stop listening.</para>
/// <para>A span is judged when it stops, so the call has already been made: nothing is refused (use
/// <c>UseCompliance</c> in <see cref="ComplianceMode.Enforce"/> for that). The verdict's tags (<c>compliance.outcome</c>,
/// <c>compliance.clauses.violated</c>, <c>compliance.action</c> = <c>audited</c>) are set on the span as it stops: an exporter
/// whose processor runs after this listener (a listener created before the tracer provider, or any batch exporter, which
/// reads spans later) exports them; a simple processor whose listener was registered first may already have exported the span.</para>
/// <para>Thread-safe; judging runs on the thread that stops the span and adds microseconds.</para>
/// </remarks>
public sealed class GenAiSpanAuditor : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly CallJudge _judge;
    private readonly GenAiSpanAuditorOptions _options;
    private readonly string[] _exact;
    private readonly string[] _prefixes;

#pragma warning disable RS0026 // Two constructors with optional parameters: they differ in the rule set's source (a rule set or
                               // a provider), so no call is ambiguous.
    /// <summary>Starts judging spans against <paramref name="ruleSet"/>.</summary>
    /// <param name="ruleSet">The rule set.</param>
    /// <param name="options">The sources, mapping and callbacks; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Where verdicts are logged; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock for a span's call that could not be judged at all; <see langword="null"/> for the system clock.</param>
    public GenAiSpanAuditor(RuleSet ruleSet, GenAiSpanAuditorOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
        : this(CallJudge.For(ruleSet ?? throw new ArgumentNullException(nameof(ruleSet)), logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System), options)
    {
    }

    /// <summary>Starts judging spans against the provider's current rule set; a reload applies to the next span.</summary>
    /// <param name="provider">The rule set provider, such as the one <c>services.AddCompliance(...)</c> registers.</param>
    /// <param name="options">The sources, mapping and callbacks; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Where verdicts are logged; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock for a span's call that could not be judged at all; <see langword="null"/> for the system clock.</param>
    public GenAiSpanAuditor(IRuleSetProvider provider, GenAiSpanAuditorOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
        : this(CallJudge.For(provider ?? throw new ArgumentNullException(nameof(provider)), logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System), options)
    {
    }

#pragma warning restore RS0026

    private GenAiSpanAuditor(CallJudge judge, GenAiSpanAuditorOptions? options)
    {
        _judge = judge;
        _options = options ?? new GenAiSpanAuditorOptions();
        var problems = new List<string>();
        if (_options.Mapping is null)
        {
            problems.Add("`Mapping` is required");
        }

        if (_options.Sources.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("`Sources` holds an empty name");
        }

        if (problems.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                Microsoft.Extensions.Options.Options.DefaultName, typeof(GenAiSpanAuditorOptions), problems);
        }

        _exact = [.. _options.Sources.Where(s => !s.EndsWith('*'))];
        _prefixes = [.. _options.Sources.Where(s => s.EndsWith('*')).Select(s => s[..^1])];
        _listener = new ActivityListener
        {
            ShouldListenTo = Listens,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private bool Listens(ActivitySource source) =>
        _exact.Contains(source.Name, StringComparer.Ordinal) || _prefixes.Any(p => source.Name.StartsWith(p, StringComparison.Ordinal));

    private void Stopped(Activity activity)
    {
        try
        {
            Audit(activity);
        }
        catch (Exception ex)
        {
            // A listener that throws would break the application's own code that stopped the span.
            Log.SpanAuditFailed(_judge.Logger, ex, activity.SpanId.ToHexString());
        }
    }

    private void Audit(Activity activity)
    {
        var facts = GenAiAttributes.Read(activity.GetTagItem, activity.SpanId.ToHexString(), new DateTimeOffset(activity.StartTimeUtc, TimeSpan.Zero));
        if (facts is null)
        {
            return;
        }

        var call = _options.Mapping.Describe(facts);
        CallSubject? described = call;
        if (_options.Describe is { } describe)
        {
            try
            {
                described = describe(call, activity);
            }
            catch (Exception ex)
            {
                Log.DescribeFailed(_judge.Logger, ex);
                described = null;
            }
        }

        var verdict = described is null
            ? _judge.Indeterminate(call.Id, call.Timestamp, new SubjectError(null, "the application's `Describe` callback failed or returned no call, so the call cannot be described"))
            : _judge.Judge(described);
        _judge.Record(verdict, described ?? call, "audited", "span", activity);
        _options.OnVerdict?.Invoke(activity, verdict);
    }
}
