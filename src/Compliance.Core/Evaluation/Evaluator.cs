using Compliance.Conditions;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>Judges one subject against a rule set's clauses. Stateless; all state lives in the call.</summary>
internal sealed class Evaluator
{
    private readonly RuleSet _rules;
    private readonly Dictionary<string, Clause[]> _clausesByKind;
    private readonly Dictionary<string, Clause[]> _supersededBy;
    private readonly Dictionary<string, Waiver[]> _waiversByClause;

    public Evaluator(RuleSet rules)
    {
        _rules = rules;
        _clausesByKind = rules.Clauses.GroupBy(c => c.AppliesTo, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _supersededBy = rules.Clauses
            .SelectMany(c => c.Supersedes.Select(target => (target, by: c)))
            .GroupBy(p => p.target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.by).ToArray(), StringComparer.Ordinal);
        _waiversByClause = rules.Waivers.GroupBy(w => w.ClauseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public Verdict Evaluate(SubjectInput input, EvaluationOptions options)
    {
        var subject = input.Subject;
        var kind = subject is null ? null : _rules.Kinds.Find(subject.GetType());
        var errors = input.Errors;
        if (subject is not null && kind is null)
        {
            errors = [.. errors, new SubjectError(null, $"no subject kind is registered for `{subject.GetType().Name}`")];
        }
        else if (subject is not null)
        {
            var validation = kind!.Validate(subject);
            if (errors.Count == 0)
            {
                errors = validation;
            }
            else if (validation.Count > 0)
            {
                // The reader already explained the fields it could not read; the validator adds what is missing.
                var explained = errors.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
                errors = [.. errors, .. validation.Where(v => !explained.Contains(v.Path))];
            }
        }

        var id = input.Id ?? (subject is not null ? kind?.Model.IdField?.Getter(subject) as string : null) ?? input.Source ?? "(subject)";
        var asOf = DateFor(subject, kind, options);
        var kindName = kind?.Name ?? input.Kind;
        if (errors.Count > 0 || subject is null || kind is null)
        {
            return new Verdict
            {
                Subject = id,
                Kind = kindName,
                Source = input.Source,
                AsOf = asOf,
                Outcome = Outcome.Indeterminate,
                Clauses = [],
                Errors = errors.Count > 0 ? errors : [new SubjectError(null, "the subject could not be read")],
            };
        }

        var results = new List<ClauseResult>();
        var outcome = Outcome.NotApplicable;
        var scope = new EvaluationScope();
        if (_clausesByKind.TryGetValue(kind.Name, out var clauses))
        {
            foreach (var clause in clauses)
            {
                scope.Clear();
                var result = EvaluateClause(clause, subject, asOf, scope, options.Trace);
                if (result is null)
                {
                    continue;
                }

                results.Add(result);
                var contribution = Contribution(result.Status, clause.Effect);
                if (contribution < outcome)
                {
                    outcome = contribution;
                }
            }
        }

        return new Verdict
        {
            Subject = id,
            Kind = kind.Name,
            Source = input.Source,
            AsOf = asOf,
            Outcome = outcome,
            Clauses = results,
        };
    }

    private static Outcome Contribution(ClauseStatus status, Effect effect) => status switch
    {
        ClauseStatus.Violated => effect switch
        {
            Effect.Review => Outcome.Review,
            Effect.Warning => Outcome.Warning,
            _ => Outcome.Violation,
        },
        ClauseStatus.Error => Outcome.Indeterminate,
        ClauseStatus.Satisfied or ClauseStatus.Exempt or ClauseStatus.Waived => Outcome.Compliant,
        _ => Outcome.NotApplicable,
    };

    private static DateOnly DateFor(object? subject, SubjectKind? kind, EvaluationOptions options)
    {
        if (options.AsOf is { } asOf)
        {
            return asOf;
        }

        if (subject is not null && kind?.Model.TimestampField?.Getter(subject) is { } stamp
            && ValueComparer.TryInstant(stamp, out var instant))
        {
            return DateOnly.FromDateTime(instant.UtcDateTime);
        }

        return DateOnly.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime);
    }

    private ClauseResult? EvaluateClause(Clause clause, object subject, DateOnly asOf, EvaluationScope scope, bool trace)
    {
        if (!clause.Effective.Contains(asOf))
        {
            return trace ? Result(clause, ClauseStatus.NotApplicable, scope, reason: NotInEffect(clause, asOf)) : null;
        }

        try
        {
            if (clause.When is { } when && !when.Evaluate(subject, scope))
            {
                return trace ? Result(clause, ClauseStatus.NotApplicable, scope, reason: "its `when` does not hold") : null;
            }

            if (_supersededBy.TryGetValue(clause.Id, out var superseders))
            {
                foreach (var by in superseders)
                {
                    if (by.Effective.Contains(asOf))
                    {
                        return trace ? Result(clause, ClauseStatus.Superseded, scope, reason: $"superseded by `{by.Id}`") : null;
                    }
                }
            }

            var holds = clause.Condition.Evaluate(subject, scope);
            if (holds == (clause.Mode == ClauseMode.Require))
            {
                return Result(clause, ClauseStatus.Satisfied, scope);
            }

            foreach (var exception in clause.Exceptions)
            {
                if (exception.When.Evaluate(subject, scope))
                {
                    return Result(clause, ClauseStatus.Exempt, scope, exception: exception.Id);
                }
            }

            if (_waiversByClause.TryGetValue(clause.Id, out var waivers))
            {
                foreach (var waiver in waivers)
                {
                    if (waiver.IsActiveOn(asOf) && (waiver.When is null || waiver.When.Evaluate(subject, scope)))
                    {
                        return Result(clause, ClauseStatus.Waived, scope, waiver: waiver.Id);
                    }
                }
            }

            var message = clause.Message?.Render(subject) ?? clause.Title;
            return Result(clause, ClauseStatus.Violated, scope, message: message);
        }
        catch (ConditionFaultException fault)
        {
            return Result(clause, ClauseStatus.Error, scope, message: fault.Message);
        }
    }

    private static string NotInEffect(Clause clause, DateOnly asOf)
    {
        var window = clause.Effective;
        return window.From is { } from && asOf < from
            ? $"not in effect on {Operand.Format(asOf)}: in effect from {Operand.Format(from)}"
            : $"not in effect on {Operand.Format(asOf)}: in effect until {Operand.Format(window.Until!.Value)}";
    }

    private static ClauseResult Result(Clause clause, ClauseStatus status, EvaluationScope scope,
        string? message = null, string? exception = null, string? waiver = null, string? reason = null) => new()
    {
        Id = clause.Id,
        Contract = clause.Contract,
        Section = clause.Section,
        Title = clause.Title,
        Text = clause.Text,
        Status = status,
        Effect = clause.Effect,
        Message = message,
        Remediation = clause.Remediation,
        Facts = scope.Facts.ToArray(),
        Exception = exception,
        Waiver = waiver,
        Source = clause.Location.FileAndLine,
        Reason = reason,
    };
}
