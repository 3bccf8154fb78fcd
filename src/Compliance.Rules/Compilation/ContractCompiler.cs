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
    /// these, so that a clause with errors of its own is reported once, not again by everything that names it. An invalid
    /// id is also there under the valid id it was probably meant as, so that a reference written with the corrected id is
    /// not reported beside the id's own error.</summary>
    public static HashSet<string> Declared(IEnumerable<ContractDocument> documents) => documents
        .Where(d => d.Id?.Value is not null)
        .SelectMany(d => d.Clauses.Where(c => c.Id?.Value is not null).SelectMany(c => Spellings(d.Id!.Value!, c.Id!.Value!)))
        .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Spellings(string contract, string clause)
    {
        yield return $"{contract}/{clause}";
        var validContract = DocumentValidators.IsValidId(contract) ? contract : DocumentValidators.SuggestId(contract);
        var validClause = DocumentValidators.IsValidId(clause) ? clause : DocumentValidators.SuggestId(clause);
        if (validContract is not null && validClause is not null && (validContract != contract || validClause != clause))
        {
            yield return $"{validContract}/{validClause}";
        }
    }

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
                    if (!all.Contains(qualified) && !context.Unreadable.Skips(qualified, target.Location))
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

        var kind = Keywords.Kind(context.Kinds, kindName);
        if (kind is null)
        {
            context.Error(DiagnosticCodes.UnknownKind, document.AppliesTo.Location,
                LoadMessages.UnknownKind(kindName, context.Kinds.Kinds.Select(k => k.Name)),
                Suggestions.DidYouMean(kindName, context.Kinds.Kinds.Select(k => k.Name)));
            return null;
        }

        var conditions = context.Conditions;
        var window = Window(document.From, document.Until, document.Through);
        var when = document.When is null ? null : conditions.Compile(document.When, kind, contract);
        var body = document.Require ?? document.Forbid;
        var condition = body is null ? null : conditions.Compile(body, kind, contract);
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

            var exceptionWhen = exception.When is null ? null : conditions.Compile(exception.When, kind, contract);
            var exceptionWindow = Window(exception.From, exception.Until, exception.Through, "the exception's window");
            if (exceptionWindow is not null && window is not null && exception.Id?.Value is { } windowed)
            {
                WithinClause(id, windowed, window, exceptionWindow, exception);
            }

            if (exceptionWhen is not null && exceptionWindow is not null && exception.Id?.Value is { } eid)
            {
                exceptions.Add(new ClauseException(eid, exception.Reason, exceptionWhen, exception.Id.Location)
                {
                    Effective = exceptionWindow,
                    Section = exception.Section,
                });
            }
        }

        var effect = document.Effect?.Value is { } word ? Keywords.EffectOf(word) ?? Effect.Violation : Effect.Violation;
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

    /// <summary>Warns when a dated carve-out starts before its clause is in force or ends after it: on those days it
    /// carves out of nothing, which usually means one of the two windows was mistyped.</summary>
    private void WithinClause(string clause, string exception, EffectiveWindow window, EffectiveWindow inner, ExceptionDocument document)
    {
        if (window.From is { } from && inner.From is { } innerFrom && innerFrom < from)
        {
            context.Diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.ExceptionWindowOutsideClause, document.From!.Location,
                LoadMessages.ExceptionStartsEarly(exception, innerFrom, clause, from), LoadMessages.ExceptionStartsEarlyHint));
        }

        if (window.Until is { } until && inner.Until is { } innerUntil && innerUntil > until)
        {
            context.Diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.ExceptionWindowOutsideClause, (document.Through ?? document.Until)!.Location,
                LoadMessages.ExceptionEndsLate(exception, innerUntil.AddDays(-1), clause, until.AddDays(-1)), LoadMessages.ExceptionEndsLateHint));
        }
    }

    /// <summary>The effective window: <c>from</c> inclusive, and <c>until</c> exclusive or <c>through</c> inclusive (never
    /// both), the end after the start.</summary>
    private EffectiveWindow? Window(ScalarNode? from, ScalarNode? until, ScalarNode? through, string what = "the effective window")
    {
        var ok = Date(from, "from", out var start) & Date(until, "until", out var end);
        if (through is not null)
        {
            if (until is not null)
            {
                context.Error(DiagnosticCodes.UntilAndThrough, through.Location, LoadMessages.UntilAndThrough(what));
                ok = false;
            }
            else if (Date(through, "through", out var last) && last is { } l)
            {
                if (start is { } first && l < first)
                {
                    context.Error(DiagnosticCodes.EmptyWindow, through.Location, LoadMessages.EmptyThroughWindow(first, l, what));
                    return null;
                }

                if (l == DateOnly.MaxValue)
                {
                    context.Error(DiagnosticCodes.InvalidDate, through.Location, LoadMessages.ThroughTooLate);
                    return null;
                }

                return ok ? new EffectiveWindow(start, l.AddDays(1)) { Inclusive = true } : null;
            }
            else
            {
                ok = false;
            }
        }

        if (start is { } s && end is { } e && e <= s)
        {
            context.Error(DiagnosticCodes.EmptyWindow, until!.Location, LoadMessages.EmptyWindow(s, e, what));
            ok = false;
        }

        return ok ? new EffectiveWindow(start, end) : null;
    }

    /// <summary>Reads an optional date key of a window; <see langword="false"/> when it is written and is not a date.</summary>
    private bool Date(ScalarNode? node, string key, out DateOnly? date)
    {
        date = null;
        if (node is null)
        {
            return true;
        }

        if (!context.TryDate(node, key, "2026-03-01", out var d))
        {
            return false;
        }

        date = d;
        return true;
    }
}
