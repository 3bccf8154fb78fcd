using Compliance.Rules.Diagnostics;

namespace Compliance.Cli.Output;

/// <summary>Rule-file diagnostics in compiler style, the way every command prints them.</summary>
/// <remarks>
/// <code>
/// rules/acme.yaml:11:28: error CMP0021: unknown path `clod`: `call` has no field `clod`
///   hint: did you mean `cloud`?
/// </code>
/// </remarks>
internal static class DiagnosticText
{
    /// <summary>Writes <c>path:line:col: error|warning|info CODE: message</c>, and the hint, if any, indented on the next line.</summary>
    /// <remarks>Every part is escaped by <see cref="SafeText"/>: a file name, a key or a value the message echoes may hold any character.</remarks>
    public static void Write(SafeText text, Diagnostic diagnostic)
    {
        text.Write(diagnostic.File).Write(':').Write(Number(diagnostic.Line)).Write(':').Write(Number(diagnostic.Column)).Write(": ")
            .Write(ToneOf(diagnostic.Severity), Severity(diagnostic.Severity))
            .Write(' ').Write(diagnostic.Code).Write(": ").Write(diagnostic.Message).EndLine();
        if (diagnostic.Hint is { } hint)
        {
            text.Write("  hint: ").Write(hint).EndLine();
        }
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>error</c>, <c>warning</c> or <c>info</c>.</summary>
    public static string Severity(DiagnosticSeverity severity) => Diagnostic.SeverityName(severity);

    private static Tone ToneOf(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => Tone.Failure,
        DiagnosticSeverity.Warning => Tone.Attention,
        _ => Tone.Notice,
    };

    /// <summary><c>1 error</c>, <c>2 errors</c>.</summary>
    public static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";
}
