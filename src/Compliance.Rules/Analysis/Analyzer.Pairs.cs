using Compliance.Conditions;
using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Rules.Analysis.Solving;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Rules.Analysis;

/// <summary>Contradictions between pairs of clauses.</summary>
internal sealed partial class Analyzer
{
    private SubjectReader? _reader;

    /// <summary>The groups of clauses (one per kind) whose pairs are checked, and how far the check has come: group
    /// <see cref="_pairGroup"/>, pair (<see cref="_pairI"/>, <see cref="_pairJ"/>) is the one under way.</summary>
    private ClauseInfo[][] _pairGroups = [];
    private int _pairGroup = -1;
    private int _pairI;
    private int _pairJ;

    private void CheckPairs()
    {
        _pairGroups = _rules.Clauses.Select(c => _infos[c.Id]).Where(i => i.FullyOk)
            .GroupBy(i => i.Clause.AppliesTo, StringComparer.Ordinal)
            .Select(g => g.ToArray())
            .ToArray();
        for (_pairGroup = 0; _pairGroup < _pairGroups.Length; _pairGroup++)
        {
            var infos = _pairGroups[_pairGroup];
            for (_pairJ = 1; _pairJ < infos.Length; _pairJ++)
            {
                for (_pairI = 0; _pairI < _pairJ; _pairI++)
                {
                    var (a, b) = (infos[_pairI], infos[_pairJ]);
                    _session.Total.Spend(1 + a.Demands.Count + b.Demands.Count + Math.Min(a.Pinned.Count, b.Pinned.Count));
                    if (MayContradict(a, b))
                    {
                        CheckPair(a, b);
                    }
                }
            }
        }
    }

    /// <summary>The pairs not yet checked when the run's budget ran out, with the first of them.</summary>
    private (long Count, ClauseInfo[] Clauses, ClauseInfo? FirstA, ClauseInfo? FirstB) PairsLeft()
    {
        if (_pairGroup < 0)
        {
            // The budget ran out before the pairs: every pair of clauses the analysis can decide is left.
            _pairGroups = _rules.Clauses.Select(c => _infos[c.Id]).Where(i => i.FullyOk)
                .GroupBy(i => i.Clause.AppliesTo, StringComparer.Ordinal)
                .Select(g => g.ToArray())
                .ToArray();
            _pairGroup = 0;
            _pairJ = 1;
            _pairI = 0;
        }

        var count = 0L;
        var clauses = new List<ClauseInfo>();
        (ClauseInfo? A, ClauseInfo? B) first = (null, null);
        for (var g = _pairGroup; g < _pairGroups.Length; g++)
        {
            var infos = _pairGroups[g];
            var n = (long)infos.Length;
            var all = n * (n - 1) / 2;
            var done = g == _pairGroup ? ((long)_pairJ * (_pairJ - 1) / 2) + _pairI : 0;
            if (all - done <= 0)
            {
                continue;
            }

            count += all - done;
            first = first.A is null ? (g == _pairGroup ? (infos[_pairI], infos[_pairJ]) : (infos[0], infos[1])) : first;
            clauses.AddRange(g == _pairGroup && _pairJ == infos.Length - 1 ? infos.Skip(_pairI) : infos);
        }

        return (count, clauses.ToArray(), first.A, first.B);
    }

    /// <summary>Cheap tests that rule a pair out: windows that never meet, <c>when</c>s that pin a path to different
    /// values, and demanded paths that neither <c>when</c> reads and that do not decide both clauses (then, for subjects
    /// both apply to, each clause can be satisfied without touching what the other one reads).</summary>
    private static bool MayContradict(ClauseInfo a, ClauseInfo b)
    {
        var wa = a.Clause.Effective;
        var wb = b.Clause.Effective;
        if ((wa.Until is { } ua && wb.From is { } fb && ua <= fb) || (wb.Until is { } ub && wa.From is { } fa && ub <= fa))
        {
            return false;
        }

        foreach (var (path, values) in a.Pinned)
        {
            if (b.Pinned.TryGetValue(path, out var other) && !values.Overlaps(other))
            {
                return false;
            }
        }

        return a.Demands.Concat(b.Demands).Any(d =>
            a.WhenReads.Contains(d) || b.WhenReads.Contains(d) || (a.ComplianceReads.Contains(d) && b.ComplianceReads.Contains(d)));
    }

    private void CheckPair(ClauseInfo first, ClauseInfo second)
    {
        var a = first.Clause;
        var b = second.Clause;
        try
        {
            var pair = new Pair(this, first, second);
            if (pair.Solve() is { } result)
            {
                ReportPair(first, second, pair, result);
            }
        }
        catch (NotAnalysableException ex)
        {
            Report(DiagnosticCodes.NotAnalysed, b.Location, AnalysisMessages.PairNotAnalysed(a, b, ex.Reason),
                AnalysisMessages.NotAnalysedHint, [a.Id, b.Id], related: [a.Location]);
        }
        catch (SearchTooLargeException)
        {
            Report(DiagnosticCodes.NotAnalysed, b.Location, AnalysisMessages.PairNotAnalysed(a, b, AnalysisMessages.TooLarge),
                AnalysisMessages.NotAnalysedHint, [a.Id, b.Id], related: [a.Location]);
        }
    }

    private void ReportPair(ClauseInfo first, ClauseInfo second, Pair pair, PairResult result)
    {
        var a = first.Clause;
        var b = second.Clause;

        // Confirming judges the counterexample under the whole rule set: charged as testing every condition once.
        _session.Total.Spend(TotalBudget.QuestionCost + (TotalBudget.EvaluationCost * _size));
        var data = pair.Problem.ToData(result.Assignment, result.Date);
        data.Insert("kind", a.AppliesTo);
        var subject = data.ToYaml();
        _reader ??= new SubjectReader(_rules.Kinds);
        var input = _reader.ReadDocument(subject, "counterexample").Single();
        if (input.Errors.Count > 0)
        {
            Unconfirmed(a, b, input.Errors[0].Message);
            return;
        }

        var verdict = _rules.Evaluate(input, new EvaluationOptions { AsOf = result.Date });
        var statusA = verdict.Clauses.FirstOrDefault(c => c.Id == a.Id)?.Status ?? ClauseStatus.NotApplicable;
        var statusB = verdict.Clauses.FirstOrDefault(c => c.Id == b.Id)?.Status ?? ClauseStatus.NotApplicable;
        var applies = statusA is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded)
            && statusB is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded);
        var confirmed = result.BothViolated
            ? statusA == ClauseStatus.Violated && statusB == ClauseStatus.Violated
            : applies && (statusA == ClauseStatus.Violated || statusB == ClauseStatus.Violated);
        if (!confirmed)
        {
            Unconfirmed(a, b, $"check gives `{VerdictNames.Name(statusA)}` and `{VerdictNames.Name(statusB)}`");
            return;
        }

        var statuses = new Dictionary<string, ClauseStatus>(StringComparer.Ordinal) { [a.Id] = statusA, [b.Id] = statusB };
        var name = result.BothViolated ? $"{a.Id} and {b.Id} contradict" : $"{a.Id} and {b.Id} exclude each other";
        var test = string.Join('\n',
            $"  - name: {SubjectData.Text(name)}",
            $"    asOf: {AnalysisMessages.Date(result.Date)}",
            $"    subject: {subject}",
            "    expect:",
            $"      outcome: {VerdictNames.Name(verdict.Outcome)}",
            $"      clauses: {{ {a.Id}: {VerdictNames.Name(statusA)}, {b.Id}: {VerdictNames.Name(statusB)} }}") + "\n";
        var demanded = pair.DemandedPaths;
        var diagnostic = result.BothViolated
            ? Diagnostic.Warning(DiagnosticCodes.Contradiction, b.Location,
                AnalysisMessages.Contradiction(a, b, result.Date, demanded), AnalysisMessages.ContradictionHint(subject))
            : Diagnostic.Warning(DiagnosticCodes.MutuallyExclusive, b.Location,
                AnalysisMessages.MutuallyExclusive(a, b, result.Date, demanded),
                AnalysisMessages.MutuallyExclusiveHint(subject, statusA == ClauseStatus.Violated ? a.Id : b.Id));
        Report(new Finding
        {
            Diagnostic = diagnostic,
            Clauses = [a.Id, b.Id],
            RelatedLocations = [a.Location],
            Date = result.Date,
            Counterexample = new Counterexample
            {
                AsOf = result.Date,
                Subject = subject,
                Statuses = statuses,
                Outcome = verdict.Outcome,
                Test = test,
            },
        });
    }

    private void Unconfirmed(Clause a, Clause b, string detail) =>
        Report(DiagnosticCodes.NotAnalysed, b.Location, AnalysisMessages.PairNotAnalysed(a, b, AnalysisMessages.Unconfirmed(detail)),
            AnalysisMessages.NotAnalysedHint, [a.Id, b.Id], related: [a.Location]);

    /// <summary>What a pair's search found: a date and an assignment of the pair's problem that is a counterexample.</summary>
    /// <param name="Date">The date the clauses clash on.</param>
    /// <param name="Assignment">The counterexample, as an assignment of the pair's problem.</param>
    /// <param name="BothViolated">True for a contradiction (the subject violates both); false for clauses that exclude
    /// each other (it violates one, and no choice of the demanded values satisfies both).</param>
    private sealed record PairResult(DateOnly Date, int[] Assignment, bool BothViolated);

    /// <summary>
    /// The contradiction question for two clauses of one kind. Let the demanded paths be those the two clauses'
    /// <c>require</c>/<c>forbid</c> conditions read; every other path is context. Clauses A and B contradict on date D when
    /// some subject S exists such that, on D:
    /// (1) A and B both apply to S (in effect, not superseded, <c>when</c> true);
    /// (2) no subject that agrees with S on the context and to which both apply satisfies both, where a clause is
    ///     satisfied when its condition is met, or an exception or an unexpired waiver covers the subject;
    /// (3) some such subject satisfies A, and some satisfies B (so neither is impossible on its own there); and
    /// (4) S violates both. When (1)–(3) hold but no such S violates both, the clauses exclude each other instead.
    /// </summary>
    private sealed class Pair
    {
        private readonly Analyzer _analyzer;
        private readonly ClauseInfo _first;
        private readonly ClauseInfo _second;
        private readonly Budget _budget;
        private readonly Node _whenA;
        private readonly Node _whenB;
        private readonly Node _conditionA;
        private readonly Node _conditionB;
        private readonly (Waiver Waiver, Node When)[] _waiversA;
        private readonly (Waiver Waiver, Node When)[] _waiversB;
        private readonly (ClauseException Exception, Node When)[] _datedA;
        private readonly (ClauseException Exception, Node When)[] _datedB;
        private readonly HashSet<int> _demanded;

        public Pair(Analyzer analyzer, ClauseInfo first, ClauseInfo second)
        {
            _analyzer = analyzer;
            _first = first;
            _second = second;
            _budget = analyzer._session.NewBudget();
            var builder = new ProblemBuilder(first.Owner, analyzer._session);
            foreach (var condition in Conditions(first).Concat(Conditions(second)))
            {
                builder.Add(condition);
            }

            Problem = builder.Build(_budget);
            _whenA = When(first.Clause);
            _whenB = When(second.Clause);
            _conditionA = Compliant(first);
            _conditionB = Compliant(second);
            _waiversA = first.Waivers.Select(w => (w, w.When is null ? Node.True : Problem.Compile(w.When))).ToArray();
            _waiversB = second.Waivers.Select(w => (w, w.When is null ? Node.True : Problem.Compile(w.When))).ToArray();
            _datedA = first.Clause.Exceptions.Where(Dated).Select(e => (e, Problem.Compile(e.When))).ToArray();
            _datedB = second.Clause.Exceptions.Where(Dated).Select(e => (e, Problem.Compile(e.When))).ToArray();

            var units = new HashSet<string>(StringComparer.Ordinal);
            AddUnits(first.Clause.Condition, units, withMaps: false);
            AddUnits(second.Clause.Condition, units, withMaps: false);
            DemandedPaths = Problem.Variables.Select(v => v.Unit).Distinct().Where(units.Contains).ToArray();
            _demanded = Problem.Variables
                .Select((v, i) => (v, i))
                .Where(p => units.Contains(p.v.Unit) || (p.v.Map is { } map && units.Contains(map)))
                .Select(p => p.i)
                .ToHashSet();
        }

        public Problem Problem { get; }

        /// <summary>The demanded paths the problem has variables for, in order of appearance.</summary>
        public IReadOnlyList<string> DemandedPaths { get; }

        private static IEnumerable<Condition> Conditions(ClauseInfo info) =>
            Parts(info.Clause).Concat(info.Waivers.Select(w => w.When).OfType<Condition>());

        private Node When(Clause clause) => clause.When is null ? Node.True : Problem.Compile(clause.When);

        /// <summary>The clause's condition is met, or an exception without a window of its own holds (waivers and dated
        /// carve-outs are added per date).</summary>
        private Node Compliant(ClauseInfo info) =>
            Node.Or(info.Clause.Exceptions.Where(e => !Dated(e)).Select(e => Problem.Compile(e.When)).Prepend(Complies(Problem, info.Clause)));

        private static bool Dated(ClauseException exception) => exception.Effective.From is not null || exception.Effective.Until is not null;

        public PairResult? Solve()
        {
            var a = _first.Clause;
            var b = _second.Clause;
            var boundaries = _analyzer.Boundaries(a).Concat(_analyzer.Boundaries(b))
                .Concat(_first.Waivers.Concat(_second.Waivers).Select(w => w.Expires))
                .Concat(_datedA.Concat(_datedB).SelectMany(d => Timeline.Boundaries(d.Exception.Effective)));
            var solved = new Dictionary<string, PairResult?>(StringComparer.Ordinal);
            PairResult? exclusive = null;
            foreach (var date in Timeline.Representatives(boundaries, _analyzer.Today))
            {
                if (!_analyzer.AppliesOn(a, date) || !_analyzer.AppliesOn(b, date))
                {
                    continue;
                }

                var activeA = _waiversA.Where(w => w.Waiver.IsActiveOn(date)).ToArray();
                var activeB = _waiversB.Where(w => w.Waiver.IsActiveOn(date)).ToArray();
                var datedA = _datedA.Where(d => d.Exception.Effective.Contains(date)).ToArray();
                var datedB = _datedB.Where(d => d.Exception.Effective.Contains(date)).ToArray();
                var signature = string.Join(',', activeA.Select(w => w.Waiver.Id).Concat(datedA.Select(d => "exception " + d.Exception.Id))) + "|"
                    + string.Join(',', activeB.Select(w => w.Waiver.Id).Concat(datedB.Select(d => "exception " + d.Exception.Id)));
                if (!solved.TryGetValue(signature, out var found))
                {
                    found = SolveOn(date, activeA.Select(w => w.When).Concat(datedA.Select(d => d.When)),
                        activeB.Select(w => w.When).Concat(datedB.Select(d => d.When)));
                    solved[signature] = found;
                }

                if (found is null)
                {
                    continue;
                }

                if (found.BothViolated)
                {
                    return found with { Date = date };
                }

                exclusive ??= found with { Date = date };
            }

            return exclusive;
        }

        private PairResult? SolveOn(DateOnly date, IEnumerable<Node> waiversA, IEnumerable<Node> waiversB)
        {
            var complyA = Node.Or(waiversA.Prepend(_conditionA));
            var complyB = Node.Or(waiversB.Prepend(_conditionB));
            var both = Node.And(_whenA, _whenB);
            var satisfiesA = Node.And(both, complyA);
            var satisfiesB = Node.And(both, complyB);
            var satisfiesBoth = Node.And(both, complyA, complyB);
            var settled = Node.Or(Node.Not(both), Node.And(complyA, complyB));
            var violatesBoth = Node.And(both, Node.Not(complyA), Node.Not(complyB));
            var context = Node.And(both, complyA, complyB).Variables()
                .Where(v => !_demanded.Contains(v))
                .ToArray();

            PairResult? exclusive = null;
            var assignment = Problem.NewAssignment();
            var result = Contexts(0);
            return result ?? exclusive;

            PairResult? Contexts(int position)
            {
                _budget.Spend(both.Size + settled.Size);
                if (both.Eval(assignment) == Truth.False || settled.Eval(assignment) == Truth.True)
                {
                    return null;
                }

                if (position < context.Length)
                {
                    var variable = context[position];
                    for (var value = 0; value < Problem.DomainSizes[variable]; value++)
                    {
                        assignment[variable] = value;
                        if (Contexts(position + 1) is { } found)
                        {
                            return found;
                        }
                    }

                    assignment[variable] = -1;
                    return null;
                }

                if (Find(satisfiesBoth) is not null || Find(satisfiesA) is null || Find(satisfiesB) is null)
                {
                    return null;
                }

                if (Find(violatesBoth) is { } counterexample)
                {
                    return new PairResult(date, counterexample, BothViolated: true);
                }

                if (exclusive is null && Find(both) is { } example)
                {
                    exclusive = new PairResult(date, example, BothViolated: false);
                }

                return null;
            }

            int[]? Find(Node formula)
            {
                var copy = (int[])assignment.Clone();
                return Search.Find(formula, Problem, copy, _budget) ? copy : null;
            }
        }
    }
}
