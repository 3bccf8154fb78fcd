using Compliance.Conditions;
using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Rules.Analysis;
using Compliance.Rules.Analysis.Solving;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Rules.Diffing;

/// <summary>
/// Looks for a witness of each changed or added clause: a subject and a date on which the clause's status differs
/// between the base and the new rule set. The status is modelled as the evaluator decides it (not in effect or
/// superseded on the date, or <c>when</c> false: not applicable; else satisfied, exempt, waived or violated, in that
/// order), for the clause as each rule set has it, with that rule set's superseding clauses and waivers; the two models
/// are asked together over one finite-domain problem, so that "none" is exact over the analysed fragment. A subject where
/// one side is violated and the other is not is preferred (first one that violates no other clause the analysis
/// covers, so that the outcome shows the change too), then any difference. Every witness found is judged under both
/// rule sets before it is reported.
/// </summary>
internal sealed class WitnessSearch
{
    private readonly Side _base;
    private readonly Side _new;
    private readonly Session _session;
    private readonly DateOnly? _asOf;
    private readonly SubjectReader _reader;

    public WitnessSearch(RuleSet @base, RuleSet rules, AnalysisOptions options, DateOnly? asOf)
    {
        _base = new Side(@base);
        _new = new Side(rules);
        _asOf = asOf;
        var size = Analyzer.SizeOf(@base) + Analyzer.SizeOf(rules);
        _session = new Session(rules, asOf ?? options.ResolveToday(), options.MaxSearchSteps, Analyzer.TotalSteps(size, options));
        _reader = new SubjectReader(rules.Kinds);
    }

    /// <summary>Searches every clause given, in order; once the run's budget is spent, the rest are not analysed.</summary>
    public IReadOnlyList<Witness> FindAll(IEnumerable<string> clauseIds)
    {
        var witnesses = new List<Witness>();
        var spent = false;
        foreach (var id in clauseIds)
        {
            if (spent)
            {
                witnesses.Add(NotAnalysed(id, DiffMessages.BudgetSpent));
                continue;
            }

            try
            {
                witnesses.Add(Find(id));
            }
            catch (AnalysisBudgetExhaustedException)
            {
                spent = true;
                witnesses.Add(NotAnalysed(id, DiffMessages.BudgetSpent));
            }
        }

        return witnesses;
    }

    private Witness Find(string id)
    {
        var after = _new.Rules.FindClause(id) ?? throw new ArgumentException($"no clause `{id}` in the new rule set", nameof(id));
        var found = _base.Rules.FindClause(id);

        // A clause that changed its kind applies to none of the new kind's subjects under the base rule set.
        var before = found is not null && found.AppliesTo == after.AppliesTo ? found : null;
        try
        {
            var owner = _session.Root(after.AppliesTo);
            var builder = new ProblemBuilder(owner, _session);
            foreach (var condition in _new.Conditions(after).Concat(before is null ? [] : _base.Conditions(before)))
            {
                builder.Add(condition);
            }

            // The other clauses of the kind that the analysis covers, on both sides: a witness that violates none of them
            // shows the change in the verdict's outcome too, so it is preferred.
            var others = _base.Others(id, after.AppliesTo).Concat(_new.Others(id, after.AppliesTo))
                .Where(o => o.Side.Conditions(o.Clause).All(c => Covered(owner, c)))
                .ToArray();
            foreach (var (side, other) in others)
            {
                foreach (var condition in side.Conditions(other))
                {
                    builder.Add(condition);
                }
            }

            var budget = _session.NewBudget();
            var problem = builder.Build(budget);
            var dates = _asOf is { } date ? [date] : Timeline.Representatives(_new.Boundaries(after).Concat(before is null ? [] : _base.Boundaries(before)), _session.Today);
            string? unconfirmed = null;
            foreach (var tier in new[] { Tier.FlipAlone, Tier.Flip, Tier.Differs })
            {
                if (tier == Tier.FlipAlone && others.Length == 0)
                {
                    continue;
                }

                foreach (var day in dates)
                {
                    var statusBefore = before is null ? Statuses.NotApplicableAlways : _base.StatusOn(problem, before, day);
                    var statusAfter = _new.StatusOn(problem, after, day);
                    var formula = tier switch
                    {
                        Tier.FlipAlone => Node.And(others.Select(o => Node.Not(o.Side.StatusOn(problem, o.Clause, day).Violated))
                            .Prepend(statusAfter.FlipsFrom(statusBefore))),
                        Tier.Flip => statusAfter.FlipsFrom(statusBefore),
                        _ => statusAfter.DiffersFrom(statusBefore),
                    };
                    var assignment = problem.NewAssignment();
                    if (!Search.Find(formula, problem, assignment, budget))
                    {
                        continue;
                    }

                    var witness = Confirm(after, problem, assignment, day);
                    if (witness.Result == WitnessResult.Found)
                    {
                        return witness;
                    }

                    unconfirmed ??= witness.Reason;
                }
            }

            return unconfirmed is null
                ? new Witness { Clause = id, Result = WitnessResult.None }
                : NotAnalysed(id, unconfirmed);
        }
        catch (NotAnalysableException ex)
        {
            return NotAnalysed(id, ex.Reason);
        }
        catch (SearchTooLargeException)
        {
            return NotAnalysed(id, AnalysisMessages.TooLarge);
        }
    }

    /// <summary>The kinds of witness looked for, in order of preference.</summary>
    private enum Tier
    {
        /// <summary>The clause is violated on one side and not the other, and no other clause is violated on either.</summary>
        FlipAlone,

        /// <summary>The clause is violated on one side and not the other.</summary>
        Flip,

        /// <summary>The clause's status differs.</summary>
        Differs,
    }

    /// <summary>Whether the analysis covers a condition (tried on a scratch problem, so that one it does not cover leaves
    /// the question's problem as it was).</summary>
    private bool Covered(Owner owner, Condition condition)
    {
        try
        {
            new ProblemBuilder(owner, _session).Add(condition);
            return true;
        }
        catch (NotAnalysableException)
        {
            return false;
        }
    }

    private Witness Confirm(Clause clause, Problem problem, int[] assignment, DateOnly date)
    {
        // Judging the witness under both rule sets: charged as testing every condition of both once.
        _session.Total.Spend(TotalBudget.QuestionCost);
        var data = problem.ToData(assignment, date);
        data.Insert("kind", clause.AppliesTo);
        var subject = data.ToYaml();
        var input = _reader.ReadDocument(subject, "witness").Single();
        if (input.Errors.Count > 0)
        {
            return NotAnalysed(clause.Id, AnalysisMessages.Unconfirmed(input.Errors[0].Message));
        }

        var options = new EvaluationOptions { AsOf = date };
        var before = _base.Rules.Evaluate(input, options);
        var after = _new.Rules.Evaluate(input, options);
        var statusBefore = StatusOf(before, clause.Id);
        var statusAfter = StatusOf(after, clause.Id);
        if (statusBefore == statusAfter)
        {
            return NotAnalysed(clause.Id, AnalysisMessages.Unconfirmed(
                $"check gives `{VerdictNames.Name(statusBefore)}` under both"));
        }

        return new Witness
        {
            Clause = clause.Id,
            Result = WitnessResult.Found,
            AsOf = date,
            Subject = subject,
            Base = statusBefore,
            New = statusAfter,
            BaseOutcome = before.Outcome,
            NewOutcome = after.Outcome,
        };
    }

    private static ClauseStatus StatusOf(Verdict verdict, string id)
    {
        foreach (var clause in verdict.Clauses)
        {
            if (clause.Id == id)
            {
                return clause.Status;
            }
        }

        return ClauseStatus.NotApplicable;
    }

    private static Witness NotAnalysed(string id, string reason) => new() { Clause = id, Result = WitnessResult.NotAnalysed, Reason = reason };

    /// <summary>One rule set, with what a clause's status depends on besides the clause: who supersedes it, its waivers.</summary>
    private sealed class Side(RuleSet rules)
    {
        private readonly Dictionary<string, Clause[]> _supersededBy = rules.Clauses
            .SelectMany(c => c.Supersedes.Select(target => (target, by: c)))
            .GroupBy(p => p.target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.by).ToArray(), StringComparer.Ordinal);

        private readonly ILookup<string, Waiver> _waivers = rules.Waivers.ToLookup(w => w.ClauseId, StringComparer.Ordinal);

        public RuleSet Rules { get; } = rules;

        /// <summary>The clauses of the kind other than <paramref name="id"/>.</summary>
        public IEnumerable<(Side Side, Clause Clause)> Others(string id, string kind) =>
            Rules.Clauses.Where(c => c.Id != id && c.AppliesTo == kind).Select(c => (this, c));

        public IEnumerable<Condition> Conditions(Clause clause) =>
            new[] { clause.When, clause.Condition }.OfType<Condition>()
                .Concat(clause.Exceptions.Select(e => e.When))
                .Concat(_waivers[clause.Id].Select(w => w.When).OfType<Condition>());

        public IEnumerable<DateOnly> Boundaries(Clause clause) =>
            Timeline.Boundaries(clause.Effective)
                .Concat(_supersededBy.GetValueOrDefault(clause.Id, []).SelectMany(s => Timeline.Boundaries(s.Effective)))
                .Concat(clause.Exceptions.SelectMany(e => Timeline.Boundaries(e.Effective)))
                .Concat(_waivers[clause.Id].Select(w => w.Expires));

        /// <summary>The clause's status on the date, as one formula for each status.</summary>
        public Statuses StatusOn(Problem problem, Clause clause, DateOnly date)
        {
            var inForce = clause.Effective.Contains(date)
                && !(_supersededBy.TryGetValue(clause.Id, out var by) && by.Any(s => s.Effective.Contains(date)));
            if (!inForce)
            {
                return Diffing.Statuses.NotApplicableAlways;
            }

            var when = clause.When is null ? Node.True : problem.Compile(clause.When);
            var condition = problem.Compile(clause.Condition);
            var complies = clause.Mode == ClauseMode.Require ? condition : Node.Not(condition);
            var excepted = Node.Or(clause.Exceptions.Where(e => e.Effective.Contains(date)).Select(e => problem.Compile(e.When)));
            var waived = Node.Or(_waivers[clause.Id].Where(w => w.IsActiveOn(date)).Select(w => w.When is null ? Node.True : problem.Compile(w.When)));
            var breaks = Node.And(when, Node.Not(complies));
            return new Statuses(
                Node.Not(when),
                Node.And(when, complies),
                Node.And(breaks, excepted),
                Node.And(breaks, Node.Not(excepted), waived),
                Node.And(breaks, Node.Not(excepted), Node.Not(waived)));
        }
    }
}

/// <summary>A clause's status on one date as formulas, one for each status; exactly one holds for any subject.</summary>
internal sealed record Statuses(Node NotApplicable, Node Satisfied, Node Exempt, Node Waived, Node Violated)
{
    /// <summary>A clause that does not apply to any subject (missing, or not in force on the date).</summary>
    public static Statuses NotApplicableAlways { get; } = new(Node.True, Node.False, Node.False, Node.False, Node.False);

    private Node[] All => [NotApplicable, Satisfied, Exempt, Waived, Violated];

    /// <summary>This status differs from <paramref name="other"/>'s.</summary>
    public Node DiffersFrom(Statuses other) => Node.Or(All.Zip(other.All, (mine, theirs) => Node.And(mine, Node.Not(theirs))));

    /// <summary>One of the two is violated and the other is not.</summary>
    public Node FlipsFrom(Statuses other) =>
        Node.Or(Node.And(Violated, Node.Not(other.Violated)), Node.And(other.Violated, Node.Not(Violated)));
}
