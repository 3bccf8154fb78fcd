using System.Collections;
using System.Text;
using Compliance.Conditions;
using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Rules;
using Compliance.Subjects;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Conditions;

/// <summary>The explanation is the evaluation observed, not a second interpreter: at every node of every explained tree, on
/// generated rule sets and subjects, the explained result (or fault) is what the evaluator gives for that node on the value
/// it was explained on, and the tree has the condition's shape. A second walk that drifted from the evaluator on any
/// operator, combinator, quantifier, missing element or fault would fail here.</summary>
public sealed class ExplanationAgreementTests
{
    /// <summary>The evaluator's answer on one node: its result, or the message of the fault it raised.</summary>
    private static (bool Result, string? Error) Evaluated(Condition condition, object target)
    {
        try
        {
            return (condition.Evaluate(target, new EvaluationScope()), null);
        }
        catch (ConditionFaultException fault)
        {
            return (false, fault.Message);
        }
    }

    /// <summary>Walks <paramref name="node"/> with the value each part was evaluated on; returns the first disagreement.</summary>
    private static string? Disagreement(ConditionExplanation node, Condition condition, object target, string where)
    {
        if (!ReferenceEquals(node.Condition, condition))
        {
            return $"{where}: explains {node.Condition.GetType().Name}, expected {condition.GetType().Name}";
        }

        var (result, error) = Evaluated(condition, target);
        if (node.Result != result || node.Error != error)
        {
            return $"{where}: explained ({node.Result}, {node.Error ?? "no error"}), evaluated ({result}, {error ?? "no error"})";
        }

        switch (condition)
        {
            case AllCondition all:
                return Items(node, all.Items, target, where);
            case AnyCondition any:
                return Items(node, any.Items, target, where);
            case NotCondition not:
                return node.Children.Count != 1 ? $"{where}: `not` has {node.Children.Count} children"
                    : Disagreement(node.Children[0], not.Inner, target, where + ".not");
            case QuantifierCondition quantifier:
                var elements = quantifier.Path.Get(target) is IEnumerable list ? list.Cast<object?>().ToArray() : [];
                if (node.Children.Count != elements.Length)
                {
                    return $"{where}: {node.Children.Count} elements explained of {elements.Length}";
                }

                for (var i = 0; i < elements.Length; i++)
                {
                    var child = node.Children[i];
                    var reads = elements[i] is null || child.Condition is ComparisonCondition or QuantifierCondition;
                    if (child.ElementIndex != i || reads && child.Path?.StartsWith($"{node.Path}[{i}]", StringComparison.Ordinal) != true)
                    {
                        return $"{where}: element {i} is explained as element {child.ElementIndex} at {child.Path}";
                    }

                    var problem = elements[i] is { } element
                        ? Disagreement(child, quantifier.Inner, element, $"{where}[{i}]")
                        : child.Result || child.Error is not null || child.Children.Count > 0 ? $"{where}[{i}]: a missing element holds nothing" : null;
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return node.Children.Count == 0 ? null : $"{where}: a leaf with children";
        }
    }

    private static string? Items(ConditionExplanation node, IReadOnlyList<Condition> items, object target, string where)
    {
        if (node.Children.Count != items.Count)
        {
            return $"{where}: {node.Children.Count} items explained of {items.Count}";
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (Disagreement(node.Children[i], items[i], target, $"{where}.{i}") is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static IEnumerable<(string Where, Condition Condition)> ConditionsOf(RuleSet rules, Clause clause)
    {
        if (clause.When is { } when)
        {
            yield return ($"{clause.Id} when", when);
        }

        yield return ($"{clause.Id} condition", clause.Condition);
        foreach (var exception in clause.Exceptions)
        {
            yield return ($"{clause.Id} exception {exception.Id}", exception.When);
        }

        foreach (var waiver in rules.Waivers.Where(w => w.ClauseId == clause.Id && w.When is not null))
        {
            yield return ($"{clause.Id} waiver {waiver.Id}", waiver.When!);
        }
    }

    /// <summary>Asserts agreement on every condition of the rule set; returns how many explained nodes had each answer, so
    /// that a test can check it exercised faults and early stops.</summary>
    private static (int Faults, int Held, int Failed) AssertAgrees(RuleSet rules, IEnumerable<object> subjects, string what)
    {
        var counts = (Faults: 0, Held: 0, Failed: 0);
        foreach (var subject in subjects)
        {
            var kind = subject is CallSubject ? "call" : "deployment";
            foreach (var clause in rules.Clauses.Where(c => c.AppliesTo == kind))
            {
                foreach (var (where, condition) in ConditionsOf(rules, clause))
                {
                    var explanation = ConditionExplainer.Explain(condition, subject);
                    var problem = Disagreement(explanation, condition, subject, where);
                    Assert.That(problem, Is.Null, $"{what}: {subject}");
                    foreach (var node in Flatten(explanation))
                    {
                        _ = node.Error is not null ? counts.Faults++ : node.Result ? counts.Held++ : counts.Failed++;
                    }
                }
            }
        }

        return counts;
    }

    private static IEnumerable<ConditionExplanation> Flatten(ConditionExplanation node) => node.Children.SelectMany(Flatten).Prepend(node);

    [Test]
    public void EveryNode_AgreesWithTheEvaluator_OnGeneratedRuleSetsAndSubjects()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new RandomRuleSets(seed);
            _ = AssertAgrees(random.Load(30), random.Subjects(30), $"seed {seed}");
        }, iter: 30, threads: 1);
    }

    /// <summary>Conditions nesting combinators and quantifiers around parts that fault (an expression on the first call of a
    /// deployment that may have none; a pattern that runs out of time on some calls' models) and parts that settle early,
    /// on deployments with missing calls.</summary>
    private static readonly RuleSetLoader Loader = new(new RuleSetLoaderOptions { RegexTimeout = TimeSpan.FromMilliseconds(1) });

    [Test]
    public void EveryNode_AgreesWithTheEvaluator_WhereFaultsAndShortCircuitsMeet()
    {
        string[] leaves =
        [
            "{ vendor: OpenAI }",
            "{ hostCloud: { in: [AWS, Azure] } }",
            "{ partners: { contains: Microsoft } }",
            "{ partners: { every: { notEquals: '' } } }",
            "{ expression: \"subject.Calls.First().Cloud == \\\"Azure\\\"\" }",
            "{ calls: { some: { cloud: AWS } } }",
            "{ calls: { every: { tags.purpose: { exists: false } } } }",
            "{ calls: { none: { any: [{ cloud: GCP }, { region: { exists: false } }] } } }",
        ];
        var condition = Gen.Recursive<string>((depth, inner) => depth >= 3
            ? Gen.OneOf(leaves)
            : Gen.Frequency(
                (3, Gen.OneOf(leaves)),
                (1, inner.List[1, 3].Select(items => $"{{ all: [{string.Join(", ", items)}] }}")),
                (1, inner.List[1, 3].Select(items => $"{{ any: [{string.Join(", ", items)}] }}")),
                (1, inner.Select(item => $"{{ not: {item} }}")),
                (1, Gen.OneOf("some", "every", "none").Select(q => $"{{ calls: {{ {q}: {{ model: {{ matches: '^(?=(a|aa)+$)' }} }} }} }}"))));
        var text = Gen.OneOf<string?>(null, "Azure", "AWS", "GCP");
        // A model the pattern always times out on (about 10^8 backtracking steps, against a 1 ms limit), or none, which
        // `matches` is false on without running the pattern: a model the pattern decides quickly could still time out in
        // one of the two runs compared when the machine stalls the thread for a millisecond, and the runs would disagree.
        var model = Gen.OneOf<string?>(null, new string('a', 40) + "!");
        var call = Gen.Select(text, text, model, (cloud, region, m) =>
            new CallSubject { Vendor = "OpenAI", Model = m!, Mode = RuntimeMode.Stateless, Cloud = cloud, Region = region });
        var deployment = Gen.Select(Gen.OneOf("OpenAI", "Anthropic"), Gen.OneOf("AWS", "OCI"), call.Null().List[0, 3],
            Gen.OneOf("Microsoft", "", "Oracle").List[0, 3],
            (vendor, host, calls, partners) => new DeploymentSubject
            {
                Product = "p", Vendor = vendor, Runtime = RuntimeMode.Stateful, HostCloud = host, Calls = calls!, Partners = partners,
            });

        var seen = (Faults: 0, Held: 0, Failed: 0);
        Gen.Select(condition.List[4, 8], deployment.Array[6]).Sample((conditions, subjects) =>
        {
            var yaml = new StringBuilder("apiVersion: compliance/v1\ncontract: { id: gen, title: Generated, parties: [A, B] }\nclauses:\n");
            for (var i = 0; i < conditions.Count; i++)
            {
                yaml.Append($"  - id: k{i}\n    title: Clause {i}\n    text: Clause {i}.\n    appliesTo: deployment\n    require: {conditions[i]}\n");
            }

            var counts = AssertAgrees(Loader.LoadString(yaml.ToString(), "gen.yaml"), subjects, yaml.ToString());
            seen = (seen.Faults + counts.Faults, seen.Held + counts.Held, seen.Failed + counts.Failed);
        }, iter: 60, threads: 1);

        Assert.That((seen.Faults > 0, seen.Held > 0, seen.Failed > 0), Is.EqualTo((true, true, true)), $"faults, held, failed: {seen}");
    }

    /// <summary>Observing adds a frame per node to the evaluation's recursion: the deepest condition the loader accepts
    /// (1,000 levels of YAML) is still explained, on the test runner's thread, not a stack overflow.</summary>
    [Test]
    public void DeepestConditionTheLoaderAccepts_IsExplained()
    {
        const int Nots = 990;
        var condition = string.Concat(Enumerable.Repeat("{ not: ", Nots)) + "{ any: [{ cloud: GCP }, { cloud: AWS }] }" + new string('}', Nots);
        var rules = new RuleSetLoader(new RuleSetLoaderOptions { Limits = new Compliance.Rules.Yaml.YamlLimits { MaxDepth = 1000 } })
            .LoadString($"apiVersion: compliance/v1\ncontract: {{ id: deep, title: Deep, parties: [A, B] }}\nclauses:\n  - id: k\n    title: Deep\n    text: Deep.\n    appliesTo: call\n    require: {condition}\n");
        var subject = new CallSubject { Vendor = "OpenAI", Model = "m", Mode = RuntimeMode.Stateless, Cloud = "AWS" };

        var explanation = ConditionExplainer.Explain(rules.Clauses[0].Condition, subject);

        var depth = 0;
        for (var node = explanation; node.Condition is NotCondition; node = node.Children[0])
        {
            depth++;
        }

        Assert.That((depth, explanation.Result), Is.EqualTo((Nots, Nots % 2 == 0)));
        Assert.That(Disagreement(explanation, rules.Clauses[0].Condition, subject, "deep"), Is.Null);
    }
}
