using Compliance.Model;
using Compliance.Rules.Analysis.Solving;
using Compliance.Rules.Diagnostics;

namespace Compliance.Rules.Analysis;

/// <summary>Dead clauses and waiver hygiene.</summary>
internal sealed partial class Analyzer
{
    private void CheckClause(ClauseInfo info)
    {
        var clause = info.Clause;
        CheckSuperseded(clause);
        if (!info.WhenOk)
        {
            return;
        }

        Ask(clause.Location, [clause.Id], $"clause `{clause.Id}`", () =>
        {
            var builder = new ProblemBuilder(info.Owner, _session);
            var budget = _session.NewBudget();
            if (clause.When is { } w)
            {
                builder.Add(w);
            }

            var exceptions = clause.Exceptions.Where((_, i) => info.ExceptionOk[i]).ToArray();
            if (info.ConditionOk)
            {
                builder.Add(clause.Condition);
                foreach (var exception in exceptions)
                {
                    builder.Add(exception.When);
                }
            }

            var problem = builder.Build(budget);
            var when = clause.When is null ? Node.True : problem.Compile(clause.When);
            if (!Holds(problem, when, budget))
            {
                Report(DiagnosticCodes.WhenNeverHolds, clause.Location, AnalysisMessages.WhenNeverHolds(clause),
                    AnalysisMessages.WhenNeverHoldsHint, [clause.Id]);
                return;
            }

            if (!info.ConditionOk)
            {
                return;
            }

            var complies = Complies(problem, clause);
            var wouldViolate = Node.And(when, Node.Not(complies));
            if (!Holds(problem, wouldViolate, budget))
            {
                Report(DiagnosticCodes.AlwaysSatisfied, clause.Location, AnalysisMessages.AlwaysSatisfied(clause),
                    AnalysisMessages.AlwaysSatisfiedHint, [clause.Id]);
                return;
            }

            var excepted = exceptions.Select(e => (Exception: e, Node: problem.Compile(e.When))).ToArray();
            if (info.AllExceptionsOk)
            {
                CheckExceptionsOverTime(problem, budget, clause, exceptions, excepted, when, complies, wouldViolate);
            }

            foreach (var (exception, node) in excepted)
            {
                if (!Holds(problem, Node.And(wouldViolate, node), budget))
                {
                    Report(DiagnosticCodes.ExceptionNeverHolds, exception.Location, AnalysisMessages.ExceptionNeverHolds(clause, exception),
                        AnalysisMessages.ExceptionNeverHoldsHint, [clause.Id], related: [clause.Location]);
                }
            }
        });
    }

    /// <summary>CMP0111 and CMP0114, judged on each stretch of the clause's window between the dates where a dated
    /// exception starts or ends: on each, the exceptions in force are the undated ones and the dated ones whose window
    /// holds it. The clause is never violated when, on every stretch, the exceptions then in force cover every subject
    /// that would violate it; it can never be satisfied on the stretches where no subject it applies to meets its
    /// condition or an exception then in force (all of them: the plain finding; some: the finding names those dates).</summary>
    private void CheckExceptionsOverTime(Problem problem, Budget budget, Clause clause, ClauseException[] exceptions,
        (ClauseException Exception, Node Node)[] excepted, Node when, Node complies, Node wouldViolate)
    {
        var stretches = Stretches(clause);
        var inForce = InForce(stretches, excepted);
        var neverViolated = new Dictionary<string, bool>(StringComparer.Ordinal);
        var neverMet = new Dictionary<string, bool>(StringComparer.Ordinal);
        string Key((ClauseException Exception, Node Node)[] active) => string.Join(',', active.Select(a => a.Exception.Id));

        bool Covered((ClauseException Exception, Node Node)[] active)
        {
            var key = Key(active);
            if (!neverViolated.TryGetValue(key, out var covered))
            {
                covered = !Holds(problem, Node.And(wouldViolate, Node.Not(Node.Or(active.Select(a => a.Node)))), budget);
                neverViolated[key] = covered;
            }

            return covered;
        }

        if (exceptions.Length > 0 && Array.TrueForAll(inForce, Covered))
        {
            var single = excepted.FirstOrDefault(e => Array.TrueForAll(inForce, active => active.Contains(e))
                && !Holds(problem, Node.And(wouldViolate, Node.Not(e.Node)), budget));
            if (single.Exception is { } covering)
            {
                Report(DiagnosticCodes.ExceptionAlwaysHolds, covering.Location, AnalysisMessages.ExceptionAlwaysHolds(clause, covering),
                    AnalysisMessages.ExceptionAlwaysHoldsHint, [clause.Id], related: [clause.Location]);
            }
            else
            {
                Report(DiagnosticCodes.ExceptionAlwaysHolds, clause.Location, AnalysisMessages.ExceptionsAlwaysHold(clause),
                    AnalysisMessages.ExceptionAlwaysHoldsHint, [clause.Id], related: exceptions.Select(e => e.Location).ToArray());
            }
        }

        var unmet = new bool[stretches.Count];
        for (var i = 0; i < stretches.Count; i++)
        {
            var key = Key(inForce[i]);
            if (!neverMet.TryGetValue(key, out var never))
            {
                never = !Holds(problem, Node.And(when, Node.Or(inForce[i].Select(a => a.Node).Prepend(complies))), budget);
                neverMet[key] = never;
            }

            unmet[i] = never;
        }

        if (Array.TrueForAll(unmet, u => u))
        {
            Report(DiagnosticCodes.NeverSatisfiable, clause.Location, AnalysisMessages.NeverSatisfiable(clause),
                AnalysisMessages.NeverSatisfiableHint, [clause.Id]);
        }
        else if (Array.Exists(unmet, u => u))
        {
            Report(DiagnosticCodes.NeverSatisfiable, clause.Location,
                AnalysisMessages.NeverSatisfiableOn(clause, Ranges(stretches, unmet)), AnalysisMessages.NeverSatisfiableOnHint, [clause.Id]);
        }
    }

    /// <summary>The stretches of the clause's effective window between the dates where one of its dated exceptions starts
    /// or ends, in date order, each with one of its days; one stretch, the whole window, when no exception is dated.</summary>
    private static IReadOnlyList<(DateOnly? From, DateOnly? Until, DateOnly Day)> Stretches(Clause clause)
    {
        var points = Timeline.Boundaries(clause.Effective)
            .Concat(clause.Exceptions.SelectMany(e => Timeline.Boundaries(e.Effective)))
            .Distinct()
            .Order()
            .ToArray();
        var result = new List<(DateOnly? From, DateOnly? Until, DateOnly Day)>();
        for (var i = 0; i <= points.Length; i++)
        {
            DateOnly? from = i == 0 ? null : points[i - 1];
            DateOnly? until = i == points.Length ? null : points[i];
            if (until == DateOnly.MinValue)
            {
                continue;
            }

            var day = from ?? until?.AddDays(-1) ?? DateOnly.MinValue; // no dates at all: one stretch, any day of it
            if (clause.Effective.Contains(day))
            {
                result.Add((from, until, day));
            }
        }

        return result;
    }

    /// <summary>Each stretch's exceptions in force (those whose window holds its day), in the exceptions' order. The stretches'
    /// days rise, so an exception's window holds a run of them, found by binary search: the work is the size of the answer,
    /// not stretches × exceptions (a clause with 45,000 one-day exceptions, a 5 MB file, took 15 s of lint that way).</summary>
    private static (ClauseException Exception, Node Node)[][] InForce(IReadOnlyList<(DateOnly? From, DateOnly? Until, DateOnly Day)> stretches,
        (ClauseException Exception, Node Node)[] excepted)
    {
        var days = stretches.Select(s => s.Day).ToArray();
        var lists = days.Select(_ => new List<(ClauseException Exception, Node Node)>()).ToArray();
        foreach (var e in excepted)
        {
            var first = e.Exception.Effective.From is { } from ? FirstOnOrAfter(days, from) : 0;
            var end = e.Exception.Effective.Until is { } until ? FirstOnOrAfter(days, until) : days.Length;
            for (var i = first; i < end; i++)
            {
                lists[i].Add(e);
            }
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    /// <summary>The index of the first of the rising <paramref name="days"/> on or after <paramref name="date"/>.</summary>
    private static int FirstOnOrAfter(DateOnly[] days, DateOnly date)
    {
        var found = Array.BinarySearch(days, date);
        return found >= 0 ? found : ~found;
    }

    /// <summary>The marked stretches, adjacent ones joined, as date ranges.</summary>
    private static IReadOnlyList<(DateOnly? From, DateOnly? Until)> Ranges(IReadOnlyList<(DateOnly? From, DateOnly? Until, DateOnly Day)> stretches, bool[] marked)
    {
        var ranges = new List<(DateOnly? From, DateOnly? Until)>();
        for (var i = 0; i < stretches.Count; i++)
        {
            if (!marked[i])
            {
                continue;
            }

            if (i > 0 && marked[i - 1] && ranges.Count > 0)
            {
                ranges[^1] = (ranges[^1].From, stretches[i].Until);
            }
            else
            {
                ranges.Add((stretches[i].From, stretches[i].Until));
            }
        }

        return ranges;
    }

    /// <summary>The clause's own condition is met: its <c>require</c> holds, or its <c>forbid</c> does not.</summary>
    private static Node Complies(Problem problem, Clause clause)
    {
        var condition = problem.Compile(clause.Condition);
        return clause.Mode == ClauseMode.Require ? condition : Node.Not(condition);
    }

    private static bool Holds(Problem problem, Node formula, Budget budget) =>
        Search.Find(formula, problem, problem.NewAssignment(), budget);

    private void CheckSuperseded(Clause clause)
    {
        if (!_supersededBy.TryGetValue(clause.Id, out var superseders))
        {
            return;
        }

        var active = new List<Clause>();
        foreach (var date in Timeline.Representatives(Boundaries(clause), Today))
        {
            if (!clause.Effective.Contains(date))
            {
                continue;
            }

            var by = superseders.Where(s => s.Effective.Contains(date)).ToArray();
            if (by.Length == 0)
            {
                return;
            }

            active.AddRange(by.Where(b => !active.Contains(b)));
        }

        var ordered = _rules.Clauses.Where(active.Contains).ToArray();
        Report(DiagnosticCodes.SupersededThroughout, clause.Location, AnalysisMessages.SupersededThroughout(clause, ordered),
            AnalysisMessages.SupersededThroughoutHint, [clause.Id], related: ordered.Select(c => c.Location).ToArray());
    }

    private void CheckWaiver(Waiver waiver)
    {
        var clause = _rules.FindClause(waiver.ClauseId)!;
        var days = waiver.Expires.DayNumber - Today.DayNumber;
        if (days <= 0)
        {
            Report(DiagnosticCodes.ExpiredWaiver, waiver.Location, AnalysisMessages.WaiverExpired(waiver),
                AnalysisMessages.WaiverExpiredHint, [clause.Id], waiver.Id);
        }
        else if (days <= _options.ExpiringWithinDays)
        {
            Report(DiagnosticCodes.WaiverExpiringSoon, waiver.Location, AnalysisMessages.WaiverExpiringSoon(waiver, days),
                AnalysisMessages.WaiverExpiringSoonHint(waiver), [clause.Id], waiver.Id);
        }

        var info = _infos[clause.Id];
        if (_waiverIssues[waiver.Id] is not null || !info.WhenOk)
        {
            return;
        }

        Ask(waiver.Location, [clause.Id], $"waiver `{waiver.Id}`", () =>
        {
            var builder = new ProblemBuilder(info.Owner, _session);
            var budget = _session.NewBudget();
            foreach (var condition in new[] { clause.When, waiver.When }.OfType<Compliance.Conditions.Condition>())
            {
                builder.Add(condition);
            }

            var full = info.ConditionOk && info.AllExceptionsOk;
            if (full)
            {
                builder.Add(clause.Condition);
                foreach (var exception in clause.Exceptions)
                {
                    builder.Add(exception.When);
                }
            }

            var problem = builder.Build(budget);
            var when = clause.When is null ? Node.True : problem.Compile(clause.When);
            var matches = Node.And(when, waiver.When is null ? Node.True : problem.Compile(waiver.When));
            if (!Holds(problem, matches, budget))
            {
                Report(DiagnosticCodes.WaiverNeverMatches, waiver.Location, AnalysisMessages.WaiverNeverMatches(waiver),
                    AnalysisMessages.WaiverNeverMatchesHint, [clause.Id], waiver.Id, [clause.Location], error: true);
                return;
            }

            if (!full)
            {
                return;
            }

            // On each stretch of the clause's window, the exceptions then in force (a dated one only inside its dates).
            var excepted = clause.Exceptions.Select(e => (Exception: e, Node: problem.Compile(e.When))).ToArray();
            var violatesOnSomeDay = Stretches(clause)
                .Select(s => excepted.Where(e => e.Exception.Effective.Contains(s.Day)).ToArray())
                .DistinctBy(active => string.Join(',', active.Select(a => a.Exception.Id)), StringComparer.Ordinal)
                .Any(active => Holds(problem, Node.And(matches, Node.Not(Complies(problem, clause)), Node.Not(Node.Or(active.Select(a => a.Node)))), budget));
            if (!violatesOnSomeDay)
            {
                Report(DiagnosticCodes.WaiverCoversNoViolation, waiver.Location, AnalysisMessages.WaiverCoversNoViolation(waiver),
                    AnalysisMessages.WaiverCoversNoViolationHint, [clause.Id], waiver.Id, [clause.Location]);
            }
        }, waiver.Id);
    }

    /// <summary>Runs one question; a question outside the fragment or too large becomes a <c>CMP0101</c> finding.</summary>
    private void Ask(SourceLocation at, IReadOnlyList<string> clauses, string subject, Action question, string? waiver = null)
    {
        try
        {
            question();
        }
        catch (NotAnalysableException ex)
        {
            Report(DiagnosticCodes.NotAnalysed, Where(ex, at), AnalysisMessages.NotAnalysed(subject, ex.Reason),
                AnalysisMessages.NotAnalysedHint, clauses, waiver);
        }
        catch (SearchTooLargeException)
        {
            Report(DiagnosticCodes.NotAnalysed, at, AnalysisMessages.NotAnalysed(subject, AnalysisMessages.TooLarge),
                AnalysisMessages.NotAnalysedHint, clauses, waiver);
        }
    }

    /// <summary>Where to report a question outside the fragment: the condition at fault, else the question's own place.</summary>
    private static SourceLocation Where(NotAnalysableException ex, SourceLocation fallback) => ex.Location.File is null ? fallback : ex.Location;
}
