namespace Compliance.Rules.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The rule set does not load.</summary>
    Error,

    /// <summary>The rule set loads, but something deserves attention.</summary>
    Warning,

    /// <summary>Not a problem: a note about the load, such as which checks were skipped because a file could not be read.</summary>
    Info,
}

/// <summary>A problem found in a rule, waiver or tests file, at a precise location.</summary>
/// <param name="Code">A stable code such as <c>CMP0021</c>; never renumbered.</param>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="File">The file's path as the caller named it.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Message">One line, lowercase start, no final period, user text in backticks.</param>
/// <param name="Hint">An optional suggestion, such as "did you mean `cloud`?".</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string File, int Line, int Column, string Message, string? Hint = null)
{
    internal static Diagnostic Error(string code, SourceLocation at, string message, string? hint = null) =>
        new(code, DiagnosticSeverity.Error, at.File, at.Line, at.Column, message, hint);

    internal static Diagnostic Warning(string code, SourceLocation at, string message, string? hint = null) =>
        new(code, DiagnosticSeverity.Warning, at.File, at.Line, at.Column, message, hint);

    internal static Diagnostic Info(string code, SourceLocation at, string message, string? hint = null) =>
        new(code, DiagnosticSeverity.Info, at.File, at.Line, at.Column, message, hint);

    /// <summary>The severity as printed: <c>error</c>, <c>warning</c> or <c>info</c>.</summary>
    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>The diagnostic in compiler style: <c>file:line:col: error CODE: message</c>, the hint in parentheses.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {SeverityName(Severity)} {Code}: {Message}"
        + (Hint is null ? string.Empty : $" ({Hint})");
}
