using Compliance.Model;
using Compliance.Rules.Documentation;
using Compliance.Subjects;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Documentation;

public sealed class ConditionTextTests
{
    /// <summary>A rule file with one clause; <paramref name="body"/> is its <c>when</c>, <c>require</c> or <c>forbid</c> lines.</summary>
    internal static Clause Clause(string kind, string body, SubjectKindRegistry? kinds = null)
    {
        var yaml = $"""
            apiVersion: compliance/v1
            contract: {"{"} id: acme, title: Acme agreement, parties: [Acme, Contoso] {"}"}
            clauses:
              - id: c1
                title: A clause
                text: The words.
                appliesTo: {kind}
            {Indent(body)}
            """;
        var loader = new RuleSetLoader(new RuleSetLoaderOptions { Kinds = kinds ?? SubjectKindRegistry.Default });
        return loader.LoadString(yaml).Clauses.Single();
    }

    private static string Indent(string body) => string.Join("\n", body.Split('\n').Select(line => "    " + line));

    private static string Requirement(string kind, string body) => ConditionText.Requirement(Clause(kind, body)).ToString();

    private static string AppliesTo(string kind, string when, SubjectKindRegistry? kinds = null) =>
        ConditionText.AppliesTo(Clause(kind, (when.Length == 0 ? string.Empty : $"when: {when}\n") + "require: { id: x }", kinds), kinds).ToString();

    private static IEnumerable<TestCaseData> Requirements()
    {
        TestCaseData Case(string name, string kind, string body, string expected) => new TestCaseData(kind, body).Returns(expected).SetName(name);

        // Every operator, in both the simple form and through `not`.
        yield return Case("equals", "call", "require: { cloud: Azure }", "Requires `cloud` to be Azure.");
        yield return Case("equals on an enum keeps the canonical spelling", "call", "require: { mode: STATELESS }", "Requires `mode` to be stateless.");
        yield return Case("notEquals", "call", "require: { cloud: { notEquals: Azure } }", "Requires `cloud` not to be Azure.");
        yield return Case("in with one value", "call", "require: { cloud: { in: [Azure] } }", "Requires `cloud` to be Azure.");
        yield return Case("in with two values", "call", "require: { cloud: [Azure, AWS] }", "Requires `cloud` to be Azure or AWS.");
        yield return Case("in with three values", "call", "require: { cloud: [Azure, AWS, GCP] }", "Requires `cloud` to be one of Azure, AWS or GCP.");
        yield return Case("notIn with one value", "call", "require: { cloud: { notIn: [GCP] } }", "Requires `cloud` not to be GCP.");
        yield return Case("notIn with two values", "call", "require: { cloud: { notIn: [GCP, OCI] } }", "Requires `cloud` to be neither GCP nor OCI.");
        yield return Case("notIn with three values", "call", "require: { cloud: { notIn: [GCP, OCI, AWS] } }", "Requires `cloud` to be none of GCP, OCI or AWS.");
        yield return Case("exists true on a value", "call", "require: { region: { exists: true } }", "Requires `region` to be given.");
        yield return Case("exists false on a value", "call", "require: { region: { exists: false } }", "Requires `region` not to be given.");
        yield return Case("exists true on a list", "deployment", "require: { partners: { exists: true } }", "Requires `partners` not to be empty.");
        yield return Case("exists false on a list", "deployment", "require: { partners: { exists: false } }", "Requires `partners` to be empty.");
        yield return Case("exists true on a map", "call", "require: { tags: { exists: true } }", "Requires `tags` not to be empty.");
        yield return Case("gt on a number", "call", "require: { tokens: { gt: 1000 } }", "Requires `tokens` to be greater than 1000.");
        yield return Case("gte on a number", "call", "require: { tokens: { gte: 1000 } }", "Requires `tokens` to be at least 1000.");
        yield return Case("lt on a number", "deployment", "require: { capacityMw: { lt: 2000.5 } }", "Requires `capacityMw` to be less than 2000.5.");
        yield return Case("lte on a number", "deployment", "require: { capacityMw: { lte: 2000 } }", "Requires `capacityMw` to be at most 2000.");
        yield return Case("gt on a timestamp with a date", "call", "require: { timestamp: { gt: 2025-10-28 } }", "Requires `timestamp` to be after 2025-10-28.");
        yield return Case("gte on a timestamp with a date", "call", "require: { timestamp: { gte: 2025-10-28 } }", "Requires `timestamp` to be on or after 2025-10-28.");
        yield return Case("lt on a timestamp with a date", "call", "require: { timestamp: { lt: 2025-10-28 } }", "Requires `timestamp` to be before 2025-10-28.");
        yield return Case("lte on a timestamp with a date", "call", "require: { timestamp: { lte: 2025-10-28 } }", "Requires `timestamp` to be on or before 2025-10-28.");
        yield return Case("gte on a timestamp with an instant", "call", "require: { timestamp: { gte: 2026-03-01T12:00:00Z } }", "Requires `timestamp` to be at or after 2026-03-01T12:00:00Z.");
        yield return Case("lte on a timestamp with an instant", "call", "require: { timestamp: { lte: 2026-03-01T12:00:00Z } }", "Requires `timestamp` to be at or before 2026-03-01T12:00:00Z.");
        yield return Case("matches", "call", "require: { endpoint: { matches: '^https://' } }", "Requires `endpoint` to match the pattern `^https://`.");
        yield return Case("contains on text", "call", "require: { endpoint: { contains: azure } }", "Requires `endpoint` to contain the text `azure`.");
        yield return Case("contains on a list", "deployment", "require: { partners: { contains: Microsoft } }", "Requires `partners` to include Microsoft.");
        yield return Case("startsWith", "call", "require: { region: { startsWith: eu- } }", "Requires `region` to begin with `eu-`.");
        yield return Case("startsWith with a list", "call", "require: { region: { startsWith: [eu-, uk-, ch-] } }", "Requires `region` to begin with `eu-`, `uk-` or `ch-`.");
        yield return Case("endsWith, forbidden", "call", "forbid: { endpoint: { endsWith: [.azure.com, .azure.us] } }", "Forbids `endpoint` to end with `.azure.com` or `.azure.us`.");
        yield return Case("a tag", "call", "require: { tags.purpose: research }", "Requires `tags.purpose` to be research.");
        yield return Case("a boolean, forbidden", "deployment", "forbid: { soldAsApi: true }", "Forbids `soldAsApi` to be true.");
        yield return Case("text with surrounding spaces is shown exactly", "call", "require: { region: ' eu ' }", "Requires `region` to be ` eu `.");
        yield return Case("empty text is named", "call", "require: { region: '' }", "Requires `region` to be empty text.");

        // Several conditions.
        yield return Case("two operators on one path", "call", "require: { tokens: { gte: 1, lte: 5 } }", "Requires `tokens` to be at least 1 and to be at most 5.");
        yield return Case("several paths", "call", "require: { cloud: Azure, region: eu-west }", "Requires `cloud` to be Azure and `region` to be eu-west.");
        yield return Case("three paths", "call", "require: { cloud: Azure, region: eu-west, product: Chat }",
            "Requires `cloud` to be Azure, `region` to be eu-west and `product` to be Chat.");
        yield return Case("all", "call", "require: { all: [ { cloud: Azure }, { region: { exists: true } } ] }", "Requires `cloud` to be Azure and `region` to be given.");
        yield return Case("any", "call", "require: { any: [ { cloud: Azure }, { region: eu } ] }", "Requires that either `cloud` is Azure, or `region` is eu.");
        yield return Case("any of three", "call", "require: { any: [ { cloud: Azure }, { region: eu }, { tokens: { lt: 5 } } ] }",
            "Requires that either `cloud` is Azure, or `region` is eu, or `tokens` is less than 5.");
        yield return Case("any holding an all", "call", "require: { any: [ { cloud: Azure, region: eu }, { cloud: AWS } ] }",
            "Requires that either (`cloud` is Azure and `region` is eu), or `cloud` is AWS.");
        yield return Case("all holding an any", "call", "require: { all: [ { any: [ { cloud: Azure }, { cloud: AWS } ] }, { expression: \"subject.Tokens > 5\" } ] }",
            "Requires that (either `cloud` is Azure, or `cloud` is AWS) and the expression `subject.Tokens > 5` is true.");
        yield return Case("not of equals", "call", "require: { not: { cloud: AWS } }", "Requires `cloud` not to be AWS.");
        yield return Case("not of notEquals", "call", "require: { not: { cloud: { notEquals: AWS } } }", "Requires `cloud` to be AWS.");
        yield return Case("not of in", "call", "require: { not: { cloud: [AWS, GCP] } }", "Requires `cloud` to be neither AWS nor GCP.");
        yield return Case("not of notIn", "call", "require: { not: { cloud: { notIn: [AWS, GCP] } } }", "Requires `cloud` to be AWS or GCP.");
        yield return Case("not of exists", "call", "require: { not: { region: { exists: true } } }", "Requires `region` not to be given.");
        yield return Case("not of an ordering", "call", "require: { not: { tokens: { gt: 5 } } }", "Requires that it is not the case that `tokens` is greater than 5.");
        yield return Case("any ending with an all keeps its brackets", "call", "require: { any: [ { cloud: AWS }, { cloud: Azure, region: eu } ] }",
            "Requires that either `cloud` is AWS, or (`cloud` is Azure and `region` is eu).");
        yield return Case("not of any", "call", "require: { not: { any: [ { cloud: AWS }, { cloud: GCP } ] } }",
            "Requires that it is not the case that (either `cloud` is AWS, or `cloud` is GCP).");
        yield return Case("expression", "call", "require: { expression: \"subject.Tokens > 5\" }", "Requires that the expression `subject.Tokens > 5` is true.");

        // Quantifiers over a list of values.
        yield return Case("some over values", "deployment", "require: { partners: { some: { matches: '^Soft' } } }", "Requires at least one partner to match the pattern `^Soft`.");
        yield return Case("every over values", "deployment", "require: { partners: { every: [Microsoft, SoftBank, NVIDIA] } }", "Requires every partner to be one of Microsoft, SoftBank or NVIDIA.");
        yield return Case("none over values", "deployment", "require: { partners: { none: Google } }", "Requires no partner to be Google.");
        yield return Case("every over values with two operators", "deployment", "require: { partners: { every: { matches: '^[A-Z]', notEquals: Google } } }",
            "Requires every partner to match the pattern `^[A-Z]` and not to be Google.");
        yield return Case("some over values, forbidden", "deployment", "forbid: { partners: { some: Google } }", "Forbids any partner to be Google.");
        yield return Case("every over values, forbidden", "deployment", "forbid: { partners: { every: Microsoft } }", "Forbids that every partner is Microsoft.");
        yield return Case("none over values, forbidden", "deployment", "forbid: { partners: { none: Microsoft } }", "Forbids that no partner is Microsoft.");

        // Quantifiers over a list of objects.
        yield return Case("some over calls", "deployment", "require: { calls: { some: { mode: stateless, cloud: AWS } } }",
            "Requires at least one stateless call in `calls` whose `cloud` is AWS.");
        yield return Case("every over calls", "deployment", "require: { calls: { every: { cloud: Azure } } }", "Requires every call in `calls` to be one whose `cloud` is Azure.");
        yield return Case("every over calls with an adjective", "deployment", "require: { calls: { every: { mode: stateful, cloud: Azure } } }",
            "Requires every call in `calls` to be a stateful one whose `cloud` is Azure.");
        yield return Case("none over calls", "deployment", "require: { calls: { none: { cloud: GCP } } }", "Requires that there is no call in `calls` whose `cloud` is GCP.");
        yield return Case("some over calls, forbidden", "deployment", "forbid: { calls: { some: { vendor: OpenAI, mode: stateless, cloud: { notEquals: Azure } } } }",
            "Forbids any stateless call in `calls` whose `vendor` is OpenAI and whose `cloud` is not Azure.");
        yield return Case("every over calls, forbidden", "deployment", "forbid: { calls: { every: { cloud: Azure } } }", "Forbids that every call in `calls` is one whose `cloud` is Azure.");
        yield return Case("none over calls, forbidden", "deployment", "forbid: { calls: { none: { cloud: Azure } } }", "Forbids that there is no call in `calls` whose `cloud` is Azure.");
        yield return Case("combinators inside an element", "deployment", "require: { calls: { some: { any: [ { cloud: AWS }, { region: { exists: false } } ] } } }",
            "Requires at least one call in `calls` for which either `cloud` is AWS, or `region` is not given.");
        yield return Case("a quantifier beside other conditions", "deployment", "require: { hostCloud: Azure, calls: { every: { cloud: Azure } } }",
            "Requires that `hostCloud` is Azure and every call in `calls` is one whose `cloud` is Azure.");
    }

    [TestCaseSource(nameof(Requirements))]
    public string Requirement_ReadsAsEnglish(string kind, string body) => Requirement(kind, body);

    private static IEnumerable<TestCaseData> Applicability()
    {
        TestCaseData Case(string name, string kind, string when, string expected) => new TestCaseData(kind, when).Returns(expected).SetName(name);

        yield return Case("no when: every subject of the kind", "call", string.Empty, "Applies to every call.");
        yield return Case("an enum value becomes an adjective", "call", "{ mode: stateless }", "Applies to stateless calls.");
        yield return Case("the example of the specification", "call", "{ vendor: OpenAI, mode: stateless }", "Applies to stateless calls whose `vendor` is OpenAI.");
        yield return Case("an enum value in any case", "call", "{ mode: STATELESS }", "Applies to stateless calls.");
        yield return Case("a negated enum value stays a clause", "call", "{ mode: { notEquals: stateless } }", "Applies to calls whose `mode` is not stateless.");
        yield return Case("several paths", "call", "{ vendor: OpenAI, cloud: Azure, endpoint: { exists: true } }",
            "Applies to calls whose `vendor` is OpenAI, whose `cloud` is Azure and whose `endpoint` is given.");
        yield return Case("two operators on one path read as one clause", "deployment", "{ distributor: { exists: true, notEquals: OpenAI } }",
            "Applies to deployments whose `distributor` is given and is not OpenAI.");
        yield return Case("any comes after the paths", "deployment", "{ any: [ { product: [ChatGPT, Codex, Sora] }, { tags.firstParty: \"true\" } ], vendor: OpenAI }",
            "Applies to deployments whose `vendor` is OpenAI and for which either `product` is one of ChatGPT, Codex or Sora, or `tags.firstParty` is true.");
        yield return Case("a quantifier", "deployment", "{ runtime: stateful, calls: { some: { cloud: AWS } } }",
            "Applies to stateful deployments for which there is at least one call in `calls` whose `cloud` is AWS.");
        yield return Case("every over calls", "deployment", "{ calls: { every: { mode: stateless } } }",
            "Applies to deployments for which every call in `calls` is a stateless one.");
        yield return Case("none over values", "deployment", "{ partners: { none: Google } }", "Applies to deployments for which no partner is Google.");
        yield return Case("not of a comparison", "call", "{ not: { cloud: AWS } }", "Applies to calls whose `cloud` is not AWS.");
        yield return Case("an expression", "call", "{ vendor: OpenAI, expression: \"subject.Tokens > 5\" }",
            "Applies to calls whose `vendor` is OpenAI and for which the expression `subject.Tokens > 5` is true.");
        yield return Case("a compound clause before another is bracketed", "call", "{ any: [ { cloud: A }, { cloud: B } ], not: { tokens: { gt: 5 } } }",
            "Applies to calls for which (either `cloud` is A, or `cloud` is B) and for which it is not the case that `tokens` is greater than 5.");
    }

    [TestCaseSource(nameof(Applicability))]
    public string AppliesTo_ReadsAsEnglish(string kind, string when) => AppliesTo(kind, when);

    [Test]
    public void AppliesTo_CustomKind_IsNamedInThePluralAndAnEnumSharedByTwoFieldsIsNoAdjective()
    {
        var kinds = SubjectKindRegistry.Default.With<Batch>("batch");

        Assert.That(AppliesTo("batch", string.Empty, kinds), Is.EqualTo("Applies to every batch."));
        Assert.That(AppliesTo("batch", "{ mode: stateless, items: { some: box } }", kinds),
            Is.EqualTo("Applies to batches whose `mode` is stateless and for which at least one item is box."));
        Assert.That(AppliesTo("batch", "{ steps: { some: { mode: stateless } } }", kinds),
            Is.EqualTo("Applies to batches for which there is at least one stateless call in `steps`."),
            "elements of a registered kind are named by the kind, and the list by its path");
    }

    [Test]
    public void Describe_RendersAStatement()
    {
        var clause = Clause("deployment", "require: { calls: { some: { mode: stateless, cloud: { notEquals: Azure } } } }");

        Assert.That(ConditionText.Describe(clause.Condition).ToString(),
            Is.EqualTo("there is at least one stateless call in `calls` whose `cloud` is not Azure"));
    }

    [Test]
    public void Describe_MarksPathsPatternsAndExpressionsAsCode()
    {
        var clause = Clause("call", "require: { endpoint: { matches: 'a`b' }, expression: \"subject.Cloud == null\" }");

        var spans = ConditionText.Describe(clause.Condition).Spans;

        Assert.That(spans, Is.EqualTo(new[]
        {
            new ProseSpan("endpoint", ProseStyle.Code),
            new ProseSpan(" matches the pattern ", ProseStyle.Plain),
            new ProseSpan("a`b", ProseStyle.Code),
            new ProseSpan(" and the expression ", ProseStyle.Plain),
            new ProseSpan("subject.Cloud == null", ProseStyle.Code),
            new ProseSpan(" is true", ProseStyle.Plain),
        }));
    }

    [TestCase(null, null, ExpectedResult = "Always in effect.")]
    [TestCase("2019-07-22", null, ExpectedResult = "In effect from 2019-07-22.")]
    [TestCase(null, "2030-01-01", ExpectedResult = "In effect until 2030-01-01 (exclusive).")]
    [TestCase("2019-07-22", "2030-01-01", ExpectedResult = "In effect from 2019-07-22 until 2030-01-01 (exclusive).")]
    public string Effective_ReadsAsASentence(string? from, string? until) =>
        ConditionText.Effective(new EffectiveWindow(from is null ? null : DateOnly.Parse(from), until is null ? null : DateOnly.Parse(until))).ToString();

    [Test]
    public void Subjects_WithoutCondition_IsEverySubjectOfTheKind() =>
        Assert.That(ConditionText.Subjects("deployment", null).ToString(), Is.EqualTo("every deployment"));

    /// <summary>A custom kind: two fields share an enum, a list of values and a list of calls.</summary>
    public sealed record Batch
    {
        public string? Id { get; init; }

        public RuntimeMode? Mode { get; init; }

        public RuntimeMode? FallbackMode { get; init; }

        public IReadOnlyList<string> Items { get; init; } = [];

        public IReadOnlyList<CallSubject> Steps { get; init; } = [];
    }
}
