using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>Selecting candidate clauses with the index gives the same verdicts as visiting every clause of the kind.</summary>
public class ClauseIndexTests
{
    [Test]
    public void Evaluate_WithTheIndex_GivesTheVerdictsOfTheFullScan()
    {
        var narrowed = 0;
        Gen.Int.Sample(seed =>
        {
            var random = new RandomRuleSets(seed);
            var rules = random.Load(60);
            if (rules.Clauses.GroupBy(c => c.AppliesTo).Any(g => ClauseIndex.Build(g.ToArray()).Narrows))
            {
                Interlocked.Increment(ref narrowed);
            }

            var options = new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) };
            foreach (var subject in random.Subjects(60))
            {
                var indexed = VerdictJson.Serialize(rules.Evaluate(subject, options));
                var scanned = VerdictJson.Serialize(rules.EvaluateWithoutIndex(SubjectInput.From(subject), options));
                Assert.That(indexed, Is.EqualTo(scanned), $"seed {seed}: {subject}");
            }
        }, iter: 60, threads: 1);

        Assert.That(narrowed, Is.GreaterThan(30), "most generated rule sets are narrowed by the index");
    }

    [Test]
    public void Index_LeavesOutOnlyClausesWhoseWhenIsFalse()
    {
        var rules = RuleText.Load(RuleText.Contract("""
              - id: openai-stateless
                title: t
                text: t
                appliesTo: call
                when: { vendor: OpenAI, mode: stateless }
                require: { cloud: Azure }
              - id: openai-any
                title: t
                text: t
                appliesTo: call
                when: { vendor: [OpenAI, Anthropic] }
                require: { cloud: Azure }
              - id: anthropic
                title: t
                text: t
                appliesTo: call
                when: { vendor: anthropic }
                require: { cloud: AWS }
              - id: everyone
                title: t
                text: t
                appliesTo: call
                require: { cloud: { exists: true } }
            """));
        var clauses = rules.Clauses.ToArray();
        var index = ClauseIndex.Build(clauses);
        var candidates = new ulong[index.Words];

        string[] Selected(CallSubject call)
        {
            index.Select(call, candidates);
            var selected = new List<string>();
            for (var i = ClauseIndex.Next(candidates, 0); i >= 0; i = ClauseIndex.Next(candidates, i + 1))
            {
                selected.Add(clauses[i].LocalId);
            }

            return [.. selected];
        }

        Assert.Multiple(() =>
        {
            Assert.That(Selected(new() { Vendor = "openai", Mode = RuntimeMode.Stateless }),
                Is.EqualTo(new[] { "openai-stateless", "openai-any", "everyone" }));
            Assert.That(Selected(new() { Vendor = "ANTHROPIC" }), Is.EqualTo(new[] { "openai-any", "anthropic", "everyone" }));
            Assert.That(Selected(new() { Vendor = null }), Is.EqualTo(new[] { "everyone" }));
        });
    }

    [Test]
    public void Index_LooksThroughADefinedCondition_AtTheTopOfAWhen()
    {
        var rules = RuleText.Load("""
            apiVersion: compliance/v1
            contract:
              id: acme
              title: Acme master agreement
            definitions:
              - { id: openai-call, condition: { vendor: OpenAI } }
              - { id: anthropic-call, condition: { all: [{ vendor: Anthropic }, { mode: stateless }] } }
            clauses:
              - { id: openai, title: t, text: t, appliesTo: call, when: { is: openai-call }, require: { cloud: Azure } }
              - { id: openai-stateful, title: t, text: t, appliesTo: call, when: { is: openai-call, mode: stateful }, require: { cloud: Azure } }
              - { id: anthropic, title: t, text: t, appliesTo: call, when: { is: anthropic-call }, require: { cloud: AWS } }
            """);
        var clauses = rules.Clauses.ToArray();
        var index = ClauseIndex.Build(clauses);
        var candidates = new ulong[index.Words];
        index.Select(new CallSubject { Vendor = "Anthropic", Mode = RuntimeMode.Stateless }, candidates);

        Assert.Multiple(() =>
        {
            Assert.That(index.Narrows, Is.True, "the vendor each defined condition names narrows the clauses");
            Assert.That(ClauseIndex.Next(candidates, 0), Is.EqualTo(2));
            Assert.That(ClauseIndex.Next(candidates, 3), Is.EqualTo(-1));
        });
    }
}
