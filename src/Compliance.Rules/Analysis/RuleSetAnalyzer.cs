using Compliance.Rules.Diagnostics;

namespace Compliance.Rules.Analysis;

/// <summary>
/// Finds what a legal editor should know about a loaded rule set before it bites: clauses that contradict each other,
/// dead clauses, and waivers that have expired, soon will, or can never apply.
/// </summary>
/// <remarks>
/// <para><b>Contradictions.</b> Call the paths that two clauses' <c>require</c>/<c>forbid</c> conditions read their
/// <i>demanded</i> paths, and every other path the <i>context</i>. Clauses A and B of one kind contradict
/// (<c>CMP0100</c>) when there is a date D and a subject S such that on D: A and B both apply to S (in effect, not
/// superseded, <c>when</c> true); S violates both; among the subjects that agree with S on the context and to which
/// both apply, none satisfies both (a clause is satisfied when its condition is met, or an exception or an unexpired
/// waiver covers the subject), yet one satisfies A and one satisfies B. When all but "S violates both" hold, the clauses
/// exclude each other (<c>CMP0102</c>): every choice of the demanded values leaves one of them violated. The finding
/// names both clauses, the date and S, which evaluation confirms.</para>
/// <para><b>Exactness.</b> For the structured fragment (<c>equals</c>, <c>notEquals</c>, <c>in</c>, <c>notIn</c>,
/// <c>exists</c>, numeric and date ranges, <c>contains</c>, <c>all</c>/<c>any</c>/<c>not</c>,
/// <c>some</c>/<c>every</c>/<c>none</c>, and <c>matches</c> on choices) the analysis is exact over subjects the kind's
/// validator accepts field by field: each path's values are split into the finitely many classes its comparisons cannot
/// tell apart, and the search covers every class. <c>expression</c> conditions, <c>matches</c> on text and paths into
/// nested objects are reported as not analysed (<c>CMP0101</c>), never skipped in silence.</para>
/// <para>Thread-safe: each call works on its own state. The rule set is only read.</para>
/// </remarks>
public static class RuleSetAnalyzer
{
    /// <summary>Analyses a rule set and returns the diagnostics, sorted by file, line and column.</summary>
    /// <param name="ruleSet">The loaded rule set.</param>
    /// <param name="options">The analysis date and limits; <see langword="null"/> for <see cref="AnalysisOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
#pragma warning disable RS0026 // Analyze(RuleSet) and Analyze(LoadResult) differ in the first parameter's type, so no call
                               // is ambiguous, and no earlier version shipped without the optional parameter.
    public static IReadOnlyList<Diagnostic> Analyze(RuleSet ruleSet, AnalysisOptions? options = null) =>
        AnalyzeFindings(ruleSet, options).Select(f => f.Diagnostic).ToArray();

    /// <summary>Analyses a rule set and returns each finding with the clauses, date and counterexample behind it,
    /// sorted by the location of its diagnostic.</summary>
    /// <param name="ruleSet">The loaded rule set.</param>
    /// <param name="options">The analysis date and limits; <see langword="null"/> for <see cref="AnalysisOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IReadOnlyList<Finding> AnalyzeFindings(RuleSet ruleSet, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        options ??= AnalysisOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(options.ExpiringWithinDays, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSearchSteps, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.StepsPerConditionNode, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        return new Analyzer(ruleSet, options).Run();
    }

    /// <summary>Everything <c>compliance lint</c> reports for a load: the load's diagnostics and, when the rule set
    /// loaded, the analysis's, sorted by file, line and column. Expired waivers are judged on the analysis date, so the
    /// load's own expired-waiver warnings (<c>CMP0040</c>) give way to the analysis's.</summary>
    /// <param name="load">The result of loading the rule files.</param>
    /// <param name="options">The analysis date and limits; <see langword="null"/> for <see cref="AnalysisOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IReadOnlyList<Diagnostic> Analyze(LoadResult load, AnalysisOptions? options = null)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(load);
        if (load.RuleSet is null)
        {
            return load.Diagnostics;
        }

        return load.Diagnostics
            .Where(d => d.Code != DiagnosticCodes.ExpiredWaiver)
            .Concat(Analyze(load.RuleSet, options))
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToArray();
    }
}
