using Compliance.Rules.Analysis;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Analysis;

/// <summary>Dead clauses, dead exceptions and useless waivers, checked against brute force over complete finite domains.</summary>
public sealed class DeadCodePropertyTests
{
    private static readonly string[] DeadCodeCodes = ["CMP0110", "CMP0111", "CMP0113", "CMP0114", "CMP0115", "CMP0121", "CMP0122"];

    [Test]
    public void DeadCodeFindings_AreExactlyThoseBruteForceOverTheDomainPredicts()
    {
        var found = 0;
        var datedNeverSatisfiable = 0;
        Fragment.Singles.Sample(single =>
        {
            var rules = Fragment.Load([single.Clause]);
            var diagnostics = RuleSetAnalyzer.Analyze(rules, new AnalysisOptions { Today = new DateOnly(2026, 3, 1) });
            if (diagnostics.Any(d => d.Code == "CMP0114" && d.Message.EndsWith("violates it then", StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref datedNeverSatisfiable);
            }

            var codes = diagnostics
                .Select(d => d.Code)
                .Where(DeadCodeCodes.Contains)
                .Order(StringComparer.Ordinal)
                .ToArray();
            Assert.That(codes, Is.EqualTo(Fragment.DeadCodeOracle(single, rules)));
            if (codes.Length > 0)
            {
                Interlocked.Increment(ref found);
            }
        }, iter: 1500);

        Assert.That(found, Is.GreaterThan(20), "the generator should produce dead code to check");
        Assert.That(datedNeverSatisfiable, Is.GreaterThan(0), "the generator should produce clauses met only inside a dated exception");
    }
}
