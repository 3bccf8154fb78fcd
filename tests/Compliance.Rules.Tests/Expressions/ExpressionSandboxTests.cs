using Compliance.Model;
using Compliance.Rules.Diagnostics;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Expressions;

/// <summary><c>expression:</c> reaches the subject and the documented helpers, nothing else; everything else is
/// refused when the rules load, at the expression's line, and nothing in it runs at load.</summary>
public class ExpressionSandboxTests
{
    private const int ExpressionLine = 11;

    private static string Rule(string kind, string expression) => $"""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme master agreement
        clauses:
          - id: guarded
            title: Guarded by an expression
            text: The expression holds.
            appliesTo: {kind}
            require:
              expression: '{expression.Replace("'", "''", StringComparison.Ordinal)}'
        """;

    [TestCase("call", "subject.GetType().Assembly.Location != \"\"", TestName = "Load_ExpressionUsingReflection_IsRefused")]
    [TestCase("call", "subject.GetType().Name == \"x\"", TestName = "Load_ExpressionCallingGetType_IsRefused")]
    [TestCase("call", "System.IO.File.Exists(\"x\")", TestName = "Load_ExpressionReadingFiles_IsRefused")]
    [TestCase("call", "Environment.GetEnvironmentVariable(\"PATH\") != null", TestName = "Load_ExpressionReadingEnvironment_IsRefused")]
    [TestCase("call", "System.Diagnostics.Process.GetCurrentProcess() != null", TestName = "Load_ExpressionReachingProcesses_IsRefused")]
    [TestCase("call", "Type.GetType(\"System.IO.File\") != null", TestName = "Load_ExpressionCallingTypeGetType_IsRefused")]
    [TestCase("call", "DateTime.Now.Year > 2000", TestName = "Load_ExpressionReadingTheClock_IsRefused")]
    [TestCase("call", "new DateTime(2020, 1, 1) < DateTime.MaxValue", TestName = "Load_ExpressionCreatingObjectsWithNew_IsRefused")]
    [TestCase("call", "DateTime(2020, 1, 1).Year > 2000", TestName = "Load_ExpressionCallingConstructor_IsRefused")]
    [TestCase("call", "Enumerable.Range(0, 300000000).Count() > 0", TestName = "Load_ExpressionGeneratingAHugeSequence_IsRefused")]
    [TestCase("call", "\"a\".PadLeft(50000000).Length > 0", TestName = "Load_ExpressionAllocatingAHugeString_IsRefused")]
    [TestCase("call", "Math.Max(subject.Tokens ?? 0, 1) > 0", TestName = "Load_ExpressionCallingOtherStaticMember_IsRefused")]
    [TestCase("call", "string.Join(\",\", subject.Tags.Keys) != \"\"", TestName = "Load_ExpressionCallingStringJoin_IsRefused")]
    [TestCase("deployment", "subject.CapacityMW <= 2000", TestName = "Load_ExpressionWithWrongCapitalInMemberName_IsRefused")]
    [TestCase("call", "subject.Tokens", TestName = "Load_ExpressionThatIsNotTrueOrFalse_IsRefused")]
    public void Load_ForbiddenOrBrokenExpression_IsAnErrorAtTheExpressionsLine(string kind, string expression)
    {
        var result = new RuleSetLoader().LoadStrings([new RuleSource("rules.yaml", Rule(kind, expression))]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False, "the rule set must not load");
            Assert.That(result.Diagnostics, Has.Count.EqualTo(1), string.Join(Environment.NewLine, result.Diagnostics));
            var diagnostic = result.Diagnostics.FirstOrDefault();
            Assert.That(diagnostic?.Code, Is.AnyOf(DiagnosticCodes.ExpressionSyntax, DiagnosticCodes.ExpressionForbidden));
            Assert.That(diagnostic?.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(diagnostic?.File, Is.EqualTo("rules.yaml"));
            Assert.That(diagnostic?.Line, Is.EqualTo(ExpressionLine));
        });
    }

    [Test]
    public void Load_ExpressionUsingGetType_SaysWhichMemberIsRefused()
    {
        var result = new RuleSetLoader().LoadStrings([new RuleSource("rules.yaml", Rule("call", "subject.GetType().Name == \"x\""))]);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "rules.yaml:11:19: error CMP0028: the expression uses the method `GetType`, which expressions may not reach "
                + "(expressions may read the subject's fields and use the helpers listed in docs/rule-language.md)",
        }));
    }

    [Test]
    public void Evaluate_ExpressionOverCalls_HoldsWhenSomeCallLeavesAzure()
    {
        var rules = Load("deployment", "subject.Calls.Any(c => c.Cloud != \"Azure\")");

        Assert.Multiple(() =>
        {
            Assert.That(Status(rules, Deployment() with { Calls = [Call("Azure"), Call("AWS")] }), Is.EqualTo(ClauseStatus.Satisfied));
            Assert.That(Status(rules, Deployment() with { Calls = [Call("Azure")] }), Is.EqualTo(ClauseStatus.Violated));
            Assert.That(Status(rules, Deployment()), Is.EqualTo(ClauseStatus.Violated), "no calls: Any is false");
        });
    }

    [TestCase(null, ClauseStatus.Satisfied)]
    [TestCase(2000.0, ClauseStatus.Satisfied)]
    [TestCase(1999.5, ClauseStatus.Satisfied)]
    [TestCase(2000.5, ClauseStatus.Violated)]
    public void Evaluate_NullableCapacityExpression_AllowsMissingOrAtMost2000(double? capacity, ClauseStatus expected)
    {
        var rules = Load("deployment", "subject.CapacityMw == null || subject.CapacityMw <= 2000");

        Assert.That(Status(rules, Deployment() with { CapacityMw = capacity }), Is.EqualTo(expected));
    }

    [TestCase(RuntimeMode.Stateless, ClauseStatus.Satisfied)]
    [TestCase(RuntimeMode.Stateful, ClauseStatus.Violated)]
    public void Evaluate_EnumComparedWithText_ComparesTheMemberName(RuntimeMode mode, ClauseStatus expected)
    {
        var rules = Load("call", "subject.Mode == \"Stateless\"");

        Assert.That(Status(rules, Call("Azure") with { Mode = mode }), Is.EqualTo(expected));
    }

    [Test]
    public void Evaluate_TagsContainsKey_HoldsOnlyWhenTheTagIsPresent()
    {
        var rules = Load("call", "subject.Tags.ContainsKey(\"x\")");

        Assert.Multiple(() =>
        {
            Assert.That(Status(rules, Call("Azure") with { Tags = new Dictionary<string, string> { ["x"] = "1" } }), Is.EqualTo(ClauseStatus.Satisfied));
            Assert.That(Status(rules, Call("Azure")), Is.EqualTo(ClauseStatus.Violated));
        });
    }

    [Test]
    public void Evaluate_ExpressionReadingMissingText_IsErrorAndIndeterminate()
    {
        var rules = Load("call", "subject.Region.Length > 0");

        var verdict = rules.Evaluate(Call("Azure"), new Evaluation.EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) });

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Error));
            Assert.That(verdict.Clauses.Single().Message, Does.StartWith("expression `subject.Region.Length > 0` failed: "));
        });
    }

    private static RuleSet Load(string kind, string expression) => new RuleSetLoader().LoadString(Rule(kind, expression));

    private static ClauseStatus Status(RuleSet rules, object subject) =>
        rules.Evaluate(subject, new Evaluation.EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) }).Clauses.Single().Status;

    private static CallSubject Call(string cloud) => new() { Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = cloud };

    private static DeploymentSubject Deployment() => new() { Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "AWS" };
}
