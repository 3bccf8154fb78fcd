using Compliance.Verdicts;

namespace Compliance.NUnit;

/// <summary>Writes verdicts and clause results as failure messages quote them.</summary>
internal static class VerdictText
{
    private const string Indent = "    ";

    public static string Describe(Verdict verdict) =>
        $"outcome {VerdictNames.Name(verdict.Outcome)} for `{verdict.Subject}`{(verdict.Kind is null ? "" : $" ({verdict.Kind})")} as of {verdict.AsOf:yyyy-MM-dd}";

    public static void Write(Verdict verdict, TextWriter writer)
    {
        writer.Write(Describe(verdict));
        WriteDetails(verdict, writer);
    }

    /// <summary>The subject's errors, then the clauses that failed or, when none did, those that applied.</summary>
    public static void WriteDetails(Verdict verdict, TextWriter writer)
    {
        foreach (var error in verdict.Errors)
        {
            writer.Write($"\n{Indent}subject error{(error.Path is null ? "" : $" at `{error.Path}`")}: {error.Message}");
        }

        var failing = verdict.Clauses.Where(IsFailing).ToArray();
        var shown = failing.Length > 0 ? failing : verdict.Clauses;
        if (shown.Count == 0)
        {
            if (verdict.Errors.Count == 0)
            {
                writer.Write($"\n{Indent}no clause applied");
            }

            return;
        }

        writer.Write(failing.Length > 0 ? $"\n{Indent}failing clauses:" : $"\n{Indent}clauses that applied:");
        foreach (var clause in shown)
        {
            writer.Write($"\n{Indent}{Indent}{Clause(clause)}");
        }
    }

    /// <summary>A clause as one line: status, effect, id, section, title, and its message, exception, waiver or reason.</summary>
    public static string Clause(ClauseResult clause)
    {
        var line = $"{VerdictNames.Name(clause.Status)} ({VerdictNames.Name(clause.Effect)}) {clause.Id}"
            + (clause.Section is null ? "" : $" §{clause.Section}")
            + $" \"{clause.Title}\"";
        var detail = clause.Message
            ?? (clause.Exception is not null ? $"exception `{clause.Exception}`" : null)
            ?? (clause.Waiver is not null ? $"waiver `{clause.Waiver}`" : null)
            ?? clause.Reason;
        return detail is null ? line : $"{line}: {detail}";
    }

    private static bool IsFailing(ClauseResult clause) => clause.Status is ClauseStatus.Violated or ClauseStatus.Error;
}
