using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>Judging allocates the verdict and nothing else: no boxing, closures, LINQ or enumerators on the way. Measured
/// in bytes allocated by the thread (exact), not in time.</summary>
public class AllocationTests
{
    private static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void Evaluate_ASubjectLikeOnesBefore_AllocatesOnlyTheVerdictObject()
    {
        var rules = new RuleSetLoader().Load(Path.Combine(TestPaths.RepoRoot(), "rules"));

        // Every clause that applies is satisfied: a violated clause's message names the subject, so its result is the
        // subject's own and never shared. (A stateless call from a runtime on AWS violates either Microsoft's reading or
        // openai-amazon/bedrock-runtime-calls, wherever it is served; this runtime's call is stateful.)
        var input = SubjectInput.From(new DeploymentSubject
        {
            Id = "frontier-aws", Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "AWS",
            Distributor = "AWS", Partners = ["Microsoft"], CapacityMw = 1500,
            Calls = [new CallSubject { Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateful, Cloud = "Azure" }],
            Timestamp = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        });
        var options = new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) };
        var verdict = rules.Evaluate(input, options);
        Assume.That(verdict.Clauses.Count, Is.GreaterThanOrEqualTo(4), "several clauses apply");

        // The clause results, their facts and the clause list are the ones made for the first verdict (equal by value),
        // so a second verdict for an equal subject is one object.
        var bytes = AllocatedBy(() => rules.Evaluate(input, options));

        Assert.That(bytes, Is.LessThanOrEqualTo(96), $"{bytes} bytes");
    }

    [Test]
    public void Evaluate_ASubjectNoClauseAppliesTo_AllocatesOnlyTheVerdictObject()
    {
        var rules = new RuleSetLoader().Load(Path.Combine(TestPaths.RepoRoot(), "rules"));
        var input = SubjectInput.From(new CallSubject { Id = "c", Vendor = "Mistral", Model = "large", Mode = RuntimeMode.Stateless, Cloud = "OCI" });
        var options = new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) };

        var bytes = AllocatedBy(() => rules.Evaluate(input, options));

        Assert.That(bytes, Is.LessThanOrEqualTo(96));
    }
    [Test]
    public void Evaluate_AViolationLikeOnesBefore_SharesItsFactsButNotItsMessage()
    {
        // The benchmarks' 40-clause set: no waiver there reads the subject's id, so equal calls read equal values.
        var rules = new RuleSetLoader().Load(Path.Combine(TestPaths.RepoRoot(), "benchmarks", "Compliance.Benchmarks", "rules-40"));
        var options = new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) };
        CallSubject Call(string id) => new() { Id = id, Vendor = "Anthropic", Model = "claude", Mode = RuntimeMode.Stateless, Cloud = "Azure" };
        ClauseResult Judge(CallSubject call) =>
            rules.Evaluate(SubjectInput.From(call), options).Clauses.Single(c => c.Id == "exclusivity/anthropic-on-aws-or-gcp");

        // The message names the subject, so each violation is its own result; the values it read are the same ones.
        var first = Judge(Call("c1"));
        var second = Judge(Call("c2"));
        var other = Judge(Call("c3") with { Cloud = "OCI" });

        Assert.That(second.Status, Is.EqualTo(ClauseStatus.Violated));
        Assert.That(second.Message, Is.EqualTo("Anthropic call c2 is served from Azure"));
        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(second.Facts, Is.SameAs(first.Facts));
        Assert.That(other.Facts, Is.Not.SameAs(first.Facts));
        Assert.That(other.Facts.Single(f => f.Path == "cloud").Value, Is.EqualTo("OCI"));
    }
}
