using Compliance.Rules.Testing;
using Compliance.Rules.Tests.TestSupport;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Testing;

/// <summary>The bundled rule set under <c>rules/</c> loads cleanly, every one of its tests passes (one NUnit case per
/// test, so a failure names it), and every clause is exercised by some test.</summary>
public class BundledRulesTests
{
    private static readonly Lazy<LoadResult> Loaded = new(() =>
        new RuleSetLoader(new RuleSetLoaderOptions { TimeProvider = FixedTimeProvider.On(2026, 3, 1) })
            .LoadFiles([Path.Combine(TestPaths.RepoRoot(), "rules")]));

    public static IEnumerable<TestCaseData> BundledTests() =>
        Loaded.Value.Tests.Select(t => new TestCaseData(t.Name).SetName($"Bundled test: {t.Name}"));

    [Test]
    public void Load_BundledRules_HasNoDiagnostics()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Loaded.Value.Diagnostics.Select(d => d.ToString()), Is.Empty);
            Assert.That(Loaded.Value.Succeeded, Is.True);
            Assert.That(Loaded.Value.Tests, Is.Not.Empty);
        });
    }

    [TestCaseSource(nameof(BundledTests))]
    public void Run_BundledTest_Passes(string name)
    {
        var test = Loaded.Value.Tests.Single(t => t.Name == name);

        // Every bundled test fixes its date, so the result must not depend on the clock.
        foreach (var clock in new[] { FixedTimeProvider.On(2001, 1, 1), FixedTimeProvider.On(2040, 1, 1) })
        {
            var result = RuleTestRunner.Run(Loaded.Value.RuleSet!, [test], clock).Results.Single();
            Assert.That(result.Failures, Is.Empty, $"{test.Location} (today = {clock.GetUtcNow():yyyy-MM-dd})");
        }
    }

    [Test]
    public void Run_BundledTests_ExerciseEveryClause()
    {
        var report = RuleTestRunner.Run(Loaded.Value.RuleSet!, Loaded.Value.Tests, FixedTimeProvider.On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(report.Unexercised, Is.Empty);
            Assert.That(report.Failed, Is.Zero);
            Assert.That(report.CoveragePercent, Is.EqualTo(100));
        });
    }

    [Test]
    public void Load_BundledTestNames_AreUnique()
    {
        Assert.That(Loaded.Value.Tests.Select(t => t.Name), Is.Unique);
    }
}
