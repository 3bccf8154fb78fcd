using Microsoft.Extensions.Logging;

namespace Compliance.Extensions.AI;

/// <summary>The gate's and the auditor's log messages, with structured fields.</summary>
internal static partial class Log
{
    /// <summary>The category every message is logged under.</summary>
    public const string Category = "Compliance.Extensions.AI";

    [LoggerMessage(EventId = 1, EventName = "ModelCallJudged",
        Message = "model call `{Subject}` ({Vendor} `{Model}`, {Mode}, on {Cloud}) is {Outcome}{Clauses}; {Action}")]
    public static partial void CallJudged(ILogger logger, LogLevel level, string subject, string? vendor, string? model, string? mode,
        string? cloud, string outcome, string clauses, string action);

    [LoggerMessage(EventId = 2, EventName = "DescribeFailed", Level = LogLevel.Error,
        Message = "the application's `Describe` callback failed for a model call; the call is indeterminate")]
    public static partial void DescribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "SpanAuditFailed", Level = LogLevel.Error,
        Message = "judging the finished span `{SpanId}` failed unexpectedly; the span is not audited")]
    public static partial void SpanAuditFailed(ILogger logger, Exception exception, string spanId);
}
