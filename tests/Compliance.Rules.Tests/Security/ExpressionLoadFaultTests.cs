using Compliance.Rules.Diagnostics;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Whatever an <c>expression:</c> says, loading answers with a diagnostic at the expression, never an exception:
/// the parser throws more than its own <c>ParseException</c> (a <c>FormatException</c> for a constant it cannot convert,
/// an <c>IndexOutOfRangeException</c> for an empty character literal), and all of it is the rule file's fault.</summary>
public sealed class ExpressionLoadFaultTests
{
    private const string Hint = "expressions use C# syntax with the subject as `subject`, such as `subject.Cloud == \"Azure\"`";

    [TestCase("deployment", "subject.Timestamp > \"x\"", "`x` cannot be read as a timestamp")]
    [TestCase("deployment", "subject.SoldAsApi == \"maybe\"", "`maybe` cannot be read as true or false")]
    [TestCase("call", "subject.Tokens == \"many\"", "`many` cannot be read as a number")]
    [TestCase("call", "subject.Cloud == ''", "the parser failed on it (index was outside the bounds of the array)")]
    [TestCase("deployment", "Guid(\"zz\") == Guid(\"zz\")", "unrecognized Guid format")]
    public void ExpressionTheParserThrowsOn_IsADiagnosticAtTheExpression(string kind, string expression, string problem)
    {
        LoadResult? result = null;
        Assert.DoesNotThrow(() => result = new RuleSetLoader().LoadStrings([new RuleSource("rules/probe.yaml", Probe.Expression(expression, kind))]));

        Assert.That(result!.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            $"rules/probe.yaml:{Probe.ExpressionLine}:{Probe.ExpressionColumn}: error CMP0027: the expression does not compile: {problem} ({Hint})",
        }));
    }

    [Test]
    public void ThrowingLoadForm_ThrowsOnlyItsOwnException_CarryingTheDiagnostic()
    {
        var exception = Assert.Throws<RuleSetLoadException>(() => new RuleSetLoader().LoadString(Probe.Expression("subject.SoldAsApi == \"maybe\"")));

        Assert.That(exception!.Diagnostics.Single().Code, Is.EqualTo(DiagnosticCodes.ExpressionSyntax));
    }

    /// <summary>Expressions to mutate: the documented helpers, the attacks, and the forms the parser has thrown on.</summary>
    private static readonly string[] Seeds =
    [
        "subject.CapacityMw == null || subject.CapacityMw <= 2000",
        "subject.Calls.Any(c => c.Cloud != \"Azure\" && c.Tags.ContainsKey(\"purpose\"))",
        "subject.Partners.Where(p => p.StartsWith(\"S\")).Count() == 1",
        "subject.Calls.Sum(c => c.Tokens ?? 0) > 1000000",
        "subject.Calls.Max(c => c.Tokens) == 2000 && subject.Calls.FirstOrDefault(c => c.Cloud == \"GCP\") == null",
        "string.Equals(subject.HostCloud, \"aws\", StringComparison.OrdinalIgnoreCase)",
        "string.Compare(subject.Product, \"ibm\", true) == 0",
        "subject.Product + \"/\" + subject.Vendor == \"Frontier/OpenAI\"",
        "subject.Tags[\"team\"] == \"infra\" && subject.Timestamp > subject.Calls.First().Timestamp",
        "subject.Runtime.ToString() == \"Stateful\" && subject.SoldAsApi == false",
        "subject.Timestamp > \"2026-01-01\" && subject.CapacityMw > 1.5",
        "subject.GetType().Assembly.Location != null",
        "Enumerable.Range(0, 3).Count() > 0",
        "subject.Region.StartsWith(\"us-\", false, null)",
        "(\"0123456789\" + \"\").Any(a => (\"0123456789\" + \"\").Any(b => a == b))",
    ];

    private static readonly string[] Noise =
    [
        "''", "'a'", "\"\"", "\"x\"", "\"maybe\"", "(", ")", ".", ",", "=>", "x => ", "==", "!", "?", ":", "??", "&&", "||", "+", "-", "*", "/", "%",
        "<", ">", "[", "]", "{", "}", "0", "-1", "1e999", "99999999999999999999", "1.5m", "0x", "true", "null", "new ", "subject", "subject.",
        "Guid(\"zz\")", "StringComparison(0)", "StringComparison(\"x\")", "DateTime(", "Timestamp", "Tags", "Calls", ".Any(", ".Count()",
        "\\", "\\u", "\u00AD", "\u0000", "é", " ", "np(", "it", "$", "@", "#", "`", "as ", "is ", "iif(", "int(", "double(",
    ];

    private static Gen<Func<string, string>> Mutation =>
        Gen.Frequency(
            (3, Gen.Select(Gen.Int[0, 400], Gen.Int[1, 8], (at, length) => (Func<string, string>)(text =>
            {
                if (text.Length == 0)
                {
                    return text;
                }

                var start = at % text.Length;
                return text.Remove(start, Math.Min(length, text.Length - start));
            }))),
            (5, Gen.Select(Gen.Int[0, 400], Gen.OneOf(Noise), (at, noise) => (Func<string, string>)(text => text.Insert(text.Length == 0 ? 0 : at % text.Length, noise)))),
            (2, Gen.Select(Gen.Int[0, 400], Gen.Char, (at, c) => (Func<string, string>)(text =>
            {
                if (text.Length == 0)
                {
                    return text;
                }

                var position = at % text.Length;
                return text[..position] + c + text[(position + 1)..];
            }))),
            (1, Gen.Select(Gen.Int[0, 400], Gen.Int[1, 30], (at, length) => (Func<string, string>)(text =>
            {
                if (text.Length == 0)
                {
                    return text;
                }

                var start = at % text.Length;
                var part = text.Substring(start, Math.Min(length, text.Length - start));
                return text.Insert(start, part);
            }))));

    [Test]
    public void MutatedExpressions_YieldDiagnosticsAtTheExpression_NeverAnException()
    {
        var gen = Gen.Select(Gen.OneOf(Seeds), Gen.OneOf("deployment", "call"), Mutation.Array[1, 5], (seed, kind, mutations) =>
            (Kind: kind, Expression: mutations.Aggregate(seed, (text, mutate) => mutate(text))));
        var subjects = new object[] { SampleSubjects.Deployment(), SampleSubjects.Call() };

        gen.Sample(c =>
        {
            LoadResult result;
            try
            {
                result = Probe.Load(Probe.Expression(c.Expression, c.Kind));
            }
            catch (Exception exception)
            {
                throw new AssertionException($"the loader threw {exception}");
            }

            foreach (var error in result.Errors)
            {
                Assert.That(error.Code, Is.AnyOf(DiagnosticCodes.ExpressionSyntax, DiagnosticCodes.ExpressionForbidden, DiagnosticCodes.ExpressionTooComplex), error.ToString());
                Assert.That((error.File, error.Line), Is.EqualTo(("rules/probe.yaml", Probe.ExpressionLine)), error.ToString());
                Assert.That(error.Column, Is.GreaterThanOrEqualTo(Probe.ExpressionColumn), error.ToString());
                Assert.That(error.Message, Does.Not.Contain('\n').And.Not.Contain('\r'), error.ToString());
                Assert.That(char.IsUpper(error.Message[0]), Is.False, error.ToString());
            }

            if (result.RuleSet is { } ruleSet)
            {
                foreach (var subject in subjects)
                {
                    Assert.DoesNotThrow(() => ruleSet.Evaluate(subject, new() { AsOf = Probe.AsOf }), c.Expression);
                }
            }
        }, iter: 400, threads: 1, print: c => $"{c.Kind}: {c.Expression}");
    }
}
