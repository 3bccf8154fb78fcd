using Compliance.Hosting;
using Compliance.Subjects;
using Compliance.Verdicts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace ServiceIntegration;

/// <summary>How many rounds to audit (0: until stopped) and how long to wait between them.</summary>
internal sealed record AuditSettings(int Rounds, TimeSpan Interval);

/// <summary>Judges a few calls every few seconds with the rules as they are now, and logs each change of the rules' health.</summary>
internal sealed partial class CallAuditor(
    IComplianceEvaluator evaluator, IRuleSetProvider rules, AuditSettings settings, IHostApplicationLifetime lifetime, ILogger<CallAuditor> logger)
    : BackgroundService
{
    private static readonly CallSubject[] Calls =
    [
        new() { Id = "call-azure", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "Azure", Timestamp = DateTimeOffset.UtcNow },
        new() { Id = "call-aws", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS", Timestamp = DateTimeOffset.UtcNow },
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // <snippet:watch-health>
        using var subscription = ChangeToken.OnChange(rules.GetChangeToken, () =>
        {
            var state = rules.State;   // read once: the rule set, health and diagnostics belong together
            RulesChanged(logger, state.Health, state.Generation, state.Diagnostics.Count);
        });
        // </snippet:watch-health>

        using var timer = new PeriodicTimer(settings.Interval);
        var round = 0;
        do
        {
            foreach (var call in Calls)
            {
                // <snippet:evaluate-in-service>
                Verdict verdict = evaluator.Evaluate(call);   // the current rule set; never a half-loaded one
                // </snippet:evaluate-in-service>
                var failing = verdict.Clauses.FirstOrDefault(c => c.Status is ClauseStatus.Violated or ClauseStatus.Error);
                Judged(logger, verdict.Subject, VerdictNames.Name(verdict.Outcome), failing?.Id ?? "-", rules.State.Health);
            }

            if (++round == settings.Rounds)
            {
                lifetime.StopApplication();
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "rules are now {Health}: generation {Generation}, {DiagnosticCount} diagnostics")]
    private static partial void RulesChanged(ILogger logger, RuleSetHealth health, int generation, int diagnosticCount);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Subject}: {Outcome} (failing clause: {Clause}; rules {Health})")]
    private static partial void Judged(ILogger logger, string subject, string outcome, string clause, RuleSetHealth health);
}
