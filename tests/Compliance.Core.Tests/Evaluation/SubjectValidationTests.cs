using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>A subject that fails validation is never judged: its verdict is <c>indeterminate</c> and lists every error.</summary>
public class SubjectValidationTests
{
    private static readonly Lazy<RuleSet> Rules = new(() => RuleText.Load(RuleText.Contract("""
          - id: anything-goes
            title: Every call is fine
            text: Every call is fine.
            appliesTo: call
            require: { any: [{ cloud: { exists: true } }, { cloud: { exists: false } }] }
          - id: nothing-sold-as-api
            title: Nothing is sold as an API
            text: Nothing is sold as an API.
            appliesTo: deployment
            forbid: { soldAsApi: true }
        """)));

    private static readonly EvaluationOptions Options = new() { AsOf = new DateOnly(2026, 3, 1) };

    [Test]
    public void Evaluate_CallMissingEveryRequiredField_IsIndeterminateListingEachOne()
    {
        var verdict = Rules.Value.Evaluate(new CallSubject { Id = "empty" }, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Subject, Is.EqualTo("empty"));
            Assert.That(verdict.Kind, Is.EqualTo("call"));
            Assert.That(verdict.Clauses, Is.Empty);
            Assert.That(verdict.Errors, Is.EquivalentTo(new[]
            {
                new SubjectError("vendor", "`vendor` is required"),
                new SubjectError("model", "`model` is required"),
                new SubjectError("mode", "`mode` is required"),
                new SubjectError("cloud", "`cloud` is required"),
            }));
        });
    }

    [Test]
    public void Evaluate_CallWithAnEnumValueOutsideTheEnum_IsIndeterminate()
    {
        var call = new CallSubject { Id = "odd", Vendor = "OpenAI", Model = "gpt-5", Mode = (RuntimeMode)42, Cloud = "Azure" };

        var verdict = Rules.Value.Evaluate(call, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Errors.Select(e => e.Path), Is.EqualTo(new[] { "mode" }));
        });
    }

    [Test]
    public void Evaluate_CallWithNegativeTokens_IsIndeterminate()
    {
        var call = new CallSubject { Id = "neg", Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless, Cloud = "Azure", Tokens = -1 };

        var verdict = Rules.Value.Evaluate(call, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Errors, Is.EqualTo(new[] { new SubjectError("tokens", "`tokens` must not be negative") }));
        });
    }

    [Test]
    public void Evaluate_DeploymentWithAnInvalidCall_IsIndeterminateNamingTheCall()
    {
        var deployment = new DeploymentSubject
        {
            Id = "d", Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "AWS",
            Calls = [new CallSubject { Vendor = "OpenAI", Model = "gpt-5", Mode = RuntimeMode.Stateless }],
        };

        var verdict = Rules.Value.Evaluate(deployment, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Errors.Select(e => e.Path), Is.EqualTo(new[] { "calls[0].cloud" }));
        });
    }

    [Test]
    public void Evaluate_ObjectOfNoRegisteredKind_IsIndeterminate()
    {
        var verdict = Rules.Value.Evaluate(new Uri("https://example.com"), Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Errors, Is.EqualTo(new[] { new SubjectError(null, "no subject kind is registered for `Uri`") }));
        });
    }

    [Test]
    public void Evaluate_InputThatCouldNotBeRead_IsIndeterminateWithItsErrors()
    {
        var input = new SubjectInput { Source = "calls.jsonl:3", Kind = "call", Errors = [new SubjectError("mode", "`sideways` is not a value of `mode`")] };

        var verdict = Rules.Value.Evaluate(input, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Subject, Is.EqualTo("calls.jsonl:3"));
            Assert.That(verdict.Source, Is.EqualTo("calls.jsonl:3"));
            Assert.That(verdict.Kind, Is.EqualTo("call"));
            Assert.That(verdict.Errors, Is.EqualTo(input.Errors));
        });
    }
}
