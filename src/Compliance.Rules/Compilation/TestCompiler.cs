using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using Compliance.Rules.Subjects;
using Compliance.Rules.Testing;
using Compliance.Rules.Yaml;
using Compliance.Verdicts;

namespace Compliance.Rules.Compilation;

/// <summary>Compiles tests documents into <see cref="RuleTest"/>s: unique names, an <c>asOf</c> date, the expected outcome
/// and clause statuses (naming clauses that exist), and the subject bound to its kind.</summary>
internal sealed class TestCompiler(CompilationContext context)
{
    private readonly SubjectBinder _binder = new(context.Kinds);

    /// <param name="documents">The test documents, in file order.</param>
    /// <param name="clauseIds">Every clause written (<see cref="ContractCompiler.Declared"/>).</param>
    public IReadOnlyList<RuleTest> Compile(IReadOnlyList<TestDocument> documents, HashSet<string> clauseIds)
    {
        var result = new List<RuleTest>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document.Name?.Value is not { } name || document.Subject is null)
            {
                continue;
            }

            var ok = context.FirstUse(names, name, document.Name.Location, DiagnosticCodes.InvalidTest, first => LoadMessages.DuplicateTest(name, first));
            DateOnly? asOf = null;
            if (document.AsOf is { } a)
            {
                if (context.TryDate(a, "asOf", "2026-03-01", out var d))
                {
                    asOf = d;
                }
                else
                {
                    ok = false;
                }
            }

            Outcome? outcome = null;
            if (document.Outcome is { } o)
            {
                if (Keywords.TryOutcome(o.Value!, out var parsed))
                {
                    outcome = parsed;
                }
                else
                {
                    context.Error(DiagnosticCodes.InvalidValue, o.Location, LoadMessages.NotAnOutcome(o.Value, Enum.GetValues<Outcome>().Select(VerdictNames.Name)));
                    ok = false;
                }
            }

            var expected = new Dictionary<string, ClauseStatus>(StringComparer.Ordinal);
            foreach (var (clause, status) in document.Clauses)
            {
                if (!clauseIds.Contains(clause.Value!) && !context.Unreadable.Skips(clause.Value!, clause.Location))
                {
                    context.Error(DiagnosticCodes.InvalidTest, clause.Location, LoadMessages.TestNamesNoClause(name, clause.Value),
                        Suggestions.Qualify(clause.Value!, clauseIds) ?? Suggestions.DidYouMean(clause.Value!, clauseIds));
                    ok = false;
                }

                if (Keywords.TryStatus(status.Value!, out var s))
                {
                    expected[clause.Value!] = s;
                }
                else
                {
                    context.Error(DiagnosticCodes.InvalidValue, status.Location,
                        LoadMessages.NotAStatus(status.Value, Enum.GetValues<ClauseStatus>().Select(VerdictNames.Name)));
                    ok = false;
                }
            }

            if (document.Subject is MapNode subjectMap && subjectMap.Get("kind") is ScalarNode { IsNull: false } kindNode
                && context.Kinds.Find(kindNode.Value!) is { } kind)
            {
                foreach (var (key, hint) in _binder.UnknownKeys(subjectMap, kind.Model))
                {
                    context.Error(DiagnosticCodes.UnknownKey, key.Location, LoadMessages.UnknownSubjectField(key.Value, kind.Name), hint);
                    ok = false;
                }
            }

            if (ok)
            {
                result.Add(new RuleTest
                {
                    Name = name,
                    AsOf = asOf,
                    Subject = _binder.Bind(document.Subject, document.Subject.Location.FileAndLine),
                    ExpectedOutcome = outcome,
                    ExpectedClauses = expected,
                    Location = document.Name.Location,
                });
            }
        }

        return result;
    }
}
