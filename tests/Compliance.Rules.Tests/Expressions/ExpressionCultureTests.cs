using System.Globalization;
using Compliance.Rules.Tests.Security;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Expressions;

/// <summary>Only ordinal text operations reach compilation, whatever form the culture or comparison argument takes: the
/// overload the parser resolved decides, and a comparison must be written as <c>StringComparison.Ordinal</c> or
/// <c>StringComparison.OrdinalIgnoreCase</c>. A rule and a subject give the same verdict under every culture.</summary>
public sealed class ExpressionCultureTests
{
    private const string Hint = "expressions may read the subject's fields and use the helpers listed in docs/rule-language.md";

    private const string CultureAdvice =
        "text is compared ordinally: drop the culture argument, or pass `StringComparison.Ordinal` or `StringComparison.OrdinalIgnoreCase`";

    private const string NotWrittenOut = "a `StringComparison` that is not written as `StringComparison.Ordinal` or `StringComparison.OrdinalIgnoreCase`";

    private static IEnumerable<TestCaseData> CultureDependentForms()
    {
        TestCaseData Case(string form, string expression, string refused) =>
            new TestCaseData(expression, refused).SetName($"Refused_{form}");

        yield return Case("StartsWithIgnoreCaseAndNullCulture", "subject.Region.StartsWith(\"us-\", false, null)",
            $"the culture-dependent form of `StartsWith` ({CultureAdvice})");
        yield return Case("SoftHyphenWithTheCultureOverload", "\"\u00ADus-east\".StartsWith(\"us-\", false, null)",
            $"the culture-dependent form of `StartsWith` ({CultureAdvice})");
        yield return Case("EndsWithIgnoreCaseAndNullCulture", "subject.Region.EndsWith(\"-east\", true, null)",
            $"the culture-dependent form of `EndsWith` ({CultureAdvice})");
        yield return Case("ToUpperWithNullCulture", "subject.Region.ToUpper(null) == \"US\"", $"the culture-dependent form of `ToUpper` ({CultureAdvice})");
        yield return Case("ToLowerWithNullCulture", "subject.Region.ToLower(null) == \"us\"", $"the culture-dependent form of `ToLower` ({CultureAdvice})");
        yield return Case("CompareIgnoreCaseAndNullCulture", "String.Compare(subject.Region, \"us\", true, null) == 0",
            $"the culture-dependent form of `String.Compare` ({CultureAdvice})");
        yield return Case("CompareOfParts", "String.Compare(subject.Region, 0, \"us\", 0, 2) == 0",
            $"the culture-dependent form of `String.Compare` ({CultureAdvice})");
        yield return Case("CompareTo", "subject.Region.CompareTo(\"us\") == 0", "the method `CompareTo`");
        yield return Case("CastIntegerToCurrentCulture", "String.Compare(subject.Region, \"us\", StringComparison(0)) == 0", NotWrittenOut);
        yield return Case("CastIntegerInStartsWith", "subject.Region.StartsWith(\"us-\", StringComparison(0))", NotWrittenOut);
        yield return Case("CastIntegerEvenToOrdinal", "subject.Region.Equals(\"us\", StringComparison(4))", NotWrittenOut);
        yield return Case("ComparisonChosenAtEvaluation",
            "subject.Region.StartsWith(\"us-\", subject.SoldAsApi ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase)", NotWrittenOut);
        yield return Case("IntegerConvertedByTheParser", "String.Compare(subject.Region, \"us\", 0) == 0",
            "the culture-dependent comparison `StringComparison.CurrentCulture` (use `Ordinal` or `OrdinalIgnoreCase`)");
        yield return Case("ComparisonNamedAsText", "subject.Region.StartsWith(\"us-\", StringComparison(\"InvariantCultureIgnoreCase\"))",
            "the culture-dependent comparison `StringComparison.InvariantCultureIgnoreCase` (use `Ordinal` or `OrdinalIgnoreCase`)");
        yield return Case("ContainsWithCulture", "subject.Region.Contains(\"s-e\", StringComparison.CurrentCultureIgnoreCase)",
            "the culture-dependent comparison `StringComparison.CurrentCultureIgnoreCase` (use `Ordinal` or `OrdinalIgnoreCase`)");
    }

    [TestCaseSource(nameof(CultureDependentForms))]
    public void CultureDependentForm_IsRefusedAtLoad_AtTheExpression(string expression, string refused)
    {
        var error = Probe.SingleError(Probe.Load(Probe.Expression(expression)));

        Assert.That(error.ToString(), Is.EqualTo(
            $"rules/probe.yaml:{Probe.ExpressionLine}:{Probe.ExpressionColumn}: error CMP0028: the expression uses {refused}, which expressions may not reach ({Hint})"));
    }

    /// <summary>Expressions whose verdict a culture-aware operation would change: Turkish maps `i` to `İ`, and culture-aware
    /// comparison ignores the soft hyphen (U+00AD).</summary>
    private static IEnumerable<TestCaseData> CultureSensitiveCases()
    {
        TestCaseData Case(string expression, string region, ClauseStatus expected) => new(expression, region, expected);

        yield return Case("subject.Region.ToUpper() == \"I\"", "i", ClauseStatus.Satisfied);
        yield return Case("subject.Region.ToLower() == \"i\"", "I", ClauseStatus.Satisfied);
        yield return Case("subject.Region.ToUpperInvariant() == \"I\"", "i", ClauseStatus.Satisfied);
        yield return Case("string.Equals(subject.Region, \"I\", StringComparison.OrdinalIgnoreCase)", "i", ClauseStatus.Satisfied);
        yield return Case("subject.Region.Equals(\"I\", StringComparison.OrdinalIgnoreCase)", "i", ClauseStatus.Satisfied);
        yield return Case("string.Compare(subject.Region, \"I\", true) == 0", "i", ClauseStatus.Satisfied);
        yield return Case("string.Compare(subject.Region, \"I\", StringComparison.OrdinalIgnoreCase) == 0", "i", ClauseStatus.Satisfied);
        yield return Case("subject.Region.StartsWith(\"I\", StringComparison.OrdinalIgnoreCase)", "ii", ClauseStatus.Satisfied);
        yield return Case("subject.Region.Contains(\"I\", StringComparison.OrdinalIgnoreCase)", "xi", ClauseStatus.Satisfied);
        yield return Case("subject.Region.StartsWith(\"us-\")", "\u00ADus-east", ClauseStatus.Violated);
        yield return Case("subject.Region.StartsWith(\"us-\", StringComparison.Ordinal)", "\u00ADus-east", ClauseStatus.Violated);
        yield return Case("subject.Region.EndsWith(\"-east\")", "us-east\u00AD", ClauseStatus.Violated);
        yield return Case("subject.Region.Contains(\"s-e\")", "us\u00AD-east", ClauseStatus.Violated);
        yield return Case("subject.Region == \"us-east\"", "us-east\u00AD", ClauseStatus.Violated);
        yield return Case("subject.Region < \"us\"", "\u00ADaa", ClauseStatus.Violated);
        yield return Case("\"\u00ADus-east\".StartsWith(\"us-\")", "us-east", ClauseStatus.Violated);
        yield return Case("\"\\u00ADus-east\".StartsWith(\"us-\")", "us-east", ClauseStatus.Violated);
    }

    private static ClauseStatus Judge(string expression, string region)
    {
        var result = Probe.Load(Probe.Expression(expression));
        Assert.That(result.Succeeded, Is.True, Probe.Describe(result));
        return result.RuleSet!.Evaluate(SampleSubjects.Deployment() with { Region = region }, new() { AsOf = Probe.AsOf }).Clauses.Single().Status;
    }

    [TestCaseSource(nameof(CultureSensitiveCases))]
    [SetCulture("tr-TR")]
    [SetUICulture("tr-TR")]
    public void Verdict_UnderTurkish_IsTheOrdinalOne(string expression, string region, ClauseStatus expected)
    {
        Assert.That(CultureInfo.CurrentCulture.Name, Is.EqualTo("tr-TR"));

        Assert.That(Judge(expression, region), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(CultureSensitiveCases))]
    [SetCulture("")]
    [SetUICulture("")]
    public void Verdict_UnderTheInvariantCulture_IsTheOrdinalOne(string expression, string region, ClauseStatus expected) =>
        Assert.That(Judge(expression, region), Is.EqualTo(expected));

    /// <summary>Loading under one culture and judging under another gives the same verdict: nothing is bound to the culture
    /// that was current when the rules loaded.</summary>
    [TestCaseSource(nameof(CultureSensitiveCases))]
    public void Verdict_LoadedUnderOneCultureAndJudgedUnderAnother_IsTheOrdinalOne(string expression, string region, ClauseStatus expected)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (new CultureInfo("en-US"), new CultureInfo("en-US"));
            var ruleSet = Probe.Load(Probe.Expression(expression)).RuleSet!;
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (new CultureInfo("tr-TR"), new CultureInfo("tr-TR"));

            var status = ruleSet.Evaluate(SampleSubjects.Deployment() with { Region = region }, new() { AsOf = Probe.AsOf }).Clauses.Single().Status;

            Assert.That(status, Is.EqualTo(expected));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    /// <summary>A text or number constant compared with a timestamp or a number is converted while the rules load, and means
    /// the same under every culture of the loading machine (`03/04/2026` is 4 March, `1.5` one and a half): the parser
    /// converts with the invariant culture, and the compiler's thread runs under it too.</summary>
    [TestCase("en-US")]
    [TestCase("en-GB")]
    [TestCase("tr-TR")]
    public void TextConstantsInAnExpression_AreReadTheSameUnderEveryCulture(string culture)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (new CultureInfo(culture), new CultureInfo(culture));
            var ruleSet = Probe.Load(Probe.Expression("subject.Timestamp > \"03/04/2026\" && subject.CapacityMw > 1.5")).RuleSet!;
            var subject = SampleSubjects.Deployment() with { Timestamp = new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero) };

            Assert.That(ruleSet.Evaluate(subject, new() { AsOf = Probe.AsOf }).Clauses.Single().Status, Is.EqualTo(ClauseStatus.Satisfied));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    [Test]
    public void OrdinalForms_AreAllowed()
    {
        foreach (var expression in new[]
                 {
                     "subject.Region.StartsWith('u') && subject.Region.EndsWith('t') && subject.Region.Contains('-')",
                     "subject.Region.Trim() == \"us-east\" && subject.Region.Trim('x') == \"us-east\"",
                     "subject.Region.Equals(\"us-east\") && string.Equals(subject.Region, \"us-east\")",
                     "subject.Region.EndsWith(\"EAST\", StringComparison.OrdinalIgnoreCase)",
                     "subject.Region.Contains('E', StringComparison.OrdinalIgnoreCase)",
                 })
        {
            Assert.That(Judge(expression, "us-east"), Is.EqualTo(ClauseStatus.Satisfied), expression);
        }
    }
}
