using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary><c>matches</c> cannot hang an evaluation: patterns run without backtracking where they can, and with a timeout always.</summary>
public sealed class RegexTimeoutTests
{
    /// <summary>Catastrophic on a run of <c>a</c>s with no final <c>b</c>, and, because of the backreference, beyond
    /// the non-backtracking engine: only the timeout stops it (it would run for years on 40 characters).</summary>
    private const string Catastrophic = @"^(a+)+\1b$";

    private static readonly string Hostile = new('a', 40);

    private static Verdict EvaluateWithinAMinute(RuleSetLoaderOptions? options, string pattern, string model)
    {
        var result = Probe.Load(Probe.Condition($"{{ model: {{ matches: '{pattern}' }} }}"), options);
        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
        var evaluation = Task.Run(() => result.RuleSet!.Evaluate(SampleSubjects.Call() with { Model = model }, new() { AsOf = Probe.AsOf }));

        // A guard against a hang, not a measurement: the evaluation itself is bounded by the regex timeout.
        Assert.That(evaluation.Wait(TimeSpan.FromMinutes(1)), Is.True, "the evaluation hung");
        return evaluation.Result;
    }

    [Test]
    public void CatastrophicPattern_OnAHostileSubject_IsAnErrorClause_AndAnIndeterminateVerdict()
    {
        var verdict = EvaluateWithinAMinute(null, Catastrophic, Hostile);

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
        var clause = verdict.Clauses.Single();
        Assert.That(clause.Status, Is.EqualTo(ClauseStatus.Error));
        Assert.That(clause.Message, Is.EqualTo($"pattern `{Catastrophic}` on `model` timed out after 50 ms"));
    }

    [Test]
    public void RegexTimeoutOption_SetsTheLimit()
    {
        var verdict = EvaluateWithinAMinute(new RuleSetLoaderOptions { RegexTimeout = TimeSpan.FromMilliseconds(5) }, Catastrophic, Hostile);

        Assert.That(verdict.Clauses.Single().Message, Is.EqualTo($"pattern `{Catastrophic}` on `model` timed out after 5 ms"));
    }

    [Test]
    public void NestedQuantifierWithoutBackreference_RunsWithoutBacktracking_AndDecides()
    {
        // With backtracking, 10,000 characters would outlast any timeout; ten seconds keeps a busy machine from
        // turning a linear match into a timeout.
        var verdict = EvaluateWithinAMinute(new RuleSetLoaderOptions { RegexTimeout = TimeSpan.FromSeconds(10) }, "^(a+)+b$", new string('a', 10_000));

        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Violated));
    }

    [Test]
    public void CatastrophicPattern_OnAnOrdinarySubject_Decides()
    {
        var verdict = EvaluateWithinAMinute(null, Catastrophic, "aab");

        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Satisfied));
    }

    [Test]
    public void CatastrophicPattern_InsideSome_OverManyElements_StopsAtTheFirstTimeout()
    {
        var result = Probe.Load(Probe.Condition($"{{ partners: {{ some: {{ matches: '{Catastrophic}' }} }} }}", "deployment"));
        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
        var subject = SampleSubjects.Deployment() with { Partners = Enumerable.Repeat(Hostile, 1000).ToArray() };

        var evaluation = Task.Run(() => result.RuleSet!.Evaluate(subject, new() { AsOf = Probe.AsOf }));

        Assert.That(evaluation.Wait(TimeSpan.FromMinutes(1)), Is.True, "the evaluation hung");
        Assert.That(evaluation.Result.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Error));
        Assert.That(evaluation.Result.Outcome, Is.EqualTo(Outcome.Indeterminate));
    }
}
