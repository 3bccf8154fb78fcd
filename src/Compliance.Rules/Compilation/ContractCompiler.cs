using Compliance.Conditions;
using Compliance.Model;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Documents;
using Compliance.Rules.Yaml;

namespace Compliance.Rules.Compilation;

/// <summary>Compiles contract documents into <see cref="Contract"/>s: unique contract and clause ids, each clause's kind,
/// effective window, conditions, message and exceptions, and <c>supersedes</c> naming clauses that exist.</summary>
internal sealed class ContractCompiler(CompilationContext context)
{
    /// <summary>Every clause written, qualified (<c>contract/clause</c>), compiled or not: references are checked against
    /// these, so that a clause with errors of its own is reported once, not again by everything that names it.</summary>
    public static HashSet<string> Declared(IEnumerable<ContractDocument> documents) => documents
        .Where(d => d.Id?.Value is not null)
        .SelectMany(d => d.Clauses.Where(c => c.Id?.Value is not null).Select(c => $"{d.Id!.Value}/{c.Id!.Value}"))
        .ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<Contract> Compile(IReadOnlyList<ContractDocument> documents)
    {
        var result = new List<Contract>();
        var contractIds = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document.Id?.Value is not { } id
                || !context.FirstUse(contractIds, id, document.Id.Location, DiagnosticCodes.DuplicateContract, first => LoadMessages.DuplicateContract(id, first)))
            {
                continue;
            }

            var clauses = new List<Clause>();
            var clauseIds = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var clause in document.Clauses)
            {
                if (clause.Id?.Value is { } clauseId
                    && !context.FirstUse(clauseIds, clauseId, clause.Id.Location, DiagnosticCodes.DuplicateClause,
                        previous => LoadMessages.DuplicateClause(clauseId, id, previous)))
                {
                    continue;
                }

                if (CompileClause(id, clause) is { } compiled)
                {
                    clauses.Add(compiled);
                }
            }

            result.Add(new Contract(id, document.Title ?? id, document.Parties, clauses, document.Id.Location));
        }

        var all = Declared(documents);
        foreach (var document in documents)
        {
            foreach (var clause in document.Clauses)
            {
                foreach (var target in clause.Supersedes)
                {
                    var qualified = Qualify(target.Value!, document.Id?.Value);
                    if (!all.Contains(qualified))
                    {
                        context.Error(DiagnosticCodes.DanglingSupersedes, target.Location, LoadMessages.DanglingSupersedes(target.Value!),
                            Suggestions.DidYouMean(qualified, all));
                    }
                }
            }
        }

        return result;
    }

    private static string Qualify(string id, string? contract) => id.Contains('/') || contract is null ? id : $"{contract}/{id}";

    private Clause? CompileClause(string contract, ClauseDocument document)
    {
        if (document.Id?.Value is not { } id || document.AppliesTo?.Value is not { } kindName)
        {
            return null;
        }

        var kind = context.Kinds.Find(kindName);
        if (kind is null)
        {
            context.Error(DiagnosticCodes.UnknownKind, document.AppliesTo.Location,
                LoadMessages.UnknownKind(kindName, context.Kinds.Kinds.Select(k => k.Name)),
                Suggestions.DidYouMean(kindName, context.Kinds.Kinds.Select(k => k.Name)));
            return null;
        }

        var conditions = context.Conditions;
        var window = Window(document.From, document.Until);
        var when = document.When is null ? null : conditions.Compile(document.When, kind);
        var body = document.Require ?? document.Forbid;
        var condition = body is null ? null : conditions.Compile(body, kind);
        var message = document.Message is null ? null : MessageTemplateParser.Parse(document.Message, kind, context.Diagnostics);
        var exceptions = new List<ClauseException>();
        var exceptionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var exception in document.Exceptions)
        {
            if (exception.Id?.Value is { } exceptionId && !exceptionIds.Add(exceptionId))
            {
                context.Error(DiagnosticCodes.DuplicateException, exception.Id.Location, LoadMessages.DuplicateException(exceptionId, id));
                continue;
            }

            var exceptionWhen = exception.When is null ? null : conditions.Compile(exception.When, kind);
            if (exceptionWhen is not null && exception.Id?.Value is { } eid)
            {
                exceptions.Add(new ClauseException(eid, exception.Reason, exceptionWhen, exception.Id.Location));
            }
        }

        var effect = document.Effect?.Value switch
        {
            "review" => Effect.Review,
            "warning" => Effect.Warning,
            _ => Effect.Violation,
        };
        if (condition is null || window is null || (document.When is not null && when is null)
            || (document.Message is not null && message is null) || document.Title is null || document.Text is null)
        {
            return null;
        }

        return new Clause(contract, id, document.Section, document.Title, document.Text.TrimEnd(), kind.Name, window, when,
            document.Require is not null ? ClauseMode.Require : ClauseMode.Forbid, condition, effect, message,
            document.Remediation?.TrimEnd(), exceptions, document.Supersedes.Select(s => Qualify(s.Value!, contract)).ToArray(),
            document.Id.Location);
    }

    /// <summary>The effective window: <c>from</c> inclusive, <c>until</c> exclusive, the end after the start.</summary>
    private EffectiveWindow? Window(ScalarNode? from, ScalarNode? until)
    {
        var ok = true;
        DateOnly? start = null, end = null;
        if (from is not null)
        {
            if (context.TryDate(from, "from", "2026-03-01", out var d))
            {
                start = d;
            }
            else
            {
                ok = false;
            }
        }

        if (until is not null)
        {
            if (context.TryDate(until, "until", "2026-03-01", out var d))
            {
                end = d;
            }
            else
            {
                ok = false;
            }
        }

        if (start is { } s && end is { } e && e <= s)
        {
            context.Error(DiagnosticCodes.EmptyWindow, until!.Location, LoadMessages.EmptyWindow(s, e));
            ok = false;
        }

        return ok ? new EffectiveWindow(start, end) : null;
    }
}
