using System.Security.Cryptography;
using System.Text;

namespace Compliance.Cli.Output;

/// <summary>Stable identities of a finding across runs, for the CI views that track findings (SARIF's
/// <c>partialFingerprints</c>, GitLab Code Quality's <c>fingerprint</c>).</summary>
/// <remarks>A finding is the same from run to run when it concerns the same subject and the same clause (or code),
/// wherever their lines move: the fingerprint is a hash of those names alone, never of a line or a message.</remarks>
internal static partial class Fingerprints
{
    /// <summary>The SARIF <c>partialFingerprints</c> name of <see cref="Of"/>.</summary>
    public const string SubjectClause = "complianceSubjectClause/v1";

    /// <summary>The fingerprint of a subject's finding: its file (as reports write it; <c>-</c> for standard input), its
    /// id, and the clause id (or rule id, or diagnostic code) it concerns. Two subjects with one id in two files differ.</summary>
    public static string OfFinding(Verdicts.Verdict verdict, ReportPaths paths, string rule)
    {
        var position = verdict.Source is { } source ? SourcePosition.Parse(source) : new SourcePosition(SourcePosition.StandardInput, null);
        return Of(position.IsFile ? paths.Display(position.File) : SourcePosition.StandardInput, verdict.Subject, rule);
    }

    /// <summary>The fingerprint of a diagnostic: its file, code and message with the dates in it taken out (a
    /// contradiction's message names the date of its counterexample, which moves with the day of the analysis), so
    /// that it stays when lines move and from day to day.</summary>
    public static string OfDiagnostic(string file, Rules.Diagnostics.Diagnostic diagnostic) =>
        Of(file, diagnostic.Code, DatePattern().Replace(diagnostic.Message, "DATE"));

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial System.Text.RegularExpressions.Regex DatePattern();

    /// <summary>The lowercase hex SHA-256 of the parts, each ended by a NUL (so that <c>("a/b", "c")</c> and
    /// <c>("a", "b/c")</c> differ), cut to 32 characters (128 bits).</summary>
    public static string Of(params string[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
