using Compliance.Verdicts;

namespace Compliance.NUnit;

/// <summary>Holds when a clause applied to the subject and, if a status is given, had that status:
/// <c>Has.Violated("msft-openai/azure-stateless-exclusivity")</c>, <c>Has.Clause(id).WithStatus(ClauseStatus.Exempt)</c>.</summary>
/// <remarks>A clause "applied" when the verdict lists it: any status but <c>notApplicable</c> and <c>superseded</c>, which
/// verdicts list only when traced.</remarks>
public sealed class ClauseConstraint : VerdictConstraint
{
    /// <summary>Creates the constraint.</summary>
    /// <param name="clauseId">The qualified clause id, <c>contract/clause</c>.</param>
    /// <param name="status">The status the clause must have; <see langword="null"/> for any status under which it applied.</param>
    public ClauseConstraint(string clauseId, ClauseStatus? status = null)
        : base(status is { } s ? $"clause `{clauseId}` {VerdictNames.Name(s)}" : $"clause `{clauseId}` applied", clauseId, status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clauseId);
        ClauseId = clauseId;
        Status = status;
    }

    /// <summary>The qualified clause id.</summary>
    public string ClauseId { get; }

    /// <summary>The status required; <see langword="null"/> for any status under which the clause applied.</summary>
    public ClauseStatus? Status { get; }

    /// <summary>The same clause, now required to have <paramref name="status"/>.</summary>
    public ClauseConstraint WithStatus(ClauseStatus status) => new(ClauseId, status);

    /// <inheritdoc/>
    protected override bool Matches(Verdict verdict) => Find(verdict) is { } clause && (Status is not { } s ? Applied(clause) : clause.Status == s);

    /// <inheritdoc/>
    protected internal override void WriteActual(Verdict verdict, TextWriter writer)
    {
        var clause = Find(verdict);
        writer.Write(clause is null || !Applied(clause)
            ? $"clause `{ClauseId}` did not apply{(clause?.Reason is { } reason ? $" ({reason})" : "")}; {VerdictText.Describe(verdict)}"
            : $"clause `{ClauseId}` {VerdictNames.Name(clause.Status)}; {VerdictText.Describe(verdict)}");
        VerdictText.WriteDetails(verdict, writer);
    }

    private ClauseResult? Find(Verdict verdict) => verdict.Clauses.FirstOrDefault(c => c.Id == ClauseId);

    private static bool Applied(ClauseResult clause) => clause.Status is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded);
}
