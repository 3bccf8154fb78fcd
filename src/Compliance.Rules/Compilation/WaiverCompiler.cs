using Compliance.Model;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Compilation;

/// <summary>Compiles waiver documents into <see cref="Waiver"/>s: unique ids, an <c>expires</c> date (warning when it has
/// passed), the clause waived (which must exist) and the <c>when</c> on that clause's kind.</summary>
internal sealed class WaiverCompiler(CompilationContext context)
{
    /// <param name="documents">The waiver documents, in file order.</param>
    /// <param name="contracts">The compiled contracts, whose clauses waivers name.</param>
    /// <param name="declared">Every clause written (<see cref="ContractCompiler.Declared"/>): a waiver of a clause with
    /// errors of its own is not reported again.</param>
    public IReadOnlyList<Waiver> Compile(IReadOnlyList<WaiverDocument> documents, IReadOnlyList<Contract> contracts, HashSet<string> declared)
    {
        var clauses = contracts.SelectMany(c => c.Clauses).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var ids = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var result = new List<Waiver>();
        var today = DateOnly.FromDateTime(context.Options.TimeProvider.GetUtcNow().UtcDateTime);
        foreach (var document in documents)
        {
            if (document.Id?.Value is not { } id
                || !context.FirstUse(ids, id, document.Id.Location, DiagnosticCodes.DuplicateWaiver, first => LoadMessages.DuplicateWaiver(id, first)))
            {
                continue;
            }

            DateOnly? expires = null;
            var inclusive = document.Through is not null && document.Expires is null;
            if ((inclusive ? document.Through : document.Expires) is { } e)
            {
                if (!context.TryDate(e, inclusive ? "through" : "expires", "2027-01-31", out var date))
                {
                    // reported
                }
                else if (inclusive && date == DateOnly.MaxValue)
                {
                    context.Error(DiagnosticCodes.InvalidDate, e.Location, LoadMessages.ThroughTooLate); // its day after is no date
                }
                else
                {
                    expires = inclusive ? date.AddDays(1) : date;
                    if (expires <= today)
                    {
                        context.Diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.ExpiredWaiver, e.Location,
                            inclusive ? LoadMessages.EndedWaiver(id, date) : LoadMessages.ExpiredWaiver(id, date),
                            inclusive ? LoadMessages.EndedWaiverHint : LoadMessages.ExpiredWaiverHint));
                    }
                }
            }

            if (document.Clause?.Value is not { } clauseId)
            {
                continue;
            }

            if (!clauses.TryGetValue(clauseId, out var clause))
            {
                if (declared.Contains(clauseId) || context.Unreadable.Skips(clauseId, document.Clause.Location))
                {
                    continue; // the clause exists but has errors of its own, or may be in a file that could not be read
                }

                context.Error(DiagnosticCodes.DanglingWaiver, document.Clause.Location, LoadMessages.DanglingWaiver(id, clauseId),
                    Suggestions.Qualify(clauseId, clauses.Keys) ?? Suggestions.DidYouMean(clauseId, clauses.Keys));
                continue;
            }

            var kind = context.Kinds.Find(clause.AppliesTo)!;
            var everySubject = document.When is null or MapNode { Entries.Count: 0 };
            if (document.When is null)
            {
                context.Diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.WaiverWithoutWhen, document.Id.Location,
                    LoadMessages.WaiverWithoutWhen(id, clauseId), LoadMessages.WaiverWithoutWhenHint));
            }

            // `when: {}` waives every subject the clause applies to, on purpose: no condition, as when `when` is absent.
            var when = everySubject ? null : context.Conditions.Compile(document.When!, kind, clause.Contract);
            if ((everySubject || when is not null) && expires is { } x)
            {
                result.Add(new Waiver(id, clauseId, when, document.Reason, document.ApprovedBy, x, document.Id.Location) { Inclusive = inclusive });
            }
        }

        return result;
    }
}
