using Compliance.Verdicts;

namespace Compliance.Extensions.AI;

/// <summary>Thrown in <see cref="ComplianceMode.Enforce"/> when a model call is refused before any request is sent.</summary>
public sealed class ComplianceRefusedException : Exception
{
    /// <summary>Creates the exception for a refused call's verdict.</summary>
    /// <param name="verdict">The verdict that refused the call.</param>
    public ComplianceRefusedException(Verdict verdict)
        : base(Describe(verdict ?? throw new ArgumentNullException(nameof(verdict))))
    {
        Verdict = verdict;
    }

    /// <summary>The verdict that refused the call: its outcome, the clauses violated, or the errors that made it
    /// <c>indeterminate</c>.</summary>
    public Verdict Verdict { get; }

    private static string Describe(Verdict verdict)
    {
        var outcome = VerdictNames.Name(verdict.Outcome);
        var clauses = verdict.Clauses.Where(c => c.Status is ClauseStatus.Violated or ClauseStatus.Error).Select(c => c.Id).ToArray();
        var why = clauses.Length > 0 ? $": {string.Join(", ", clauses)}"
            : verdict.Errors.Count > 0 ? $": {string.Join("; ", verdict.Errors.Select(e => e.Message))}"
            : string.Empty;
        return $"the model call `{verdict.Subject}` was refused before it was sent; its verdict is {outcome}{why}";
    }
}
