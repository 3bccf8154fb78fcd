using Compliance.Conditions;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;

namespace Compliance.Evaluation;

/// <summary>Judges one subject against a rule set's clauses.</summary>
/// <remarks>Prepared once per rule set: clauses grouped by kind with their superseders and waivers, and a
/// <see cref="ClauseIndex"/> per kind. Without tracing a subject visits only the clauses the index selects; with tracing,
/// every clause of its kind, since those that do not apply are reported too. With <see cref="VerdictDetail.Failing"/> a clause
/// that is satisfied, exempt or waived counts towards the outcome and is left out: no result is built, shared or looked up
/// for it (<see cref="EvaluationOptions.Detail"/>). The hot path allocates only the verdict:
/// the scratch state (recorded reads, candidate sets, the clause list) is reused per thread, and equal clause results are
/// shared between verdicts (<see cref="ClauseResultCache"/>). Thread-safe: the only state that changes is those caches, and
/// each thread has its own (a cache two cores wrote to at once would move between them on every clause).</remarks>
internal sealed class Evaluator
{
    private readonly RuleSet _rules;
    private readonly (Type Type, SubjectKind Kind, KindPlan? Plan)[] _kinds;

    public Evaluator(RuleSet rules)
    {
        _rules = rules;
        var supersededBy = rules.Clauses
            .SelectMany(c => c.Supersedes.Select(target => (target, by: c)))
            .GroupBy(p => p.target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.by).ToArray(), StringComparer.Ordinal);
        var waiversByClause = rules.Waivers.GroupBy(w => w.ClauseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var plans = rules.Clauses.GroupBy(c => c.AppliesTo, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new KindPlan(g.ToArray(), supersededBy, waiversByClause), StringComparer.Ordinal);
        _kinds = rules.Kinds.Kinds.Select(k => (k.ClrType, k, plans.GetValueOrDefault(k.Name))).ToArray();
    }

    /// <summary>Whether evaluation without tracing visits only the clauses the index selects (the default), or every clause
    /// of the subject's kind; the verdicts are the same either way.</summary>
    internal bool UseIndex { get; init; } = true;

    public Evaluator WithoutIndex() => new(_rules) { UseIndex = false };

    public Verdict Evaluate(SubjectInput input, EvaluationOptions options)
    {
        var subject = input.Subject;
        var (kind, plan) = subject is null ? (null, null) : KindOf(subject.GetType());
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

        // An empty or blank id names nothing: like a missing one, it gives way to where the subject came from.
        var id = Named(input.Id) ?? (subject is not null ? Named(IdOf(subject, kind)) : null) ?? input.Source ?? "(subject)";
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
        if (plan is not null)
        {
            var scratch = Scratch.Rent();
            try
            {
                clauses = Judge(plan, subject, asOf, options, scratch, ref outcome);
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

    /// <summary>The kind registered for a CLR type (exactly), and its clauses.</summary>
    private (SubjectKind? Kind, KindPlan? Plan) KindOf(Type type)
    {
        foreach (var entry in _kinds)
        {
            if (entry.Type == type)
            {
                return (entry.Kind, entry.Plan);
            }
        }

        return (null, null);
    }

    private ReadOnlyArray<ClauseResult> Judge(KindPlan plan, object subject, DateOnly asOf, EvaluationOptions options, Scratch scratch,
        ref Outcome outcome)
    {
        var trace = options.Trace;
        var scope = scratch.Scope;
        scope.Reset();
        scratch.Fresh = false;
        scratch.Budget = default;
        var results = scratch.Results;
        var count = 0;
        var clauses = plan.Clauses;
        var caches = scratch.Use(plan);
        if (trace || !UseIndex || !plan.Index.Narrows)
        {
            for (var i = 0; i < clauses.Length; i++)
            {
                Visit(plan, i, subject, asOf, options, scratch, ref results, ref count, ref outcome);
            }
        }
        else
        {
            var candidates = scratch.Candidates(plan.Index.Words);
            plan.Index.Select(subject, candidates);
            for (var i = ClauseIndex.Next(candidates, 0); i >= 0; i = ClauseIndex.Next(candidates, i + 1))
            {
                Visit(plan, i, subject, asOf, options, scratch, ref results, ref count, ref outcome);
            }
        }

        scratch.Results = results;
        var judged = count == 0 ? ReadOnlyArray<ClauseResult>.Empty
            : trace || scratch.Fresh ? ReadOnlyArray<ClauseResult>.Own(results.AsSpan(0, count).ToArray()) : caches.Lists.Get(results.AsSpan(0, count));
        scope.Reset();
        return judged;
    }

    private static void Visit(KindPlan plan, int index, object subject, DateOnly asOf, EvaluationOptions options, Scratch scratch,
        ref ClauseResult[] results, ref int count, ref Outcome outcome)
    {
        var trace = options.Trace;
        var scope = scratch.Scope;
        scope.Clear();
        var clause = plan.Clauses[index];
        var costly = plan.Costly[index];
        ref var budget = ref scratch.Budget;
        if (costly && !budget.Started && budget.Costly > 0)
        {
            // The first such clause is bounded by its own limits (the regex timeout, the expression's step budget); the
            // clock is read only from the second, so that a subject with one such clause never reads it.
            budget = budget with { Started = true, Since = options.TimeProvider.GetTimestamp() };
        }

        var judged = EvaluateClause(clause, plan.SupersededBy[index], plan.Waivers[index], subject, asOf, scope, trace, budget.Spent);
        if (costly && budget.Spent is null)
        {
            Spend(ref budget, judged.TimedOut, options);
        }

        if (judged.Status is not { } status)
        {
            return;
        }

        var contribution = Contribution(status, clause.Effect);
        if (contribution < outcome)
        {
            outcome = contribution;
        }

        if (options.Detail == VerdictDetail.Failing && !VerdictJsonWriter.IsFailing(status))
        {
            // Counted in the outcome, left out of the verdict: no result to build, share or look up.
            return;
        }

        var result = trace ? Result(clause, status, scope, judged.Message, judged.Exception, judged.Waiver, judged.Reason)
            : Shared(scratch.Caches!.Results[index], clause, status, scope, judged, scratch);
        if (count == results.Length)
        {
            Array.Resize(ref results, Math.Max(8, results.Length * 2));
        }

        results[count++] = result;
    }

    /// <summary>Counts a clause that ran a pattern or an expression against the subject's budget: the timeouts, then the
    /// time since the second such clause began (read only here, after such clauses).</summary>
    private static void Spend(ref SubjectBudget budget, bool timedOut, EvaluationOptions options)
    {
        var timeouts = budget.Timeouts + (timedOut ? 1 : 0);
        budget = budget with { Timeouts = timeouts, Costly = budget.Costly + 1 };
        if (timeouts >= options.MaxRegexTimeouts)
        {
            budget = budget with
            {
                Spent = $"not judged: the evaluation budget of one subject was spent ({timeouts} patterns timed out, the limit is {options.MaxRegexTimeouts})",
            };
        }
        else if (budget.Started && options.SubjectTimeBudget != Timeout.InfiniteTimeSpan
            && options.TimeProvider.GetElapsedTime(budget.Since) > options.SubjectTimeBudget)
        {
            budget = budget with
            {
                Spent = $"not judged: the evaluation budget of one subject was spent (the limit is {options.SubjectTimeBudget.TotalMilliseconds:0} ms)",
            };
        }
    }

    /// <summary>What one subject has spent of its budget: see <see cref="EvaluationOptions.SubjectTimeBudget"/> and
    /// <see cref="EvaluationOptions.MaxRegexTimeouts"/>. <see cref="Spent"/> says why the clauses left are not judged.</summary>
    private record struct SubjectBudget(bool Started, long Since, int Timeouts, string? Spent, int Costly);

    private static string? Named(string? id) => string.IsNullOrWhiteSpace(id) ? null : id;

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

    /// <summary>A clause's result, or the shared equal one: see <see cref="ClauseResultCache"/>. A message rendered from the
    /// subject's values is the subject's own, so such a result is never shared.</summary>
    private static ClauseResult Shared(ClauseResultCache cache, Clause clause, ClauseStatus status, EvaluationScope scope, Judgement judged,
        Scratch scratch)
    {
        var facts = scope.ReadFacts();
        var shareable = (judged.Message is null || (status == ClauseStatus.Violated && clause.Message is null)) && cache.Worthwhile;
        if (shareable && cache.Find(status, judged.Message, judged.Exception, judged.Waiver, facts, scope) is { } known)
        {
            return known;
        }

        ReadOnlyArray<Fact> made;
        if (shareable || facts.Length == 0 || !cache.FactsWorthwhile)
        {
            made = scope.MakeFacts(facts);
        }
        else if (cache.FindFacts(facts, scope) is { } knownFacts)
        {
            made = knownFacts;
        }
        else
        {
            made = scope.MakeFacts(facts);
            cache.AddFacts(made);
        }

        var result = Result(clause, status, made, judged.Message, judged.Exception, judged.Waiver, reason: null);
        if (shareable)
        {
            cache.Add(result);
        }

        scratch.Fresh = true;
        return result;
    }

    /// <summary>What a clause came to: no status for a clause left out of the verdict.</summary>
    private readonly record struct Judgement(ClauseStatus? Status, string? Message = null, string? Exception = null, string? Waiver = null,
        string? Reason = null, bool TimedOut = false);

    /// <summary>The steps the evaluation of <paramref name="clause"/> takes on <paramref name="subject"/>, in its order, each
    /// with the explained condition it evaluated (see <see cref="ConditionExplainer.ExplainClause"/>): the same
    /// <see cref="EvaluateClause"/>, watched.</summary>
    internal IReadOnlyList<ClauseStep> Steps(Clause clause, object subject, DateOnly asOf)
    {
        var plan = KindOf(subject.GetType()).Plan;
        var index = plan is null ? -1 : Array.IndexOf(plan.Clauses, clause);
        if (index < 0)
        {
            throw new ArgumentException($"`{clause.Id}` is not a clause of this rule set on `{subject.GetType().Name}` subjects", nameof(clause));
        }

        var observer = new ConditionObserver();
        EvaluateClause(clause, plan!.SupersededBy[index], plan.Waivers[index], subject, asOf, new EvaluationScope { Observer = observer },
            trace: true, spent: null);
        return observer.Steps();
    }

    /// <summary>Judges one clause: the one place that says in which order a clause's parts are looked at, and where the
    /// looking stops. An observer on the scope (explain) is told each step as it is taken.</summary>
    private static Judgement EvaluateClause(Clause clause, Clause[]? superseders, Waiver[]? waivers, object subject, DateOnly asOf,
        EvaluationScope scope, bool trace, string? spent)
    {
        var observer = scope.Observer;
        var inEffect = clause.Effective.Contains(asOf);
        observer?.BeginStep(ClauseStepKind.InEffect, inForce: inEffect);
        if (!inEffect)
        {
            return trace ? new(ClauseStatus.NotApplicable, Reason: NotInEffect(clause, asOf)) : default;
        }

        if (spent is not null)
        {
            // Not judged is not compliant: the clause might have been violated.
            return new(ClauseStatus.Error, spent);
        }

        try
        {
            observer?.BeginStep(ClauseStepKind.When);
            if (clause.When is { } when && !when.Run(subject, scope))
            {
                return trace ? new(ClauseStatus.NotApplicable, Reason: "its `when` does not hold") : default;
            }

            if (superseders is not null)
            {
                foreach (var by in superseders)
                {
                    if (by.Effective.Contains(asOf))
                    {
                        observer?.BeginStep(ClauseStepKind.Superseded, by.Id);
                        return trace ? new(ClauseStatus.Superseded, Reason: $"superseded by `{by.Id}`") : default;
                    }
                }
            }

            observer?.BeginStep(ClauseStepKind.Condition);
            var holds = clause.Condition.Run(subject, scope);
            if (holds == (clause.Mode == ClauseMode.Require))
            {
                return new(ClauseStatus.Satisfied);
            }

            var exceptions = clause.Exceptions;
            for (var i = 0; i < exceptions.Count; i++)
            {
                var inForce = exceptions[i].Effective.Contains(asOf);
                observer?.BeginStep(ClauseStepKind.Exception, exceptions[i].Id, inForce);
                if (inForce && exceptions[i].When.Run(subject, scope))
                {
                    return new(ClauseStatus.Exempt, Exception: exceptions[i].Id);
                }
            }

            if (waivers is not null)
            {
                foreach (var waiver in waivers)
                {
                    var active = waiver.IsActiveOn(asOf);
                    observer?.BeginStep(ClauseStepKind.Waiver, waiver.Id, active);
                    if (active && (waiver.When is null || waiver.When.Run(subject, scope)))
                    {
                        return new(ClauseStatus.Waived, Waiver: waiver.Id);
                    }
                }
            }

            var message = clause.Message?.Render(subject) ?? clause.Title;
            return new(ClauseStatus.Violated, message);
        }
        catch (ConditionFaultException fault)
        {
            return new(ClauseStatus.Error, fault.Message, TimedOut: fault.TimedOut);
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
        string? message, string? exception, string? waiver, string? reason) =>
        Result(clause, status, scope.TakeFacts(), message, exception, waiver, reason);

    private static ClauseResult Result(Clause clause, ClauseStatus status, ReadOnlyArray<Fact> facts,
        string? message, string? exception, string? waiver, string? reason) => new()
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
        Facts = facts,
        Exception = exception,
        Waiver = waiver,
        Source = clause.Source,
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
            Caches = new ThreadLocal<PlanCaches>(() => new PlanCaches(clauses.Length));
            Costly = clauses.Select((c, i) => IsCostly(c.When) || IsCostly(c.Condition) || c.Exceptions.Any(e => IsCostly(e.When))
                || (Waivers[i]?.Any(w => IsCostly(w.When)) ?? false)).ToArray();
        }

        /// <summary>Whether each clause runs a <c>matches</c> pattern that may time out (not a case-sensitive
        /// plain-text one: <see cref="ComparisonCondition.MayFault"/>) or an expression: the clauses whose time counts against
        /// the subject's budget, after which the clock is read.</summary>
        public bool[] Costly { get; }

        private static bool IsCostly(Condition? condition) => condition switch
        {
            null => false,
            AllCondition all => all.Items.Any(IsCostly),
            AnyCondition any => any.Items.Any(IsCostly),
            NotCondition not => IsCostly(not.Inner),
            TermCondition term => IsCostly(term.Inner),
            QuantifierCondition quantifier => IsCostly(quantifier.Inner),
            ComparisonCondition comparison => comparison.MayFault,
            _ => true,
        };

        public Clause[] Clauses { get; }

        public Clause[]?[] SupersededBy { get; }

        public Waiver[]?[] Waivers { get; }

        public ClauseIndex Index { get; }

        /// <summary>This thread's recent results and clause lists, shared between the verdicts this thread makes. Per thread,
        /// not for the whole rule set: the caches are written on nearly every subject (a count of look-ups, a new result), and
        /// a cache line two cores write to moves between them on each write; shared by two workers, the caches made the
        /// batch cost about twice the CPU time a subject it costs on one thread (docs/performance.md).</summary>
        public ThreadLocal<PlanCaches> Caches { get; }
    }

    /// <summary>One thread's caches for one kind's clauses.</summary>
    private sealed class PlanCaches(int clauses)
    {
        /// <summary>Each clause's recent results.</summary>
        public ClauseResultCache[] Results { get; } = Enumerable.Range(0, clauses).Select(_ => new ClauseResultCache()).ToArray();

        /// <summary>Recent clause lists.</summary>
        public ClauseListCache Lists { get; } = new();
    }

    /// <summary>Per-thread working memory, reused from one subject to the next.</summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? _cached;

        private ulong[] _candidates = [];

        public EvaluationScope Scope { get; } = new();

        public ClauseResult[] Results { get; set; } = new ClauseResult[8];

        /// <summary>What the subject being judged has spent of its budget.</summary>
        public SubjectBudget Budget;

        /// <summary>The caches of the plan being judged (the last one <see cref="Use"/> was given), this thread's.</summary>
        public PlanCaches? Caches { get; private set; }

        /// <summary>Whether the verdict being made holds a result made for it (so its clause list cannot be a shared one).</summary>
        public bool Fresh { get; set; }

        // The plan being judged and the one before it, with the other's caches, so that a subject does not read the plan's
        // ThreadLocal: a batch's subjects are of one or two kinds. Reading it on every subject made one in-process
        // evaluation about 4% slower (BundledBenchmarks, docs/performance.md). Holds at most two plans (of rule sets since
        // replaced, in a host that reloads) until the thread judges two others.
        private KindPlan? _plan;
        private KindPlan? _otherPlan;
        private PlanCaches? _otherCaches;

        /// <summary>Makes <paramref name="plan"/> the one being judged and returns this thread's caches for it.</summary>
        public PlanCaches Use(KindPlan plan)
        {
            if (ReferenceEquals(_plan, plan))
            {
                return Caches!;
            }

            var caches = ReferenceEquals(_otherPlan, plan) ? _otherCaches! : plan.Caches.Value!;
            (_otherPlan, _otherCaches) = (_plan, Caches);
            (_plan, Caches) = (plan, caches);
            return caches;
        }

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
