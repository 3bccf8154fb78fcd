using Compliance.Evaluation;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diagnostics;
using Compliance.Rules.Subjects;
using Compliance.Rules.Testing;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Analysis;

/// <summary>The two properties that make the contradiction analysis exact on the structured fragment, checked on
/// generated clause pairs (<see cref="Fragment"/>).</summary>
public sealed class ContradictionPropertyTests
{
    private static readonly AnalysisOptions Options = new() { Today = new DateOnly(2026, 3, 1) };

    private static IReadOnlyList<Finding> PairFindings(RuleSet rules) =>
        RuleSetAnalyzer.AnalyzeFindings(rules, Options)
            .Where(f => f.Diagnostic.Code is DiagnosticCodes.Contradiction or DiagnosticCodes.MutuallyExclusive or DiagnosticCodes.NotAnalysed)
            .ToArray();

    /// <summary>Pairs the property found (seed 65QrKUeBMMy1 of the test below): a key of a map the rules also read as a whole
    /// (<c>tags: { exists: true }</c>) must keep a value that meets none of the key's comparisons apart from the missing
    /// key, since only the first makes the map non-empty. Both pairs were reported as clashing, yet a deployment tagged
    /// <c>team: legal</c> on AWS satisfies both clauses.</summary>
    [TestCase("{ tags.team: { in: [ops] } }", "{ any: [{ hostCloud: { equals: Azure } }, { tags.team: { in: [ml] } }] }", TestName = "MapKeyBesideMapExists_ContradictionNotReported")]
    [TestCase("{ tags.team: { equals: ops } }", "{ tags.team: { equals: ml } }", TestName = "MapKeyBesideMapExists_ExclusionNotReported")]
    public void AKeyThatMeetsNoComparison_StillFillsTheMap(string forbidA, string forbidB)
    {
        var contract = $$"""
            apiVersion: compliance/v1
            contract:
              id: t
              title: T
              parties: [A, B]
            clauses:
              - id: a
                title: Clause a
                text: Clause a.
                appliesTo: deployment
                forbid: {{forbidA}}
              - id: b
                title: Clause b
                text: Clause b.
                appliesTo: deployment
                when: { tags: { exists: true } }
                forbid: {{forbidB}}
            """;
        var load = new RuleSetLoader().LoadStrings([new RuleSource("t.yaml", contract)]);
        Assert.That(load.RuleSet, Is.Not.Null, string.Join("\n", load.Diagnostics));
        var rules = load.RuleSet!;

        var both = new SubjectReader().ReadDocument("{ kind: deployment, product: p, vendor: v, runtime: stateless, hostCloud: AWS, tags: { team: legal } }", "s").Single();
        var verdict = rules.Evaluate(both, new EvaluationOptions { AsOf = Options.Today });
        Assert.That(verdict.Clauses.Select(c => c.Status), Is.EqualTo(new[] { ClauseStatus.Satisfied, ClauseStatus.Satisfied }));
        Assert.That(PairFindings(rules).Select(f => f.Diagnostic.ToString()), Is.Empty);
    }

    [Test]
    public void EveryReportedCounterexample_RunThroughCheck_ViolatesBothClauses()
    {
        var checkedCounterexamples = 0;
        Fragment.Pairs.Sample(pair =>
        {
            var rules = Fragment.Load(pair);
            foreach (var finding in PairFindings(rules))
            {
                Assert.That(finding.Diagnostic.Code, Is.Not.EqualTo(DiagnosticCodes.NotAnalysed), finding.Diagnostic.ToString());
                var example = finding.Counterexample!;
                var input = new SubjectReader().ReadDocument(example.Subject, "counterexample").Single();
                Assert.That(input.Errors, Is.Empty, example.Subject);
                var verdict = rules.Evaluate(input, new EvaluationOptions { AsOf = example.AsOf });
                var statuses = finding.Clauses.Select(id => verdict.Clauses.FirstOrDefault(c => c.Id == id)?.Status ?? ClauseStatus.NotApplicable).ToArray();
                if (finding.Diagnostic.Code == DiagnosticCodes.Contradiction)
                {
                    Assert.That(statuses, Is.EqualTo(new[] { ClauseStatus.Violated, ClauseStatus.Violated }), $"{finding.Diagnostic}\n{example.Subject}");
                    Interlocked.Increment(ref checkedCounterexamples);
                }
                else
                {
                    Assert.That(statuses, Has.None.EqualTo(ClauseStatus.NotApplicable).And.None.EqualTo(ClauseStatus.Superseded)
                        .And.Some.EqualTo(ClauseStatus.Violated), $"{finding.Diagnostic}\n{example.Subject}");
                }

                // The test the finding offers passes when pasted into a tests document beside the rules.
                var tests = new RuleSetLoader().LoadStrings(
                    [.. Fragment.Render(pair), new RuleSource("tests.yaml", "apiVersion: compliance/v1\ntests:\n" + example.Test)]);
                Assert.That(tests.Errors, Is.Empty, example.Test);
                var report = RuleTestRunner.Run(tests.RuleSet!, tests.Tests);
                Assert.That(report.Results.SelectMany(r => r.Failures), Is.Empty, example.Test);
            }
        }, iter: 2000);

        Assert.That(checkedCounterexamples, Is.GreaterThan(10), "the generator should produce contradictions to check");
    }

    [Test]
    public void AnalysisFindsAConflict_ExactlyWhenBruteForceOverTheDomainDoes()
    {
        var seen = new int[3];
        Fragment.Pairs.Sample(pair =>
        {
            var rules = Fragment.Load(pair);
            var findings = PairFindings(rules);
            Assert.That(findings, Has.Count.LessThanOrEqualTo(1), string.Join("\n", findings.Select(f => f.Diagnostic)));
            var found = findings.Count == 0 ? Expected.None
                : findings[0].Diagnostic.Code == DiagnosticCodes.Contradiction ? Expected.Contradiction
                : findings[0].Diagnostic.Code == DiagnosticCodes.MutuallyExclusive ? Expected.Exclusive
                : throw new AssertionException(findings[0].Diagnostic.ToString());
            Assert.That(found, Is.EqualTo(Fragment.Oracle(pair, rules)), string.Join("\n", findings.Select(f => f.Diagnostic)));
            Interlocked.Increment(ref seen[(int)found]);
        }, iter: 1000);

        Assert.That(seen[(int)Expected.Contradiction], Is.GreaterThan(5), "the generator should produce contradictions");
        Assert.That(seen[(int)Expected.Exclusive], Is.GreaterThan(5), "the generator should produce clauses that exclude each other");
    }
}
