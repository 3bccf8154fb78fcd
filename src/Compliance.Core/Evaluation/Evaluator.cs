using Compliance.Conditions;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>Judges one subject against a rule set's clauses. Stateless; all state lives in the call.</summary>
/// <remarks>Prepared once per rule set: clauses grouped by kind with their superseders and waivers, and a
/// <see cref="ClauseIndex"/> per kind. Without tracing a subject visits only the clauses the index selects; with tracing,
/// every clause of its kind, since those that do not apply are reported too. The hot path allocates only the verdict:
/// the scratch state (recorded reads, candidate sets, the clause list) is reused per thread.</remarks>
internal sealed class Evaluator
{
    private readonly RuleSet _rules;
    private readonly Dictionary<string, KindPlan> _plans;

    public Evaluator(RuleSet rules)
    {
        _rules = rules;
        var supersededBy = rules.Clauses
            .SelectMany(c => c.Supersedes.Select(target => (target, by: c)))
            .GroupBy(p => p.target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.by).ToArray(), StringComparer.Ordinal);
        var waiversByClause = rules.Waivers.GroupBy(w => w.ClauseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _plans = rules.Clauses.GroupBy(c => c.AppliesTo, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new KindPlan(g.ToArray(), supersededBy, waiversByClause), StringComparer.Ordinal);
    }

    /// <summary>Whether evaluation without tracing visits only the clauses the index selects (the default), or every clause
    /// of the subject's kind; the verdicts are the same either way.</summary>
    internal bool UseIndex { get; init; } = true;

    public Evaluator WithoutIndex() => new(_rules) { UseIndex = false };

    public Verdict Evaluate(SubjectInput input, EvaluationOptions options)
    {
        var subject = input.Subject;
        var kind = subject is null ? null : _rules.Kinds.Find(subject.GetType());
        var errors = input.Errors;
        if (subject is not null && kind is null)
        {
            errors = [.. errors, new SubjectError(null, $"no subject kind is registered for `{subject.GetType().Name}`")];
        }
        else if (subject is not null && (errors.Count > 0 || !kind!.IsCertainlyValid(subject)))
        {
            // FluentValidation explains what is wrong; the built-in kinds skip it when a quick check finds nothing.
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

        var id = input.Id ?? (subject is not null ? IdOf(subject, kind) : null) ?? input.Source ?? "(subject)";
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

        var outcome = Outcome.NotApplicable;
        IReadOnlyList<ClauseResult> clauses = [];
        if (_plans.TryGetValue(kind.Name, out var plan))
        {
            var scratch = Scratch.Rent();
            try
            {
                clauses = Judge(plan, subject, asOf, options.Trace, scratch, ref outcome);
            }
            finally
            {
                Scratch.Return(scratch);
            }
        }

        return new Verdict
        {
            Subject = id,
            Kind = kind.Name,
            Source = input.Source,
            AsOf = asOf,
            Outcome = outcome,
            Clauses = clauses,
        };
    }

    private ClauseResult[] Judge(KindPlan plan, object subject, DateOnly asOf, bool trace, Scratch scratch, ref Outcome outcome)
    {
        var scope = scratch.Scope;
        scope.Reset();
        var results = scratch.Results;
        var count = 0;
        var clauses = plan.Clauses;
        if (trace || !UseIndex || !plan.Index.Narrows)
        {
            for (var i = 0; i < clauses.Length; i++)
            {
                Visit(plan, i, subject, asOf, trace, scope, ref results, ref count, ref outcome);
            }
        }
        else
        {
            var candidates = scratch.Candidates(plan.Index.Words);
            plan.Index.Select(subject, candidates);
            for (var i = ClauseIndex.Next(candidates, 0); i >= 0; i = ClauseIndex.Next(candidates, i + 1))
            {
                Visit(plan, i, subject, asOf, trace, scope, ref results, ref count, ref outcome);
            }
        }

        scratch.Results = results;
        var judged = results.AsSpan(0, count).ToArray();
        Array.Clear(results, 0, count);
        scope.Reset();
        return judged;
    }

    private static void Visit(KindPlan plan, int index, object subject, DateOnly asOf, bool trace, EvaluationScope scope,
        ref ClauseResult[] results, ref int count, ref Outcome outcome)
    {
        scope.Clear();
        var clause = plan.Clauses[index];
        var result = EvaluateClause(clause, plan.SupersededBy[index], plan.Waivers[index], subject, asOf, scope, trace);
        if (result is null)
        {
            return;
        }

        if (count == results.Length)
        {
            Array.Resize(ref results, Math.Max(8, results.Length * 2));
        }

        results[count++] = result;
        var contribution = Contribution(result.Status, clause.Effect);
        if (contribution < outcome)
        {
            outcome = contribution;
        }
    }

    private static string? IdOf(object subject, SubjectKind? kind) =>
        kind?.Model.IdField is { } field ? ((Func<object, string?>)field.Reader)(subject) : null;

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

        if (subject is not null && kind?.Model.TimestampField is { } field
            && ((Func<object, DateTimeOffset?>)field.Reader)(subject) is { } instant)
        {
            return DateOnly.FromDateTime(instant.UtcDateTime);
        }

        return DateOnly.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime);
    }

    private static ClauseResult? EvaluateClause(Clause clause, Clause[]? superseders, Waiver[]? waivers, object subject, DateOnly asOf,
        EvaluationScope scope, bool trace)
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

            if (superseders is not null)
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

            var exceptions = clause.Exceptions;
            for (var i = 0; i < exceptions.Count; i++)
            {
                if (exceptions[i].When.Evaluate(subject, scope))
                {
                    return Result(clause, ClauseStatus.Exempt, scope, exception: exceptions[i].Id);
                }
            }

            if (waivers is not null)
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
        Facts = scope.TakeFacts(),
        Exception = exception,
        Waiver = waiver,
        Source = clause.Location.FileAndLine,
        Reason = reason,
    };

    /// <summary>The clauses of one kind, in rule-set order, with what each needs at hand.</summary>
    private sealed class KindPlan
    {
        public KindPlan(Clause[] clauses, Dictionary<string, Clause[]> supersededBy, Dictionary<string, Waiver[]> waiversByClause)
        {
            Clauses = clauses;
            SupersededBy = clauses.Select(c => supersededBy.GetValueOrDefault(c.Id)).ToArray();
            Waivers = clauses.Select(c => waiversByClause.GetValueOrDefault(c.Id)).ToArray();
            Index = ClauseIndex.Build(clauses);
        }

        public Clause[] Clauses { get; }

        public Clause[]?[] SupersededBy { get; }

        public Waiver[]?[] Waivers { get; }

        public ClauseIndex Index { get; }
    }

    /// <summary>Per-thread working memory, reused from one subject to the next.</summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? _cached;

        private ulong[] _candidates = [];

        public EvaluationScope Scope { get; } = new();

        public ClauseResult[] Results { get; set; } = new ClauseResult[8];

        public static Scratch Rent()
        {
            var scratch = _cached ?? new Scratch();
            _cached = null; // a nested evaluation on the same thread gets its own
            return scratch;
        }

        public static void Return(Scratch scratch) => _cached = scratch;

        public Span<ulong> Candidates(int words)
        {
            if (_candidates.Length < words)
            {
                _candidates = new ulong[words];
            }

            return _candidates.AsSpan(0, words);
        }
    }
}
