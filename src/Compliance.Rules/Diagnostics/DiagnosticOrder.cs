namespace Compliance.Rules.Diagnostics;

/// <summary>The order diagnostics are reported in: by file (ordinal), line, column and code, each diagnostic once.
/// The loader and the <c>lint</c> command both report in it.</summary>
public static class DiagnosticOrder
{
    /// <summary>The diagnostics without repeats, sorted by file, line, column and code; diagnostics equal in all four
    /// keep the order they were given in.</summary>
    /// <param name="diagnostics">The diagnostics, in the order they were found.</param>
    /// <returns>A new array; the input is not changed.</returns>
    public static Diagnostic[] Sort(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return diagnostics
            .Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToArray();
    }
}
