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
                // A dated carve-out does not exist on every day of the clause: only undated exceptions can cover it for good.
                var anyException = Node.Or(excepted.Where(e => e.Exception.Effective.From is null && e.Exception.Effective.Until is null).Select(e => e.Node));
                if (exceptions.Length > 0 && !Holds(problem, Node.And(wouldViolate, Node.Not(anyException)), budget))
                {
                    var single = excepted.Where(e => e.Exception.Effective.From is null && e.Exception.Effective.Until is null).FirstOrDefault(e => !Holds(problem, Node.And(wouldViolate, Node.Not(e.Node)), budget));
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

                if (!Holds(problem, Node.And(when, Node.Or(complies, anyException)), budget))
                {
                    Report(DiagnosticCodes.NeverSatisfiable, clause.Location, AnalysisMessages.NeverSatisfiable(clause),
                        AnalysisMessages.NeverSatisfiableHint, [clause.Id]);
                }
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

            var violated = Node.And(matches, Node.Not(Complies(problem, clause)),
                Node.Not(Node.Or(clause.Exceptions.Where(e => e.Effective.From is null && e.Effective.Until is null).Select(e => problem.Compile(e.When)))));
            if (!Holds(problem, violated, budget))
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
