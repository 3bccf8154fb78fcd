using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>What the CI formats report of a verdict: its failing clauses and its subject errors.</summary>
internal static class FailingClauses
{
    /// <summary>Whether a clause status is a failure: <c>violated</c> or <c>error</c>.</summary>
    public static bool IsFailing(ClauseStatus status) => status is ClauseStatus.Violated or ClauseStatus.Error;

    /// <summary>The verdict's failing clauses, in rule-set order.</summary>
    public static IEnumerable<ClauseResult> Of(Verdict verdict) => verdict.Clauses.Where(c => IsFailing(c.Status));

    /// <summary>What a failing clause weighs: its effect when violated, <c>error</c> when it could not be evaluated.</summary>
    public static string Severity(ClauseResult clause) =>
        clause.Status == ClauseStatus.Error ? VerdictNames.Name(ClauseStatus.Error) : VerdictNames.Name(clause.Effect);

    /// <summary>The clause's message, else its title.</summary>
    public static string Message(ClauseResult clause) => clause.Message ?? clause.Title;

    /// <summary>A subject error as <c>path: message</c>, or the message alone when it names no path.</summary>
    public static string Describe(Subjects.SubjectError error) =>
        error.Path is { Length: > 0 } path ? $"{path}: {error.Message}" : error.Message;

    /// <summary>Text on one line: line breaks and the blanks around them become one space.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
