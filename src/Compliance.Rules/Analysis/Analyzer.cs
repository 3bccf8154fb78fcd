using Compliance.Conditions;
using Compliance.Model;
using Compliance.Rules.Analysis.Solving;
using Compliance.Rules.Diagnostics;

namespace Compliance.Rules.Analysis;

/// <summary>One analysis run over a rule set: what is known of each clause and waiver, and the findings so far.</summary>
internal sealed partial class Analyzer
{
    private readonly RuleSet _rules;
    private readonly AnalysisOptions _options;
    private readonly Session _session;
    private readonly long _size;
    private readonly List<Finding> _findings = [];
    private readonly HashSet<(string Code, SourceLocation At, string Message)> _reported = [];
    private readonly Dictionary<string, Clause[]> _supersededBy;
    private readonly Dictionary<string, ClauseInfo> _infos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _waiverIssues = new(StringComparer.Ordinal);

    public Analyzer(RuleSet rules, AnalysisOptions options)
    {
        _rules = rules;
        _options = options;
        _size = SizeOf(rules);
        _session = new Session(rules, options.ResolveToday(), options.MaxSearchSteps, TotalSteps(_size, options));
        _supersededBy = rules.Clauses
            .SelectMany(c => c.Supersedes.Select(target => (target, by: c)))
            .GroupBy(p => p.target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.by).ToArray(), StringComparer.Ordinal);
    }

    private DateOnly Today => _session.Today;

    /// <summary>The whole run's budget: one question's worth, and <see cref="AnalysisOptions.StepsPerConditionNode"/> for
    /// every node and operand of the rule set's conditions (saturating rather than overflowing).</summary>
    internal static long TotalSteps(long size, AnalysisOptions options)
    {
        var perNode = options.StepsPerConditionNode;
        var grown = size > (long.MaxValue - options.MaxSearchSteps) / perNode ? long.MaxValue - options.MaxSearchSteps : size * perNode;
        return options.MaxSearchSteps + grown;
    }

    /// <summary>Every node and operand of the rule set's conditions.</summary>
    internal static long SizeOf(RuleSet rules) => rules.Clauses
        .SelectMany(c => new[] { c.When, c.Condition }.OfType<Condition>().Concat(c.Exceptions.Select(e => e.When)))
        .Concat(rules.Waivers.Select(w => w.When).OfType<Condition>())
        .Sum(TotalBudget.WeightOf);

    public IReadOnlyList<Finding> Run()
    {
        foreach (var clause in _rules.Clauses)
        {
            _infos[clause.Id] = Describe(clause);
        }

        foreach (var waiver in _rules.Waivers)
        {
            _waiverIssues[waiver.Id] = CheckWaiverFragment(waiver);
        }

        foreach (var info in _infos.Values)
        {
            info.WaiversOk = info.Waivers.All(w => _waiverIssues[w.Id] is null);
        }

        var clausesDone = 0;
        var waiversDone = 0;
        try
        {
            foreach (var clause in _rules.Clauses)
            {
                CheckClause(_infos[clause.Id]);
                clausesDone++;
            }

            foreach (var waiver in _rules.Waivers)
            {
                CheckWaiver(waiver);
                waiversDone++;
            }

            CheckPairs();
        }
        catch (AnalysisBudgetExhaustedException)
        {
            ReportExhausted(clausesDone, waiversDone);
        }

        return _findings
            .OrderBy(f => f.Diagnostic.File, StringComparer.Ordinal)
            .ThenBy(f => f.Diagnostic.Line)
            .ThenBy(f => f.Diagnostic.Column)
            .ThenBy(f => f.Diagnostic.Code, StringComparer.Ordinal)
            .ThenBy(f => f.Diagnostic.Message, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The run's budget is spent: one finding names what was left, at the first question not answered.</summary>
    private void ReportExhausted(int clausesDone, int waiversDone)
    {
        var clauses = _rules.Clauses.Skip(clausesDone).ToArray();
        var waivers = _rules.Waivers.Skip(waiversDone).ToArray();
        var pairs = PairsLeft();
        var (at, first) = clauses.Length > 0 ? (clauses[0].Location, $"clause `{clauses[0].Id}`")
            : waivers.Length > 0 ? (waivers[0].Location, $"waiver `{waivers[0].Id}`")
            : (pairs.FirstB!.Clause.Location, $"clauses `{pairs.FirstA!.Clause.Id}` and `{pairs.FirstB.Clause.Id}`");
        var ids = clauses.Select(c => c.Id)
            .Concat(waivers.Select(w => w.ClauseId))
            .Concat(pairs.Clauses.Select(i => i.Clause.Id))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        Report(DiagnosticCodes.AnalysisBudgetSpent, at,
            AnalysisMessages.BudgetSpent(_session.Total.Steps, clauses.Length, waivers.Length, pairs.Count, first),
            AnalysisMessages.BudgetSpentHint, ids);
    }

    private void Report(Finding finding)
    {
        var d = finding.Diagnostic;
        if (_reported.Add((d.Code, new SourceLocation(d.File, d.Line, d.Column), d.Message)))
        {
            _findings.Add(finding);
        }
    }

    private void Report(string code, SourceLocation at, string message, string? hint, IReadOnlyList<string> clauses,
        string? waiver = null, IReadOnlyList<SourceLocation>? related = null, bool error = false) =>
        Report(new Finding
        {
            Diagnostic = error ? Diagnostic.Error(code, at, message, hint) : Diagnostic.Warning(code, at, message, hint),
            Clauses = clauses,
            Waiver = waiver,
            RelatedLocations = related ?? [],
        });

    /// <summary>What the analysis knows of a clause: which parts it can decide, and the paths each part reads.</summary>
    private sealed class ClauseInfo(Clause clause, Owner owner)
    {
        public Clause Clause { get; } = clause;

        public Owner Owner { get; } = owner;

        public bool WhenOk { get; set; } = true;

        public bool ConditionOk { get; set; } = true;

        public bool[] ExceptionOk { get; set; } = [];

        public bool AllExceptionsOk => Array.TrueForAll(ExceptionOk, e => e);

        public Waiver[] Waivers { get; set; } = [];

        public bool WaiversOk { get; set; } = true;

        /// <summary>Whether every part, and every waiver of the clause, can be decided: needed for contradictions.</summary>
        public bool FullyOk => WhenOk && ConditionOk && AllExceptionsOk && WaiversOk;

        /// <summary>The paths the <c>when</c> reads.</summary>
        public HashSet<string> WhenReads { get; } = new(StringComparer.Ordinal);

        /// <summary>The paths the condition, the exceptions and the waivers read: what decides whether the clause is satisfied.</summary>
        public HashSet<string> ComplianceReads { get; } = new(StringComparer.Ordinal);

        /// <summary>The paths the <c>require</c>/<c>forbid</c> condition reads.</summary>
        public HashSet<string> Demands { get; } = new(StringComparer.Ordinal);

        /// <summary>For paths the <c>when</c> pins to a few values (a top-level <c>equals</c> or <c>in</c>), those values.</summary>
        public Dictionary<string, HashSet<string>> Pinned { get; } = new(StringComparer.Ordinal);
    }

    private ClauseInfo Describe(Clause clause)
    {
        var info = new ClauseInfo(clause, _session.Root(clause.AppliesTo));
        if (clause.When is { } when)
        {
            info.WhenOk = CheckFragment(when, info.Owner, AnalysisMessages.Part(clause, "when"), clause.Id);
            Pin(when, info.Pinned);
        }

        info.ConditionOk = CheckFragment(clause.Condition, info.Owner, AnalysisMessages.Part(clause, AnalysisMessages.ModeName(clause)), clause.Id);
        info.ExceptionOk = clause.Exceptions
            .Select(e => CheckFragment(e.When, info.Owner, AnalysisMessages.ExceptionPart(clause, e), clause.Id))
            .ToArray();
        info.Waivers = _rules.Waivers.Where(w => w.ClauseId == clause.Id).ToArray();

        AddUnits(clause.Condition, info.Demands);
        if (clause.When is { } applies)
        {
            AddUnits(applies, info.WhenReads);
        }

        foreach (var condition in clause.Exceptions.Select(e => e.When).Append(clause.Condition).Concat(info.Waivers.Select(w => w.When).OfType<Condition>()))
        {
            AddUnits(condition, info.ComplianceReads);
        }

        return info;
    }

    private static IEnumerable<Condition> Parts(Clause clause) =>
        new[] { clause.When, clause.Condition }.OfType<Condition>().Concat(clause.Exceptions.Select(e => e.When));

    private string? CheckWaiverFragment(Waiver waiver)
    {
        if (waiver.When is null)
        {
            return null;
        }

        var clause = _rules.FindClause(waiver.ClauseId)!;
        try
        {
            new ProblemBuilder(_session.Root(clause.AppliesTo), _session).Add(waiver.When);
            return null;
        }
        catch (NotAnalysableException ex)
        {
            Report(DiagnosticCodes.NotAnalysed, Where(ex, waiver.Location), AnalysisMessages.NotAnalysed(AnalysisMessages.WaiverPart(waiver), ex.Reason),
                AnalysisMessages.NotAnalysedHint, [clause.Id], waiver.Id);
            return ex.Reason;
        }
    }

    private bool CheckFragment(Condition condition, Owner owner, string part, string clauseId)
    {
        try
        {
            new ProblemBuilder(owner, _session).Add(condition);
            return true;
        }
        catch (NotAnalysableException ex)
        {
            Report(DiagnosticCodes.NotAnalysed, Where(ex, condition.Location), AnalysisMessages.NotAnalysed(part, ex.Reason),
                AnalysisMessages.NotAnalysedHint, [clauseId]);
            return false;
        }
    }

    /// <summary>The paths a condition reads at the top level of the subject: a field, a map key, or a whole list or map
    /// (a list's quantifiers count as reading the list). With <paramref name="withMaps"/>, a map key also counts as
    /// reading its map, which over-approximates what two conditions share.</summary>
    private static void AddUnits(Condition condition, HashSet<string> into, bool withMaps = true)
    {
        switch (condition)
        {
            case AllCondition all:
                foreach (var item in all.Items)
                {
                    AddUnits(item, into, withMaps);
                }

                break;
            case AnyCondition any:
                foreach (var item in any.Items)
                {
                    AddUnits(item, into, withMaps);
                }

                break;
            case NotCondition not:
                AddUnits(not.Inner, into, withMaps);
                break;
            case TermCondition term:
                AddUnits(term.Inner, into, withMaps);
                break;
            case ComparisonCondition comparison:
                AddUnit(comparison.Path.Text, into, withMaps);
                break;
            case QuantifierCondition quantifier:
                AddUnit(quantifier.Path.Text, into, withMaps);
                break;
        }
    }

    private static void AddUnit(string path, HashSet<string> into, bool withMaps)
    {
        into.Add(path);
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (withMaps && dot > 0)
        {
            into.Add(path[..dot]);
        }
    }

    /// <summary>Collects the values a <c>when</c> pins paths to through top-level <c>equals</c> and <c>in</c> on text,
    /// choices and booleans; two clauses whose pinned values for a path do not meet never apply to one subject.</summary>
    private static void Pin(Condition condition, Dictionary<string, HashSet<string>> pinned)
    {
        switch (condition)
        {
            case AllCondition all:
                foreach (var item in all.Items)
                {
                    Pin(item, pinned);
                }

                break;
            case ComparisonCondition { Operator: Operator.Equals or Operator.In } comparison
                when comparison.Path.Type is Compliance.Subjects.FieldType.String or Compliance.Subjects.FieldType.Enum or Compliance.Subjects.FieldType.Boolean
                && comparison.Operands.All(o => o.Value is bool || o.Value is Enum || (o.Value is string s && s.All(char.IsAscii))):
            {
                var values = comparison.Operands.Select(o => o.Value switch
                {
                    string s => "s:" + s.ToUpperInvariant(),
                    bool b => b ? "b:true" : "b:false",
                    _ => "e:" + o.Value,
                }).ToHashSet(StringComparer.Ordinal);
                if (pinned.TryGetValue(comparison.Path.Text, out var existing))
                {
                    existing.IntersectWith(values);
                }
                else
                {
                    pinned[comparison.Path.Text] = values;
                }

                break;
            }
        }
    }

    /// <summary>Whether the clause is in effect on the date and no clause in effect then supersedes it.</summary>
    private bool AppliesOn(Clause clause, DateOnly date) =>
        clause.Effective.Contains(date)
        && !(_supersededBy.TryGetValue(clause.Id, out var by) && by.Any(s => s.Effective.Contains(date)));

    private IEnumerable<DateOnly> Boundaries(Clause clause) =>
        Timeline.Boundaries(clause.Effective)
            .Concat(_supersededBy.GetValueOrDefault(clause.Id, []).SelectMany(s => Timeline.Boundaries(s.Effective)));
}
