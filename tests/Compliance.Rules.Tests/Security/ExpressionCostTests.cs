using Compliance.Rules.Diagnostics;
using Compliance.Rules.Expressions;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>An <c>expression:</c> cannot make one evaluation run for hours or fill memory: lambdas nested deeper than the
/// limit are refused at load, and every evaluation carries a budget of steps and a cap on the text it builds, past
/// which the clause is <c>error</c>. The budgets are counted, not timed, so these tests do not depend on the machine.</summary>
public sealed class ExpressionCostTests
{
    private const string TooComplexHint =
        "each level multiplies the work by the length of a list or text: write the condition with fewer levels";

    private static Verdict Judge(string expression, Compliance.Subjects.DeploymentSubject subject)
    {
        var result = Probe.Load(Probe.Expression(expression));
        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
        return result.RuleSet!.Evaluate(subject, new() { AsOf = Probe.AsOf });
    }

    private static string Nested(int levels, string source, string core)
    {
        var text = core;
        for (var level = levels; level >= 1; level--)
        {
            text = $"{source}.Any(x{level} => {text})";
        }

        return text;
    }

    /// <summary>The reported attack: twelve `.Any` over a ten-character text, 10¹² lambda calls in under 400 characters.
    /// It passed lint and one evaluation ran for hours.</summary>
    [Test]
    public void TwelveNestedLambdasOverText_AreRefusedAtLoad_AtTheExpression()
    {
        var expression = Nested(12, "(\"0123456789\" + \"\")", "x1 == 'z'");
        Assert.That(expression, Has.Length.LessThan(400));

        var error = Probe.SingleError(Probe.Load(Probe.Expression(expression)));

        Assert.That(error.ToString(), Is.EqualTo(
            $"rules/probe.yaml:{Probe.ExpressionLine}:{Probe.ExpressionColumn}: error CMP0041: the expression nests 12 lambdas, "
            + $"one inside another; at most 3 may nest ({TooComplexHint})"));
    }

    [Test]
    public void NestingAtTheLimit_Loads_AndOnePastIt_IsRefused()
    {
        var atLimit = "subject.Calls.Any(c => c.Tags.Any(t => t.Value.Any(ch => ch == 'x')))";
        var pastLimit = "subject.Partners.Any(p => " + atLimit + ")";

        Assert.That(Probe.Load(Probe.Expression(atLimit)).Succeeded, Is.True);
        var error = Probe.SingleError(Probe.Load(Probe.Expression(pastLimit)));
        Assert.That((error.Code, error.Message), Is.EqualTo((DiagnosticCodes.ExpressionTooComplex,
            "the expression nests 4 lambdas, one inside another; at most 3 may nest")));
    }

    [Test]
    public void LambdasSideBySide_DoNotCountAsNesting()
    {
        var expression = "subject.Partners.Any(p => p == \"a\") || subject.Partners.Where(p => p != \"b\").Select(p => p.Length).Any(n => n > 1)"
            + " || subject.Calls.Any(c => c.Tags.Any(t => t.Value.Any(ch => ch == 'x')))";

        Assert.That(Probe.Load(Probe.Expression(expression)).Succeeded, Is.True);
    }

    /// <summary>Two nested lambdas over a 10,000-character id are 10⁸ calls, past the budget: without it one subject held
    /// the evaluation for seconds (and three levels over a longer id, for hours).</summary>
    [Test]
    public void NestedLambdasPastTheStepBudget_EndTheClauseAsError()
    {
        var expression = "subject.Id.All(a => subject.Id.All(b => b != '#'))";

        var verdict = Judge(expression, SampleSubjects.Deployment() with { Id = new string('a', 10_000) });

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
        var clause = verdict.Clauses.Single();
        Assert.That((clause.Status, clause.Message), Is.EqualTo((ClauseStatus.Error,
            $"expression `{expression}` failed: it did more work than the limit of 10,000,000 steps on this subject")));
    }

    /// <summary>10⁶ steps, well under the budget: the same expression on a smaller subject is judged.</summary>
    [Test]
    public void NestedLambdasWithinTheStepBudget_AreJudged()
    {
        var verdict = Judge("subject.Id.All(a => subject.Id.All(b => b != '#'))", SampleSubjects.Deployment() with { Id = new string('a', 1_000) });

        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Satisfied));
    }

    /// <summary>One lambda, but each call searches a 500,000-character text: text operations charge by the characters they
    /// read, so a thousand of them exhaust the budget.</summary>
    [Test]
    public void TextSearchesInsideALambda_ChargeByLength_AndEndTheClauseAsError()
    {
        var subject = SampleSubjects.Deployment() with
        {
            Id = new string('a', 500_000),
            Partners = Enumerable.Range(0, 1_000).Select(i => $"p{i}").ToArray(),
        };

        var verdict = Judge("subject.Partners.All(p => !subject.Id.Contains(\"zz\"))", subject);

        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Error));
        Assert.That(verdict.Clauses.Single().Message, Does.EndWith("failed: it did more work than the limit of 10,000,000 steps on this subject"));
    }

    /// <summary>The reported attack: 340 × `subject.Id +` on a 1 MB id ran 200 s and took 3.5 GB for one subject.</summary>
    [TestCase(340)]
    [TestCase(8)]
    public void TextBuiltPastTheCap_EndsTheClauseAsError_BeforeItIsBuilt(int copies)
    {
        var expression = string.Concat(Enumerable.Repeat("subject.Id+", copies)) + "\"\" == \"\"";
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var verdict = Judge(expression, SampleSubjects.Deployment() with { Id = new string('a', 1_048_576) });

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var clause = verdict.Clauses.Single();
        Assert.That((clause.Status, clause.Message), Is.EqualTo((ClauseStatus.Error,
            $"expression `{expression}` failed: it would build text longer than the limit of 4,194,304 characters")));
        Assert.That(allocated, Is.LessThan(100L * 1024 * 1024), "the text past the cap is never allocated");
    }

    [Test]
    public void TextBuiltWithinTheCap_IsJudged()
    {
        var verdict = Judge("(subject.Id + subject.Id + subject.Id).Length == 3145728", SampleSubjects.Deployment() with { Id = new string('a', 1_048_576) });

        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Satisfied));
    }

    /// <summary>One rule set is judged from many threads: each evaluation has its own budget, so a subject that exhausts
    /// its budget does not spend another's.</summary>
    [Test]
    public void EachEvaluationHasItsOwnBudget_WhenOneRuleSetIsJudgedFromManyThreads()
    {
        var ruleSet = Probe.Load(Probe.Expression("subject.Id.All(a => subject.Id.All(b => b != '#'))")).RuleSet!;
        var small = SampleSubjects.Deployment() with { Id = new string('a', 1_000) };
        var large = SampleSubjects.Deployment() with { Id = new string('a', 4_000) };
        var statuses = new ClauseStatus[16];

        Parallel.For(0, statuses.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => statuses[i] = ruleSet.Evaluate(i % 2 == 0 ? small : large, new() { AsOf = Probe.AsOf }).Clauses.Single().Status);

        Assert.That(statuses.Where((_, i) => i % 2 == 0), Is.All.EqualTo(ClauseStatus.Satisfied), "about 1,000,000 steps each");
        Assert.That(statuses.Where((_, i) => i % 2 == 1), Is.All.EqualTo(ClauseStatus.Error), "about 16,000,000 steps each");
    }

    [Test]
    public void ExpressionWithoutLambdasOrText_CarriesNoBudget()
    {
        var compiler = new ExpressionCompiler([typeof(Compliance.Subjects.DeploymentSubject)], new Dictionary<string, string>());

        var plain = compiler.Compile("subject.CapacityMw == null || subject.CapacityMw <= 2000", typeof(Compliance.Subjects.DeploymentSubject));
        var charged = compiler.Compile("subject.Partners.Any(p => p == \"a\")", typeof(Compliance.Subjects.DeploymentSubject));

        Assert.That(plain.Charged, Is.False);
        Assert.That(charged.Charged, Is.True);
    }
}
