using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>An effective window includes its <c>from</c> day and excludes its <c>until</c> day.</summary>
public class EffectiveWindowTests
{
    private static readonly Lazy<RuleSet> Rules = new(() => RuleText.Load(RuleText.Contract("""
          - id: windowed
            title: Stateless calls run on Azure
            text: Stateless calls are served from Azure.
            appliesTo: call
            effective: { from: 2025-10-28, until: 2026-01-01 }
            require: { cloud: Azure }
          - id: open-ended
            title: Stateless calls run on Azure
            text: Stateless calls are served from Azure.
            appliesTo: call
            effective: { until: 2026-01-01 }
            require: { cloud: Azure }
        """)));

    private static readonly CallSubject Call = new() { Id = "c", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS" };

    [TestCase("2025-10-27", false, TestName = "Evaluate_DayBeforeFrom_NotInEffect")]
    [TestCase("2025-10-28", true, TestName = "Evaluate_OnFrom_InEffect")]
    [TestCase("2025-12-31", true, TestName = "Evaluate_DayBeforeUntil_InEffect")]
    [TestCase("2026-01-01", false, TestName = "Evaluate_OnUntil_NotInEffect")]
    public void Evaluate_EffectiveWindow_FromInclusiveUntilExclusive(string date, bool inEffect)
    {
        var verdict = Rules.Value.Evaluate(Call, new EvaluationOptions { AsOf = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.That(verdict.Clauses.Any(c => c.Id == "acme/windowed"), Is.EqualTo(inEffect));
    }

    [TestCase("1900-01-01", true)]
    [TestCase("2025-12-31", true)]
    [TestCase("2026-01-01", false)]
    public void Evaluate_WindowWithoutFrom_HasNoStart(string date, bool inEffect)
    {
        var verdict = Rules.Value.Evaluate(Call, new EvaluationOptions { AsOf = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.That(verdict.Clauses.Any(c => c.Id == "acme/open-ended" && c.Status == ClauseStatus.Violated), Is.EqualTo(inEffect));
    }
}
