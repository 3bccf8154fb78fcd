using System.Text;
using Compliance.Verdicts;

namespace DeploymentCompliance.Tests;

/// <summary>Turns a verdict into the failure message a test shows: which clauses failed, in the contract's words.</summary>
public static class ComplianceAssert
{
    /// <summary>Describes a verdict that is not compliant: each failing clause with its id, section, title, message,
    /// quoted text and fix, and each reason the subject could not be judged.</summary>
    public static string Describe(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var text = new StringBuilder();
        text.Append($"`{verdict.Subject}` ({verdict.Source ?? "made in code"}) is {VerdictNames.Name(verdict.Outcome)} as of {verdict.AsOf:yyyy-MM-dd}");
        foreach (var error in verdict.Errors)
        {
            text.Append($"\n  invalid: {(error.Path is { Length: > 0 } path ? path + ": " : "")}{error.Message}");
        }

        foreach (var clause in verdict.Clauses.Where(c => c.Status is ClauseStatus.Violated or ClauseStatus.Error))
        {
            var section = clause.Section is null ? "" : $" §{clause.Section}";
            text.Append($"\n  {clause.Id}{section} {clause.Title} [{VerdictNames.Name(clause.Status)}, {VerdictNames.Name(clause.Effect)}]");
            text.Append($"\n    {clause.Message ?? clause.Title}");
            text.Append($"\n    the contract says: \"{clause.Text.Trim()}\"");
            if (clause.Remediation is { } remediation)
            {
                text.Append($"\n    fix: {remediation.Trim()}");
            }

            text.Append($"\n    clause: {clause.Source}");
        }

        return text.ToString();
    }
}
