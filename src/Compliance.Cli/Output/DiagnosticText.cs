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
    /// <summary>Writes <c>path:line:col: error|warning CODE: message</c>, and the hint, if any, indented on the next line.</summary>
    public static void Write(TextWriter writer, Diagnostic diagnostic)
    {
        writer.Write($"{diagnostic.File}:{diagnostic.Line}:{diagnostic.Column}: {Severity(diagnostic.Severity)} {diagnostic.Code}: {diagnostic.Message}\n");
        if (diagnostic.Hint is { } hint)
        {
            writer.Write($"  hint: {hint}\n");
        }
    }

    /// <summary><c>error</c> or <c>warning</c>.</summary>
    public static string Severity(DiagnosticSeverity severity) => severity == DiagnosticSeverity.Error ? "error" : "warning";

    /// <summary><c>1 error</c>, <c>2 errors</c>.</summary>
    public static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";
}
