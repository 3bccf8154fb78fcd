using Microsoft.Extensions.Logging;

namespace Compliance.Hosting;

/// <summary>The provider's log messages, with structured fields; none is written while evaluating.</summary>
internal static partial class Log
{
    /// <summary>The category every message is logged under.</summary>
    public const string Category = "Compliance.Hosting";

    [LoggerMessage(EventId = 1, EventName = "RuleSetLoaded", Level = LogLevel.Information,
        Message = "loaded rule set {Generation} from `{RulesPath}` ({Trigger}): {ContractCount} contracts, {ClauseCount} clauses, {WaiverCount} waivers, {WarningCount} warnings in {ElapsedMilliseconds} ms")]
    public static partial void RuleSetLoaded(ILogger logger, int generation, string rulesPath, string trigger,
        int contractCount, int clauseCount, int waiverCount, int warningCount, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2, EventName = "RuleSetNotLoaded", Level = LogLevel.Error,
        Message = "the rule set at `{RulesPath}` did not load ({Trigger}): {ErrorCount} error(s); no rule set is served and every verdict is indeterminate")]
    public static partial void RuleSetNotLoaded(ILogger logger, string rulesPath, string trigger, int errorCount);

    [LoggerMessage(EventId = 3, EventName = "RuleSetReloadFailed", Level = LogLevel.Error,
        Message = "the rule set at `{RulesPath}` did not reload ({Trigger}): {ErrorCount} error(s); still serving rule set {Generation}, loaded at {LoadedAt:o}")]
    public static partial void RuleSetReloadFailed(ILogger logger, string rulesPath, string trigger, int errorCount, int generation, DateTimeOffset loadedAt);

    [LoggerMessage(EventId = 4, EventName = "RuleDiagnostic",
        Message = "{File}:{Line}:{Column}: {Severity} {Code}: {DiagnosticMessage}")]
    public static partial void RuleDiagnostic(ILogger logger, LogLevel level, string file, int line, int column, string severity, string code, string diagnosticMessage);

    [LoggerMessage(EventId = 5, EventName = "RuleDiagnosticWithHint",
        Message = "{File}:{Line}:{Column}: {Severity} {Code}: {DiagnosticMessage} ({Hint})")]
    public static partial void RuleDiagnosticWithHint(ILogger logger, LogLevel level, string file, int line, int column, string severity, string code, string diagnosticMessage, string hint);

    [LoggerMessage(EventId = 6, EventName = "RulesChanged", Level = LogLevel.Debug,
        Message = "rules changed under `{RulesPath}` ({ChangeType} `{ChangedPath}`); reloading once they are quiet for {DebounceMilliseconds} ms")]
    public static partial void RulesChanged(ILogger logger, string rulesPath, string changeType, string changedPath, double debounceMilliseconds);

    [LoggerMessage(EventId = 7, EventName = "WatcherFailed", Level = LogLevel.Warning,
        Message = "watching `{RulesPath}` for changes failed; reloading now, and polling every {PollingInterval} finds later changes")]
    public static partial void WatcherFailed(ILogger logger, Exception exception, string rulesPath, TimeSpan? pollingInterval);

    [LoggerMessage(EventId = 8, EventName = "ReloadFailedUnexpectedly", Level = LogLevel.Error,
        Message = "reloading the rule set at `{RulesPath}` failed unexpectedly; still serving rule set {Generation}")]
    public static partial void ReloadCrashed(ILogger logger, Exception exception, string rulesPath, int generation);

    [LoggerMessage(EventId = 9, EventName = "TestsNotLoaded", Level = LogLevel.Warning,
        Message = "the tests documents under `{RulesPath}` have {ErrorCount} error(s) and were not loaded ({Trigger}); the rules are judged without them, and `compliance test` reports the errors")]
    public static partial void TestsNotLoaded(ILogger logger, string rulesPath, string trigger, int errorCount);
}
