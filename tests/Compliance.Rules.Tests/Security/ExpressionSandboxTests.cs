using System.Diagnostics;
using System.Linq.Expressions;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Expressions;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Every attack class an <c>expression:</c> could try is refused when the rules load, at the expression's
/// file:line:col; what the rule language documents still works.</summary>
public sealed class ExpressionSandboxTests
{
    private const string Hint = "expressions may read the subject's fields and use the helpers listed in docs/rule-language.md";

    [OneTimeSetUp]
    public void WarmUp() => Assert.That(Probe.Load(Probe.Expression("subject.SoldAsApi")).Succeeded, Is.True);

    /// <summary>Attacks that parse, so that only the allow-list stands between them and the compiler.</summary>
    private static IEnumerable<TestCaseData> ForbiddenAttacks()
    {
        TestCaseData Case(string attack, string expression, string refused) =>
            new TestCaseData(expression, refused).SetName($"Forbidden_{attack}");

        yield return Case("ReflectionFromTheSubject", "subject.GetType().Assembly.Location != null", "the method `GetType`");
        yield return Case("ReflectionFromAnEnum", "subject.Runtime.GetType().Name == \"RuntimeMode\"", "the method `GetType`");
        yield return Case("GeneratorThatBurnsCpu", "Enumerable.Range(0, 300000000).Where(i => i > 0).Count() > 0", "the method `Enumerable.Range`");
        yield return Case("GeneratorThatRepeats", "Enumerable.Repeat(\"a\", 100000000).Count() > 0", "the method `Enumerable.Repeat`");
        yield return Case("PaddingThatAllocates100MB", "\"a\".PadLeft(50000000).Length > 0", "the method `PadLeft`");
        yield return Case("ReplaceThatGrowsText", "subject.Product.Replace(\"a\", \"aaaaaaaa\").Length > 0", "the method `Replace`");
        yield return Case("ConcatOverASequence", "string.Concat(subject.Partners.Select(p => subject.Product)).Length > 0", "the method `String.Concat`");
        yield return Case("MaterialisingAList", "subject.Partners.ToList().Count > 0", "the method `Enumerable.ToList`");
        yield return Case("NewObject", "new Object() != null", "creating objects (`new`)");
        yield return Case("NewArray", "new[] { 1, 2, 3 }.Length > 0", "creating objects (`new`)");
        yield return Case("StaticClock", "DateTime.Now.Year > 2000", "the static member `DateTime.Now`");
        yield return Case("StaticMathHelper", "Math.Max(subject.CapacityMw ?? 0, 1) > 0", "the method `Math.Max`");
        yield return Case("StaticParse", "int.Parse(subject.Product) > 0", "the method `Int32.Parse`");
        yield return Case("StaticGuid", "Guid.NewGuid() != Guid.Empty", "the method `Guid.NewGuid`");
        yield return Case("RulesEngineHelperType", "ExpressionUtils.CheckContains(subject.Product, \"a\")", "the method `ExpressionUtils.CheckContains`");
        yield return Case("ToStringOnARecord", "subject.Calls.First().ToString().Length > 0", "the method `ToString`");
        yield return Case("ToStringOnANumber", "subject.CapacityMw.ToString() == \"1.5\"", "the method `ToString`");
        yield return Case("ObjectEquality", "subject.Equals(null)", "the method `Equals`");
        yield return Case("BoxingToObject", "(subject.Product + 1).Length > 0", "converting to `Object`");
        yield return Case("CultureDependentComparison", "string.Equals(subject.Product, \"x\", StringComparison.CurrentCulture)",
            "the culture-dependent comparison `StringComparison.CurrentCulture` (use `Ordinal` or `OrdinalIgnoreCase`)");
        yield return Case("DateArithmetic", "subject.Timestamp.Value.AddDays(1) > subject.Timestamp", "the method `AddDays`");
    }

    [TestCaseSource(nameof(ForbiddenAttacks))]
    public void Attack_IsRefusedAtLoad_AtTheExpression(string expression, string refused)
    {
        var clock = Stopwatch.StartNew();
        var result = Probe.Load(Probe.Expression(expression));
        clock.Stop();

        Assert.That(result.Succeeded, Is.False);
        var error = Probe.SingleError(result);
        Assert.That(error.ToString(), Is.EqualTo(
            $"rules/probe.yaml:{Probe.ExpressionLine}:{Probe.ExpressionColumn}: error CMP0028: the expression uses {refused}, which expressions may not reach ({Hint})"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "refused while loading, without running the expression");
    }

    /// <summary>Attacks that name types the expression parser does not know: they never become a tree.</summary>
    private static IEnumerable<TestCaseData> UnknownTypeAttacks()
    {
        TestCaseData Case(string attack, string expression, string type) =>
            new TestCaseData(expression, type).SetName($"DoesNotCompile_{attack}");

        yield return Case("ReadingAFile", "System.IO.File.ReadAllText(\"/etc/passwd\").Length > 0", "System.IO.File");
        yield return Case("ReadingAFileByShortName", "File.Exists(\"/home/runner/.ssh/id_rsa\")", "File");
        yield return Case("ReadingTheEnvironment", "Environment.GetEnvironmentVariable(\"GITHUB_TOKEN\") != null", "Environment");
        yield return Case("StartingAProcess", "System.Diagnostics.Process.Start(\"sh\").Id > 0", "System.Diagnostics.Process");
        yield return Case("TypeGetType", "Type.GetType(\"System.IO.File\") != null", "Type");
        yield return Case("Activator", "Activator.CreateInstance(\"System.Net.WebClient\") != null", "Activator");
        yield return Case("AppDomain", "AppDomain.CurrentDomain.BaseDirectory != null", "AppDomain.CurrentDomain");
    }

    [TestCaseSource(nameof(UnknownTypeAttacks))]
    public void Attack_NamingAnUnknownType_IsRefusedAtLoad_AtTheTypeName(string expression, string type)
    {
        var clock = Stopwatch.StartNew();
        var result = Probe.Load(Probe.Expression(expression));
        clock.Stop();

        Assert.That(result.Succeeded, Is.False);
        var error = Probe.SingleError(result);
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.ExpressionSyntax));
        Assert.That(error.Message, Is.EqualTo($"the expression does not compile: type '{type}' not found"));
        Assert.That((error.File, error.Line), Is.EqualTo(("rules/probe.yaml", Probe.ExpressionLine)));
        Assert.That(error.Column, Is.GreaterThan(Probe.ExpressionColumn));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "refused while loading, without running the expression");
    }

    /// <summary>The same attacks as trees, as a later parser that knew the types would build them: the allow-list
    /// refuses each one, so the parser's ignorance is not the only defence.</summary>
    private static IEnumerable<TestCaseData> BuiltTrees()
    {
        var subject = Expression.Parameter(typeof(DeploymentSubject), "subject");
        TestCaseData Case(string attack, Expression body, string refused) =>
            new TestCaseData(body, refused).SetName($"AllowList_{attack}");

        yield return Case("ReadingAFile",
            Expression.Call(typeof(File).GetMethod(nameof(File.Exists), [typeof(string)])!, Expression.Constant("/etc/passwd")),
            "the method `File.Exists`");
        yield return Case("ReadingTheEnvironment",
            Expression.NotEqual(Expression.Call(typeof(Environment).GetMethod(nameof(Environment.GetEnvironmentVariable), [typeof(string)])!,
                Expression.Constant("GITHUB_TOKEN")), Expression.Constant(null, typeof(string))),
            "the method `Environment.GetEnvironmentVariable`");
        yield return Case("StartingAProcess",
            Expression.NotEqual(Expression.Call(typeof(Process).GetMethod(nameof(Process.Start), [typeof(string)])!, Expression.Constant("sh")),
                Expression.Constant(null, typeof(Process))),
            "the method `Process.Start`");
        yield return Case("TypeGetType",
            Expression.NotEqual(Expression.Call(typeof(Type).GetMethod(nameof(Type.GetType), [typeof(string)])!, Expression.Constant("System.IO.File")),
                Expression.Constant(null, typeof(Type))),
            "the method `Type.GetType`");
        yield return Case("AConstantOfADangerousType",
            Expression.NotEqual(Expression.Constant(typeof(File)), Expression.Constant(null, typeof(Type))),
            "a constant of type `RuntimeType`");
        yield return Case("Aggregate",
            Expression.GreaterThan(
                Expression.Property(
                    Expression.Call(typeof(Enumerable).GetMethods().Single(m => m.Name == "Aggregate" && m.GetParameters().Length == 2).MakeGenericMethod(typeof(string)),
                        Expression.Property(subject, nameof(DeploymentSubject.Partners)),
                        (Expression<Func<string, string, string>>)((a, b) => a + b)),
                    nameof(string.Length)),
                Expression.Constant(0)),
            "the method `Enumerable.Aggregate`");
        yield return Case("InvokingADelegate",
            Expression.Invoke(Expression.Constant((Func<bool>)(() => true))),
            "the construct `Invoke`");
        yield return Case("Assignment",
            Expression.Block(Expression.Assign(subject, Expression.Constant(null, typeof(DeploymentSubject))), Expression.Constant(true)),
            "the construct `Block`");
        yield return Case("TypeTest",
            Expression.TypeIs(subject, typeof(object)),
            "type tests (`is`)");
        yield return Case("PrivateField",
            Expression.Equal(Expression.Field(Expression.Constant("a"), typeof(string).GetField("_firstChar", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!),
                Expression.Constant('a')),
            "the member `String._firstChar`");
    }

    [TestCaseSource(nameof(BuiltTrees))]
    public void AllowList_RefusesTheTree(Expression body, string refused)
    {
        var problem = ExpressionAllowList.Check(body, [typeof(CallSubject), typeof(DeploymentSubject)]);

        Assert.That(problem, Is.EqualTo(refused));
    }

    [Test]
    public void ExpressionLongerThanTheLimit_IsRefusedAtLoad()
    {
        var expression = "subject.SoldAsApi" + string.Concat(Enumerable.Repeat(" || subject.SoldAsApi", 200));

        var error = Probe.SingleError(Probe.Load(Probe.Expression(expression)));

        Assert.That(error.ToString(), Does.StartWith(
            $"rules/probe.yaml:{Probe.ExpressionLine}:{Probe.ExpressionColumn}: error CMP0027: the expression does not compile: the expression is longer than the limit of 4096 characters"));
    }

    /// <summary>The expression parser recurses about fifteen frames per bracket: 2,000 brackets within the length limit
    /// overflowed the stack and killed the process before expressions were compiled on a thread with a large stack.</summary>
    [TestCase("(", "subject.SoldAsApi", ")", 2000)]
    [TestCase("!", "subject.SoldAsApi", "", 4000)]
    [TestCase("-", "1 == 1", "", 4000)]
    [TestCase("subject.SoldAsApi ? true : ", "false", "", 150)]
    public void DeeplyNestedExpression_WithinTheLengthLimit_LoadsWithoutOverflowingTheStack(string open, string core, string close, int levels)
    {
        var expression = string.Concat(Enumerable.Repeat(open, levels)) + core + string.Concat(Enumerable.Repeat(close, levels));
        Assume.That(expression, Has.Length.LessThanOrEqualTo(ExpressionCompiler.MaxLength));

        var result = Probe.Load(Probe.Expression(expression));

        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
    }

    [Test]
    public void DeeplyNestedExpression_EvaluatesOnAnOrdinaryThread()
    {
        var ruleSet = Probe.Load(Probe.Expression(new string('!', 4000) + "subject.SoldAsApi")).RuleSet!;
        Verdict? verdict = null;

        var thread = new Thread(() => verdict = ruleSet.Evaluate(SampleSubjects.Deployment(soldAsApi: true), new() { AsOf = Probe.AsOf }), 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.That(verdict!.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Satisfied));
    }

    /// <summary>The helpers the rule-language reference lists, each true on the sample deployment.</summary>
    [TestCase("subject.HostCloud == \"AWS\"")]
    [TestCase("subject.CapacityMw > 100 && subject.CapacityMw <= 2000")]
    [TestCase("subject.SoldAsApi == false || subject.Distributor == \"AWS\"")]
    [TestCase("subject.Region == null")]
    [TestCase("subject.Calls.Any(c => c.Cloud != \"Azure\")")]
    [TestCase("subject.Calls.All(c => c.Vendor == \"OpenAI\")")]
    [TestCase("subject.Calls.Count() == 2")]
    [TestCase("subject.Calls.Count(c => c.Cloud == \"AWS\") == 1")]
    [TestCase("subject.Partners.Count == 3")]
    [TestCase("subject.Partners.Contains(\"Microsoft\")")]
    [TestCase("subject.Partners.Where(p => p.StartsWith(\"S\")).Count() == 1")]
    [TestCase("subject.Calls.Select(c => c.Tokens ?? 0).Sum() == 3000")]
    [TestCase("subject.Calls.Sum(c => c.Tokens ?? 0) == 3000")]
    [TestCase("subject.Calls.Max(c => c.Tokens) == 2000")]
    [TestCase("subject.Calls.First().Cloud == \"Azure\"")]
    [TestCase("subject.Calls.FirstOrDefault(c => c.Cloud == \"GCP\") == null")]
    [TestCase("subject.Product.StartsWith(\"Front\") && subject.Product.EndsWith(\"ier\") && subject.Product.Contains(\"nti\")")]
    [TestCase("subject.HostCloud.ToLowerInvariant() == \"aws\" && subject.HostCloud.ToLower() == \"aws\" && subject.Vendor.ToUpper() == \"OPENAI\"")]
    [TestCase("subject.Product.Length == 8")]
    [TestCase("!string.IsNullOrEmpty(subject.Product) && string.IsNullOrWhiteSpace(subject.Region)")]
    [TestCase("string.Equals(subject.HostCloud, \"aws\", StringComparison.OrdinalIgnoreCase)")]
    [TestCase("subject.Product + \"/\" + subject.Vendor == \"Frontier/OpenAI\"")]
    [TestCase("subject.Runtime.ToString() == \"Stateful\"")]
    [TestCase("subject.Tags[\"team\"] == \"infra\" && subject.Tags.ContainsKey(\"team\")")]
    [TestCase("subject.Calls.Any(c => c.Tags.Any(t => t.Key == \"purpose\" && t.Value == \"eval\"))")]
    [TestCase("subject.Timestamp > subject.Calls.First().Timestamp")]
    public void DocumentedHelper_IsAllowed_AndEvaluates(string expression)
    {
        var result = Probe.Load(Probe.Expression(expression));
        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));

        var verdict = result.RuleSet!.Evaluate(SampleSubjects.Deployment(), new() { AsOf = Probe.AsOf });

        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Satisfied), verdict.Clauses.Single().Message);
    }

    /// <summary>The same rule and subject give the same verdict on every machine: text operations ignore the culture.</summary>
    [TestCase("subject.Product.ToLower() == \"ibm\"", "IBM")]
    [TestCase("subject.Product.ToUpper() == \"IBM\"", "ibm")]
    [TestCase("string.Compare(subject.Product, \"ibm\", true) == 0", "IBM")]
    [SetCulture("tr-TR")]
    public void TextOperations_DoNotDependOnTheCulture_Turkish(string expression, string product)
    {
        var result = Probe.Load(Probe.Expression(expression));
        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));

        var verdict = result.RuleSet!.Evaluate(SampleSubjects.Deployment() with { Product = product }, new() { AsOf = Probe.AsOf });

        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Satisfied));
    }

    /// <summary>Culture-aware comparison ignores the soft hyphen, so a subject could pass a prefix test it does not meet.</summary>
    [TestCase("subject.Region.StartsWith(\"us-\")", "\u00ADus-east")]
    [TestCase("subject.Region.EndsWith(\"-east\")", "us-east\u00AD")]
    [TestCase("subject.Region < \"us\"", "\u00ADaa")]
    [TestCase("subject.Partners.Min() == \"a\"", "x")]
    [SetCulture("en-US")]
    public void TextComparisons_AreOrdinal_SoIgnorableCharactersCount(string expression, string region)
    {
        var result = Probe.Load(Probe.Expression(expression));
        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
        var subject = SampleSubjects.Deployment() with { Region = region, Partners = ["a", "B", "\u00ADb"] };

        var verdict = result.RuleSet!.Evaluate(subject, new() { AsOf = Probe.AsOf });

        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Violated));
    }

    [Test]
    public void ExpressionThatFaultsOnTheSubject_IsAnErrorClause_AndAnIndeterminateVerdict()
    {
        var ruleSet = Probe.Load(Probe.Expression("subject.Region.StartsWith(\"us-\")")).RuleSet!;

        var verdict = ruleSet.Evaluate(SampleSubjects.Deployment() with { Region = null }, new() { AsOf = Probe.AsOf });

        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
        Assert.That(verdict.Clauses.Single().Status, Is.EqualTo(ClauseStatus.Error));
        Assert.That(verdict.Clauses.Single().Message, Does.StartWith("expression `subject.Region.StartsWith(\"us-\")` failed: "));
    }
}
