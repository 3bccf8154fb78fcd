using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using Compliance.Verdicts;
using FluentValidation;
using NUnit.Framework;

namespace Compliance.Core.Tests.Subjects;

/// <summary>A library user's own subject kind: its paths are checked at load exactly like the built-in kinds', it is
/// judged like them, and its validator's errors make the verdict <c>indeterminate</c>.</summary>
public class CustomSubjectKindTests
{
    public sealed record ModelCard
    {
        public string? Id { get; init; }

        public string? Name { get; init; }

        public string? License { get; init; }

        public IReadOnlyList<string> Datasets { get; init; } = [];

        public long? Parameters { get; init; }

        public DateTimeOffset? Timestamp { get; init; }
    }

    public sealed class ModelCardValidator : AbstractValidator<ModelCard>
    {
        public ModelCardValidator()
        {
            RuleFor(c => c.Name).NotEmpty().OverridePropertyName("name").WithMessage("`name` is required");
            RuleFor(c => c.Parameters).GreaterThan(0).OverridePropertyName("parameters").WithMessage("`parameters` must be positive");
        }
    }

    private static readonly SubjectKindRegistry Kinds = SubjectKindRegistry.Default.With("model-card", new ModelCardValidator());

    private static readonly EvaluationOptions Options = new() { AsOf = new DateOnly(2026, 3, 1) };

    private const string Rules = """
        apiVersion: compliance/v1
        contract:
          id: model-policy
          title: Model publication policy
        clauses:
          - id: open-licence
            title: Published models carry an open licence
            text: Every published model card names an open licence.
            appliesTo: model-card
            require: { license: [MIT, Apache-2.0] }
            message: "Model {name} is licensed {license}"
          - id: no-scraped-data
            title: No scraped data sets
            text: No model is trained on a scraped data set.
            appliesTo: model-card
            forbid: { datasets: { some: { matches: '^scraped-' } } }
          - id: big-models-reviewed
            title: Big models are reviewed
            text: Models over a billion parameters are reviewed.
            appliesTo: model-card
            require: { expression: "subject.Parameters == null || subject.Parameters <= 1000000000" }
            effect: review
        """;

    private static RuleSet Load(string text = Rules) => new RuleSetLoader(new RuleSetLoaderOptions { Kinds = Kinds }).LoadString(text, "policy.yaml");

    private static ClauseStatus StatusOf(Verdict verdict, string id) => verdict.Clauses.Single(c => c.Id == id).Status;

    [Test]
    public void Load_PathTheCustomKindDoesNotHave_IsAnUnknownPathError()
    {
        var result = new RuleSetLoader(new RuleSetLoaderOptions { Kinds = Kinds }).LoadStrings([new RuleSource("policy.yaml", Rules.Replace("require: { license:", "require: { licence:", StringComparison.Ordinal))]);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "policy.yaml:10:16: error CMP0021: unknown path `licence`: `model-card` has no field `licence` (did you mean `license`?)",
        }));
    }

    [Test]
    public void Load_OperatorThatDoesNotFitACustomField_IsAnError()
    {
        var result = new RuleSetLoader(new RuleSetLoaderOptions { Kinds = Kinds }).LoadStrings([new RuleSource("policy.yaml", Rules.Replace("require: { license: [MIT, Apache-2.0] }", "require: { license: { gt: 3 } }", StringComparison.Ordinal))]);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "policy.yaml:10:27: error CMP0023: `gt` does not apply to `license`, which is text",
        }));
    }

    [Test]
    public void Load_CustomKindWithoutRegistration_IsAnUnknownKind()
    {
        var result = new RuleSetLoader().LoadStrings([new RuleSource("policy.yaml", Rules)]);

        Assert.That(result.Errors.Select(d => d.Code).Distinct(), Is.EqualTo(new[] { "CMP0020" }));
    }

    [Test]
    public void Evaluate_CustomKind_IsJudgedLikeABuiltInKind()
    {
        var rules = Load();
        var good = new ModelCard { Id = "m-1", Name = "tiny", License = "mit", Datasets = ["wiki", "books"], Parameters = 1_000 };

        var compliant = rules.Evaluate(good, Options);
        var violating = rules.Evaluate(good with { License = "proprietary", Datasets = ["wiki", "scraped-web"] }, Options);
        var review = rules.Evaluate(good with { Parameters = 2_000_000_000 }, Options);

        Assert.Multiple(() =>
        {
            Assert.That(compliant.Outcome, Is.EqualTo(Outcome.Compliant));
            Assert.That(compliant.Kind, Is.EqualTo("model-card"));
            Assert.That(compliant.Subject, Is.EqualTo("m-1"));
            Assert.That(violating.Outcome, Is.EqualTo(Outcome.Violation));
            Assert.That(StatusOf(violating, "model-policy/open-licence"), Is.EqualTo(ClauseStatus.Violated));
            Assert.That(violating.Clauses.Single(c => c.Id == "model-policy/open-licence").Message, Is.EqualTo("Model tiny is licensed proprietary"));
            Assert.That(StatusOf(violating, "model-policy/no-scraped-data"), Is.EqualTo(ClauseStatus.Violated));
            Assert.That(review.Outcome, Is.EqualTo(Outcome.Review));
        });
    }

    [Test]
    public void Evaluate_CustomKindFailingItsValidator_IsIndeterminateWithTheValidatorsErrors()
    {
        var verdict = Load().Evaluate(new ModelCard { Id = "m-2", License = "MIT", Parameters = 0 }, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(verdict.Clauses, Is.Empty);
            Assert.That(verdict.Errors, Is.EquivalentTo(new[]
            {
                new SubjectError("name", "`name` is required"),
                new SubjectError("parameters", "`parameters` must be positive"),
            }));
        });
    }

    [Test]
    public void Evaluate_CustomKindReadFromYaml_UsesItsTimestampAndFields()
    {
        var input = new SubjectReader(Kinds).ReadDocument(
            "{ kind: model-card, id: m-3, name: big, license: Apache-2.0, datasets: [wiki], parameters: 5000000000, timestamp: '2026-03-01T23:30:00-05:00' }",
            "cards.yaml").Single();

        var verdict = Load().Evaluate(input);

        Assert.Multiple(() =>
        {
            Assert.That(input.Errors, Is.Empty);
            Assert.That(verdict.AsOf, Is.EqualTo(new DateOnly(2026, 3, 2)));
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Review));
            Assert.That(verdict.Source, Is.EqualTo("cards.yaml:1"));
        });
    }

    [Test]
    public void With_ReturnsANewRegistryAndLeavesTheDefaultAlone()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Kinds.Find("model-card")?.ClrType, Is.EqualTo(typeof(ModelCard)));
            Assert.That(SubjectKindRegistry.Default.Find("model-card"), Is.Null);
            Assert.That(SubjectKindRegistry.Default.Find(typeof(ModelCard)), Is.Null);
            Assert.That(Kinds.Find("call")?.ClrType, Is.EqualTo(typeof(CallSubject)));
        });
    }

    [Test]
    public void With_NameOrTypeAlreadyRegistered_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Kinds.With<ModelCard>("another-card"), Throws.ArgumentException);
            Assert.That(() => Kinds.With<Uri>("call"), Throws.ArgumentException);
            Assert.That(() => Kinds.With<Uri>("Not A Name"), Throws.ArgumentException);
        });
    }
}
