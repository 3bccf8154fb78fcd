using Compliance.Conditions;
using Compliance.Model;

namespace Compliance.Rules.Analysis;

/// <summary>The texts of analysis diagnostics, kept in one place so that tests can assert them exactly.</summary>
internal static class AnalysisMessages
{
    public const string NotAnalysedHint =
        "the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests";

    public static string Date(DateOnly date) => Operand.Format(date);

    public static string Part(Clause clause, string part) => $"the `{part}` of clause `{clause.Id}`";

    public static string ModeName(Clause clause) => clause.Mode == ClauseMode.Require ? "require" : "forbid";

    public static string ExceptionPart(Clause clause, ClauseException exception) => $"exception `{exception.Id}` of clause `{clause.Id}`";

    public static string WaiverPart(Waiver waiver) => $"the `when` of waiver `{waiver.Id}`";

    public static string NotAnalysed(string part, string reason) => $"{part} is not analysed: {reason}";

    public static string PairNotAnalysed(Clause first, Clause second, string reason) =>
        $"clauses `{first.Id}` and `{second.Id}` are not analysed for a contradiction: {reason}";

    public static string Contradiction(Clause first, Clause second, DateOnly date, IReadOnlyList<string> demanded) =>
        $"clauses `{first.Id}` ({first.Location.FileAndLine}) and `{second.Id}` contradict on {Date(date)}: "
        + $"no choice of {List(demanded)} satisfies both for a subject both apply to";

    public static string ContradictionHint(string subject) => $"counterexample: {subject} violates both";

    public static string MutuallyExclusive(Clause first, Clause second, DateOnly date, IReadOnlyList<string> demanded) =>
        $"clauses `{first.Id}` ({first.Location.FileAndLine}) and `{second.Id}` exclude each other on {Date(date)}: "
        + $"every choice of {List(demanded)} leaves a subject both apply to violating one of them";

    public static string MutuallyExclusiveHint(string subject, string violated) => $"for example, {subject} violates `{violated}`";

    public static string WhenNeverHolds(Clause clause) => $"the `when` of clause `{clause.Id}` can never hold: the clause never applies";

    public const string WhenNeverHoldsHint = "correct the `when`, or remove the clause";

    public static string ExceptionAlwaysHolds(Clause clause, ClauseException exception) =>
        $"exception `{exception.Id}` of clause `{clause.Id}` holds for every subject that would violate the clause: it can never be violated";

    public static string ExceptionsAlwaysHold(Clause clause) =>
        $"the exceptions of clause `{clause.Id}` together hold for every subject that would violate it: it can never be violated";

    public const string ExceptionAlwaysHoldsHint = "narrow the exception's `when`";

    public static string SupersededThroughout(Clause clause, IReadOnlyList<Clause> by) =>
        $"clause `{clause.Id}` is superseded by {List(by.Select(b => b.Id).ToArray())} on every day of its effective window: it never applies";

    public const string SupersededThroughoutHint = "remove the clause, or correct the effective dates";

    public static string AlwaysSatisfied(Clause clause) => clause.Mode == ClauseMode.Require
        ? $"the `require` of clause `{clause.Id}` holds for every subject the clause applies to: it can never be violated"
        : $"the `forbid` of clause `{clause.Id}` holds for no subject the clause applies to: it can never be violated";

    public const string AlwaysSatisfiedHint = "check the condition against the clause's `when`";

    public static string NeverSatisfiable(Clause clause) =>
        $"clause `{clause.Id}` can never be satisfied: every subject it applies to violates it";

    /// <summary>A clause that no subject can satisfy on some dates only: those outside its dated exceptions' windows.</summary>
    public static string NeverSatisfiableOn(Clause clause, IReadOnlyList<(DateOnly? From, DateOnly? Until)> ranges) =>
        $"clause `{clause.Id}` can never be satisfied {Words(ranges.Select(Range).ToArray())}: every subject it applies to violates it then";

    public const string NeverSatisfiableOnHint =
        "only an exception with dates of its own lets a subject meet it, and only while that exception is in force: check the condition against the clause's `when` and exceptions";

    /// <summary>A stretch of dates, <c>until</c> exclusive, in words: <c>before 2026-01-01</c>, <c>from 2026-01-01</c>,
    /// <c>from 2026-01-01 through 2026-05-31</c>, <c>on 2026-01-01</c>.</summary>
    private static string Words(string[] items) =>
        items.Length <= 1 ? string.Concat(items) : string.Join(", ", items[..^1]) + " and " + items[^1];

    private static string Range((DateOnly? From, DateOnly? Until) range) => range switch
    {
        (null, { } until) => $"before {Date(until)}",
        ({ } from, null) => $"from {Date(from)}",
        ({ } from, { } until) when until == from.AddDays(1) => $"on {Date(from)}",
        ({ } from, { } until) => $"from {Date(from)} through {Date(until.AddDays(-1))}",
        _ => "on every date",
    };

    public const string NeverSatisfiableHint = "check the condition against the clause's `when` and exceptions";

    public static string ExceptionNeverHolds(Clause clause, ClauseException exception) =>
        $"exception `{exception.Id}` of clause `{clause.Id}` never applies: no subject that would violate the clause meets its `when`";

    public const string ExceptionNeverHoldsHint = "correct the exception's `when`, or remove it";

    public static string WaiverExpired(Waiver waiver) => $"waiver `{waiver.Id}` expired on {Date(waiver.Expires)}";

    public const string WaiverExpiredHint = "remove it, or renew it with a new `expires` date";

    public static string WaiverExpiringSoon(Waiver waiver, int days) =>
        $"waiver `{waiver.Id}` expires on {Date(waiver.Expires)}, in {days} {(days == 1 ? "day" : "days")}";

    public static string WaiverExpiringSoonHint(Waiver waiver) =>
        $"renew it in time, or prepare for clause `{waiver.ClauseId}` to apply again";

    public static string WaiverNeverMatches(Waiver waiver) =>
        $"waiver `{waiver.Id}` can never match a subject clause `{waiver.ClauseId}` applies to";

    public const string WaiverNeverMatchesHint = "its `when` contradicts the clause's `when`";

    public static string WaiverCoversNoViolation(Waiver waiver) =>
        $"waiver `{waiver.Id}` covers no violation of clause `{waiver.ClauseId}`: every subject it matches satisfies the clause or is exempt";

    public const string WaiverCoversNoViolationHint = "remove the waiver, or correct its `when`";

    public const string TooLarge = "the search is too large";

    public static string BudgetSpent(long steps, int clauses, int waivers, long pairs, string first) =>
        $"the analysis stopped at its budget of {Count(steps)} steps: {Count(clauses, "clause", "clauses")}, "
        + $"{Count(waivers, "waiver", "waivers")} and {Count(pairs, "pair of clauses", "pairs of clauses")} were not analysed, "
        + $"starting with {first}";

    public const string BudgetSpentHint =
        "the budget grows with the size of the rule set's conditions (`AnalysisOptions.StepsPerConditionNode`); split the rule set, or cover what was not analysed with tests";

    private static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Count(long n, string one, string many) => $"{Count(n)} {(n == 1 ? one : many)}";

    public const string UsesExpression = "it uses `expression`";

    public const string UnknownCondition = "it uses a condition the analysis does not know";

    public const string CannotBuild = "subjects of this kind cannot be built by reflection";

    public static string ValidatorFailed(string kind, string error) => $"the validator of `{kind}` failed on a probe subject: {error}";

    public static string CannotSet(string field) => $"`{field}` cannot be set";

    public static string MatchesOnText(string path) => $"it uses `matches` on the text `{path}`";

    public static string Unreachable(string path) => $"`{path}` is not a field the analysis can reach";

    public static string NestedObject(string path) => $"it reads `{path}` inside a nested object";

    public static string NotComparable(string path) => $"`{path}` is not a value the analysis compares";

    public static string TooManyNeedles(string path, int limit) => $"`{path}` is tested with more than {limit} `contains` values";

    public static string NoSeparator(string path) => $"the `contains` values of `{path}` leave no separator free";

    public static string TooManyQuantifiers(string path, int limit) => $"`{path}` is quantified more than {limit} times";

    public static string Unconfirmed(string detail) => $"its counterexample could not be confirmed ({detail})";

    /// <summary>`a`; `a` and `b`; `a`, `b` and `c`.</summary>
    public static string List(IReadOnlyList<string> items)
    {
        var quoted = items.Select(i => $"`{i}`").ToArray();
        return quoted.Length switch
        {
            0 => "nothing",
            1 => quoted[0],
            _ => string.Join(", ", quoted[..^1]) + " and " + quoted[^1],
        };
    }
}
