using Compliance.Evaluation;
using Compliance.Verdicts;

namespace Compliance.Rules.Testing;

/// <summary>One test from a <c>tests</c> document: a subject, an optional date and what the verdict must be.</summary>
public sealed record RuleTest
{
    /// <summary>The test's name.</summary>
    public required string Name { get; init; }

    /// <summary>The date to judge as of; <see langword="null"/> to use the subject's timestamp.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The subject.</summary>
    public required SubjectInput Subject { get; init; }

    /// <summary>The expected outcome, if given.</summary>
    public Outcome? ExpectedOutcome { get; init; }

    /// <summary>Expected statuses by qualified clause id.</summary>
    public IReadOnlyDictionary<string, ClauseStatus> ExpectedClauses { get; init; } = new Dictionary<string, ClauseStatus>();

    /// <summary>Where the test is written.</summary>
    public required SourceLocation Location { get; init; }
}

/// <summary>The result of running one test.</summary>
/// <param name="Test">The test.</param>
/// <param name="Verdict">The verdict it produced (traced: it lists clauses that did not apply too).</param>
/// <param name="Failures">What differed from the expectation, one line each; empty when the test passed.</param>
public sealed record RuleTestResult(RuleTest Test, Verdict Verdict, IReadOnlyList<string> Failures)
{
    /// <summary>Whether the verdict matched every expectation.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>The results of a test run and the clause coverage.</summary>
/// <param name="Results">One result per test, in file order.</param>
/// <param name="Exercised">The qualified ids of clauses that applied to some test's subject.</param>
/// <param name="Unexercised">The qualified ids of clauses no test exercised, in rule-set order.</param>
public sealed record RuleTestReport(IReadOnlyList<RuleTestResult> Results, IReadOnlyList<string> Exercised, IReadOnlyList<string> Unexercised)
{
    /// <summary>How many tests passed.</summary>
    public int Passed => Results.Count(r => r.Passed);

    /// <summary>How many tests failed.</summary>
    public int Failed => Results.Count(r => !r.Passed);

    /// <summary>The share of clauses exercised, from 0 to 100; 100 for a rule set without clauses.</summary>
    public double CoveragePercent => Exercised.Count + Unexercised.Count == 0 ? 100 : 100.0 * Exercised.Count / (Exercised.Count + Unexercised.Count);
}

/// <summary>Runs the tests of <c>tests</c> documents against a rule set.</summary>
public static class RuleTestRunner
{
    /// <summary>Runs every test; a test exercises a clause when the clause applies to its subject (any status but
    /// <c>notApplicable</c> and <c>superseded</c>).</summary>
    /// <param name="ruleSet">The rule set under test.</param>
    /// <param name="tests">The tests, usually <see cref="LoadResult.Tests"/>.</param>
    /// <param name="timeProvider">Supplies today for tests with neither <c>asOf</c> nor a subject timestamp; the default is the system clock.</param>
    public static RuleTestReport Run(RuleSet ruleSet, IEnumerable<RuleTest> tests, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        ArgumentNullException.ThrowIfNull(tests);
        var exercised = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<RuleTestResult>();
        foreach (var test in tests)
        {
            var options = new EvaluationOptions { AsOf = test.AsOf, Trace = true, TimeProvider = timeProvider ?? TimeProvider.System };
            var verdict = ruleSet.Evaluate(test.Subject, options);
            var failures = new List<string>();
            if (test.ExpectedOutcome is { } outcome && verdict.Outcome != outcome)
            {
                failures.Add($"expected outcome `{VerdictNames.Name(outcome)}`, got `{VerdictNames.Name(verdict.Outcome)}`");
            }

            foreach (var (clause, status) in test.ExpectedClauses)
            {
                var actual = verdict.Clauses.FirstOrDefault(c => c.Id == clause)?.Status ?? ClauseStatus.NotApplicable;
                if (actual != status)
                {
                    failures.Add($"expected `{clause}` to be `{VerdictNames.Name(status)}`, got `{VerdictNames.Name(actual)}`");
                }
            }

            foreach (var error in verdict.Errors)
            {
                if (test.ExpectedOutcome != Outcome.Indeterminate)
                {
                    failures.Add($"the subject is invalid: {(error.Path is null ? string.Empty : error.Path + ": ")}{error.Message}");
                }
            }

            foreach (var clause in verdict.Clauses)
            {
                if (clause.Status is not (ClauseStatus.NotApplicable or ClauseStatus.Superseded))
                {
                    exercised.Add(clause.Id);
                }
            }

            results.Add(new RuleTestResult(test, verdict, failures));
        }

        var all = ruleSet.Clauses.Select(c => c.Id).ToArray();
        return new RuleTestReport(results, all.Where(exercised.Contains).ToArray(), all.Where(id => !exercised.Contains(id)).ToArray());
    }
}
