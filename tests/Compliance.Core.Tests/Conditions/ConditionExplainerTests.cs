using CsCheck;
using Compliance.Conditions;
using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Rules;
using Compliance.Subjects;
using NUnit.Framework;

namespace Compliance.Core.Tests.Conditions;

public sealed class ConditionExplainerTests
{
    private static readonly RuleSet Rules = new RuleSetLoader().LoadString("""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme
          parties: [Acme, Contoso]
        clauses:
          - id: azure-only
            title: Stateless calls run on Azure
            text: Stateless calls run on Azure.
            appliesTo: call
            when: { vendor: OpenAI, mode: stateless }
            require: { cloud: Azure }
          - id: region-known
            title: Calls name a region other than the default
            text: Calls name their region.
            appliesTo: call
            require: { region: { notEquals: default } }
          - id: stateless-calls-on-azure
            title: A runtime's stateless calls stay on Azure
            text: A runtime's stateless calls stay on Azure.
            appliesTo: deployment
            forbid:
              calls:
                some: { mode: stateless, cloud: { notEquals: Azure } }
          - id: permitted-partners
            title: Permitted partners
            text: Only these partners.
            appliesTo: deployment
            require: { partners: { every: [Microsoft, SoftBank] } }
          - id: not-on-gcp
            title: Not on GCP
            text: Not on GCP.
            appliesTo: call
            require: { not: { cloud: GCP } }
          - id: guarded-expression
            title: An expression guarded by a cheaper condition
            text: Calls name a model, or their first call does.
            appliesTo: deployment
            require:
              any:
                - { vendor: OpenAI }
                - expression: "subject.Calls.First().Cloud == \"Azure\""
        """, "rules/acme.yaml");

    private static readonly CallSubject CallOnAws = new()
    {
        Id = "call-aws", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "AWS",
    };

    private static Clause ClauseOf(string id) => Rules.FindClause("acme/" + id)!;

    [Test]
    public void Comparison_RecordsItsPathTheActualValueAndTheResult()
    {
        var explanation = ConditionExplainer.Explain(ClauseOf("azure-only").Condition, CallOnAws);

        Assert.That(explanation.Condition, Is.InstanceOf<ComparisonCondition>());
        Assert.That(explanation.Result, Is.False);
        Assert.That(explanation.Error, Is.Null);
        Assert.That(explanation.Path, Is.EqualTo("cloud"));
        Assert.That(explanation.Actual, Is.EqualTo("AWS"));
        Assert.That(explanation.Children, Is.Empty);
    }

    [Test]
    public void All_ExplainsEveryItem_EvenAfterOneIsFalse()
    {
        var explanation = ConditionExplainer.Explain(ClauseOf("azure-only").When!, CallOnAws with { Vendor = "Anthropic" });

        Assert.That(explanation.Condition, Is.InstanceOf<AllCondition>());
        Assert.That(explanation.Result, Is.False);
        Assert.That(explanation.Children.Select(c => (c.Path, c.Actual, c.Result)),
            Is.EqualTo(new (string?, object?, bool)[] { ("vendor", "Anthropic", false), ("mode", "stateless", true) }));
    }

    [Test]
    public void MissingValue_HasNullActual_AndSatisfiesNotEquals()
    {
        var explanation = ConditionExplainer.Explain(ClauseOf("region-known").Condition, CallOnAws);

        Assert.That(explanation.Path, Is.EqualTo("region"));
        Assert.That(explanation.Actual, Is.Null);
        Assert.That(explanation.Result, Is.True);
    }

    [Test]
    public void Not_NegatesItsExplainedInnerCondition()
    {
        var explanation = ConditionExplainer.Explain(ClauseOf("not-on-gcp").Condition, CallOnAws with { Cloud = "GCP" });

        Assert.That(explanation.Condition, Is.InstanceOf<NotCondition>());
        Assert.That(explanation.Result, Is.False);
        Assert.That(explanation.Children.Single().Result, Is.True);
        Assert.That(explanation.Children.Single().Actual, Is.EqualTo("GCP"));
    }

    [Test]
    public void SomeOnAListOfObjects_ExplainsEachElement_WithIndexedPaths()
    {
        var deployment = new DeploymentSubject
        {
            Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "AWS",
            Calls =
            [
                CallOnAws with { Cloud = "Azure" },
                CallOnAws,
            ],
        };

        var explanation = ConditionExplainer.Explain(ClauseOf("stateless-calls-on-azure").Condition, deployment);

        Assert.That(explanation.Condition, Is.InstanceOf<QuantifierCondition>());
        Assert.That(explanation.Result, Is.True);
        Assert.That(explanation.Path, Is.EqualTo("calls"));
        Assert.That(explanation.Actual, Is.EqualTo(new[] { "{…}", "{…}" }));
        Assert.That(explanation.Children.Select(c => (c.ElementIndex, c.Result)), Is.EqualTo(new (int?, bool)[] { (0, false), (1, true) }));
        Assert.That(explanation.Children[1].Children.Select(c => (c.Path, c.Actual, c.Result)), Is.EqualTo(new (string?, object?, bool)[]
        {
            ("calls[1].mode", "stateless", true),
            ("calls[1].cloud", "AWS", true),
        }));
    }

    [Test]
    public void EveryOnAListOfScalars_NamesEachElementByIndex()
    {
        var deployment = new DeploymentSubject
        {
            Product = "Stargate", Vendor = "OpenAI", Runtime = RuntimeMode.Stateless, HostCloud = "OCI",
            Partners = ["Microsoft", "Google"],
        };

        var explanation = ConditionExplainer.Explain(ClauseOf("permitted-partners").Condition, deployment);

        Assert.That(explanation.Result, Is.False);
        Assert.That(explanation.Actual, Is.EqualTo(new[] { "Microsoft", "Google" }));
        Assert.That(explanation.Children.Select(c => (c.ElementIndex, c.Path, c.Actual, c.Result)), Is.EqualTo(new (int?, string?, object?, bool)[]
        {
            (0, "partners[0]", "Microsoft", true),
            (1, "partners[1]", "Google", false),
        }));
    }

    [Test]
    public void EveryOnAnEmptyList_HoldsWithNoChildren()
    {
        var deployment = new DeploymentSubject { Product = "Stargate", Vendor = "OpenAI", Runtime = RuntimeMode.Stateless, HostCloud = "OCI" };

        var explanation = ConditionExplainer.Explain(ClauseOf("permitted-partners").Condition, deployment);

        Assert.That(explanation.Result, Is.True);
        Assert.That(explanation.Children, Is.Empty);
        Assert.That(explanation.Actual, Is.Empty);
    }

    [Test]
    public void ExpressionFault_IsAnError_NotAnException_AndFaultsTheParentTheEvaluatorReachesItFrom()
    {
        var deployment = new DeploymentSubject { Product = "Agents", Vendor = "Anthropic", Runtime = RuntimeMode.Stateful, HostCloud = "AWS" };

        var explanation = ConditionExplainer.Explain(ClauseOf("guarded-expression").Condition, deployment);

        var expression = explanation.Children[1];
        Assert.That(expression.Condition, Is.InstanceOf<ExpressionCondition>());
        Assert.That(expression.Result, Is.False);
        Assert.That(expression.Error, Does.StartWith("expression `subject.Calls.First().Cloud == \"Azure\"` failed: "));
        Assert.That(explanation.Result, Is.False);
        Assert.That(explanation.Error, Is.EqualTo(expression.Error));
    }

    [Test]
    public void ExpressionFault_AfterTheAnswerIsKnown_ShowsOnTheLeafButNotOnTheParent()
    {
        var deployment = new DeploymentSubject { Product = "Agents", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "AWS" };

        var explanation = ConditionExplainer.Explain(ClauseOf("guarded-expression").Condition, deployment);

        Assert.That(explanation.Children[1].Error, Is.Not.Null);
        Assert.That(explanation.Error, Is.Null);
        Assert.That(explanation.Result, Is.True);
    }

    [Test]
    public void RegexTimeout_IsAnError_NotAnException()
    {
        var rules = new RuleSetLoader(new RuleSetLoaderOptions { RegexTimeout = TimeSpan.FromMilliseconds(1) }).LoadString("""
            apiVersion: compliance/v1
            contract: { id: slow, title: Slow, parties: [A, B] }
            clauses:
              - id: backtracking
                title: A pattern that backtracks
                text: Models are named by a pattern.
                appliesTo: call
                require: { model: { matches: '^(?=(a|aa)+$)' } }
            """);
        var subject = CallOnAws with { Model = new string('a', 60) + "!" };

        var explanation = ConditionExplainer.Explain(rules.Clauses[0].Condition, subject);

        Assert.That(explanation.Result, Is.False);
        Assert.That(explanation.Error, Is.EqualTo("pattern `^(?=(a|aa)+$)` on `model` timed out after 1 ms"));
        Assert.That(explanation.Actual, Is.EqualTo(subject.Model));
    }

    [Test]
    public void Explain_RejectsNullArguments()
    {
        Assert.Throws<ArgumentNullException>(() => ConditionExplainer.Explain(null!, CallOnAws));
        Assert.Throws<ArgumentNullException>(() => ConditionExplainer.Explain(ClauseOf("azure-only").Condition, null!));
    }

    [Test]
    public void Result_AgreesWithTheEvaluator_OnEveryConditionAndAnySubject()
    {
        var text = Gen.OneOf<string?>(null, "OpenAI", "Azure", "AWS", "GCP", "default");
        var mode = Gen.OneOf<RuntimeMode?>(null, RuntimeMode.Stateless, RuntimeMode.Stateful);
        var call = Gen.Select(text, mode, text, text, (vendor, m, cloud, region) =>
            new CallSubject { Vendor = vendor, Model = "m", Mode = m, Cloud = cloud, Region = region });
        var deployment = Gen.Select(text, call.List[0, 4], Gen.OneOf("Microsoft", "SoftBank", "Google").List[0, 3], (vendor, calls, partners) =>
            new DeploymentSubject { Vendor = vendor, Product = "p", Runtime = RuntimeMode.Stateful, HostCloud = "AWS", Calls = calls, Partners = partners });
        var conditions = Rules.Clauses.SelectMany(c => c.When is null ? [(c, c.Condition)] : new[] { (c, c.When), (c, c.Condition) }).ToArray();

        Gen.Select(call, deployment).Sample(pair =>
        {
            foreach (var (clause, condition) in conditions)
            {
                object subject = clause.AppliesTo == "call" ? pair.Item1 : pair.Item2;
                bool? evaluated;
                try
                {
                    evaluated = condition.Evaluate(subject, new EvaluationScope());
                }
                catch (ConditionFaultException)
                {
                    evaluated = null;
                }

                var explained = ConditionExplainer.Explain(condition, subject);
                if ((explained.Error is null ? explained.Result : (bool?)null) != evaluated)
                {
                    return false;
                }
            }

            return true;
        });
    }
}
