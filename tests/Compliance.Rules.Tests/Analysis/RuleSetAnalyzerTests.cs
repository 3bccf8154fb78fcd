using Compliance.Rules.Analysis;
using Compliance.Rules.Diagnostics;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Analysis;

public sealed class RuleSetAnalyzerTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);
    private static readonly AnalysisOptions Options = new() { Today = Today };

    private const string Header = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:

        """;

    private static string Clause(string id, string when, string body, string? effective = null, string? extra = null) =>
        $"""
          - id: {id}
            title: Clause {id}
            text: Clause {id}.
            appliesTo: call
        {(effective is null ? string.Empty : $"    effective: {effective}\n")}    when: {when}
            {body}
        {extra ?? string.Empty}
        """;

    private static RuleSet Load(string contract, string? waivers = null)
    {
        var sources = new List<RuleSource> { new("acme.yaml", Header + contract) };
        if (waivers is not null)
        {
            sources.Add(new RuleSource("waivers.yaml", "apiVersion: compliance/v1\nwaivers:\n" + waivers));
        }

        var result = new RuleSetLoader().LoadStrings(sources);
        return result.RuleSet ?? throw new AssertionException(string.Join("\n", result.Diagnostics));
    }

    private static string AzureOnly(string? effective = null, string? extra = null) =>
        Clause("azure-only", "{ vendor: Acme, mode: stateless }", "require: { cloud: Azure }", effective, extra);

    private static string AwsOnly(string? effective = null, string? extra = null) =>
        Clause("aws-only", "{ product: Frontier }", "require: { cloud: AWS }", effective, extra);

    [Test]
    public void Contradiction_NamesBothClauses_TheDate_AndAConfirmedCounterexample()
    {
        var rules = Load(AzureOnly() + AwsOnly());

        var finding = RuleSetAnalyzer.AnalyzeFindings(rules, Options).Single();

        Assert.That(finding.Diagnostic.ToString(), Is.EqualTo(
            "acme.yaml:13:9: warning CMP0100: clauses `acme/azure-only` (acme.yaml:7) and `acme/aws-only` contradict on 2026-03-01: "
            + "no choice of `cloud` satisfies both for a subject both apply to "
            + "(counterexample: { kind: call, vendor: Acme, model: example, mode: stateless, cloud: other, product: Frontier, timestamp: 2026-03-01 } violates both)"));
        Assert.That(finding.Clauses, Is.EqualTo(new[] { "acme/azure-only", "acme/aws-only" }));
        Assert.That(finding.RelatedLocations.Select(l => l.FileAndLine), Is.EqualTo(new[] { "acme.yaml:7" }));
        Assert.That(finding.Date, Is.EqualTo(Today));
        var example = finding.Counterexample!;
        Assert.That(example.AsOf, Is.EqualTo(Today));
        Assert.That(example.Outcome, Is.EqualTo(Outcome.Violation));
        Assert.That(example.Statuses, Is.EqualTo(new Dictionary<string, ClauseStatus>
        {
            ["acme/azure-only"] = ClauseStatus.Violated,
            ["acme/aws-only"] = ClauseStatus.Violated,
        }));
        Assert.That(example.Test, Is.EqualTo("""
              - name: acme/azure-only and acme/aws-only contradict
                asOf: 2026-03-01
                subject: { kind: call, vendor: Acme, model: example, mode: stateless, cloud: other, product: Frontier, timestamp: 2026-03-01 }
                expect:
                  outcome: violation
                  clauses: { acme/azure-only: violated, acme/aws-only: violated }

            """));
    }

    [Test]
    public void AnalyzeDiagnostics_AreTheFindingsDiagnostics()
    {
        var rules = Load(AzureOnly() + AwsOnly());

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options), Is.EqualTo(RuleSetAnalyzer.AnalyzeFindings(rules, Options).Select(f => f.Diagnostic)));
    }

    [Test]
    public void Contradiction_WhenTheClausesOnlyMeetLater_IsDatedOnTheFirstDayTheyMeet()
    {
        var rules = Load(AzureOnly() + AwsOnly(effective: "{ from: 2027-01-01 }"));

        Assert.That(RuleSetAnalyzer.AnalyzeFindings(rules, Options).Single().Date, Is.EqualTo(new DateOnly(2027, 1, 1)));
    }

    [Test]
    public void Contradiction_WhenTheClausesOnlyMetBefore_IsDatedOnTheLastDayTheyMet()
    {
        var rules = Load(AzureOnly() + AwsOnly(effective: "{ from: 2024-01-01, until: 2025-01-01 }"));

        Assert.That(RuleSetAnalyzer.AnalyzeFindings(rules, Options).Single().Date, Is.EqualTo(new DateOnly(2024, 12, 31)));
    }

    [Test]
    public void ClausesThatNeverMeetInTime_DoNotContradict()
    {
        var rules = Load(AzureOnly(effective: "{ until: 2025-01-01 }") + AwsOnly(effective: "{ from: 2025-01-01 }"));

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options), Is.Empty);
    }

    [Test]
    public void AClauseThatSupersedesTheOther_DoesNotContradictIt()
    {
        var rules = Load(AzureOnly() + AwsOnly(effective: "{ from: 2026-01-01 }", extra: "    supersedes: [azure-only]\n"));

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options), Is.Empty);
    }

    [Test]
    public void AWaiverCoveringEverySubject_PostponesTheContradictionUntilItExpires()
    {
        var waiver = """
              - id: W-1
                clause: acme/aws-only
                reason: Migration.
                expires: 2026-06-01

            """;
        var rules = Load(AzureOnly() + AwsOnly(), waiver);

        var finding = RuleSetAnalyzer.AnalyzeFindings(rules, Options).Single(f => f.Diagnostic.Code == DiagnosticCodes.Contradiction);

        Assert.That(finding.Date, Is.EqualTo(new DateOnly(2026, 6, 1)));
    }

    [Test]
    public void AnExceptionThatSettlesTheClash_LeavesNoContradiction()
    {
        var exception = """
                exceptions:
                  - id: frontier
                    reason: Frontier's calls follow the AWS agreement.
                    when: { product: Frontier }

            """;
        var rules = Load(AzureOnly(extra: exception) + AwsOnly());

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options), Is.Empty);
    }

    [Test]
    public void DemandsThatCanBeMetTogether_DoNotContradict()
    {
        var rules = Load(AzureOnly() + Clause("eu-only", "{ product: Frontier }", "require: { region: eu }"));

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options), Is.Empty);
    }

    [Test]
    public void WhensThatNeverMeet_DoNotContradict()
    {
        var rules = Load(AzureOnly() + Clause("contoso-aws", "{ vendor: Contoso }", "require: { cloud: AWS }"));

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options), Is.Empty);
    }

    [Test]
    public void AClauseThatCannotBeSatisfiedAlone_IsNotReportedAsAContradiction()
    {
        var rules = Load(AzureOnly() + Clause("confused", "{ cloud: AWS }", "require: { cloud: GCP }"));

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options).Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.NeverSatisfiable }));
    }

    [Test]
    public void ContradictionsAcrossSubjectKinds_AreNotReported()
    {
        var deployment = """
              - id: hosted-on-aws
                title: Hosted on AWS
                text: Deployments are hosted on AWS.
                appliesTo: deployment
                require: { hostCloud: AWS }

            """;
        var rules = Load(AzureOnly() + deployment);

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options), Is.Empty);
    }

    [Test]
    public void ContradictionOverAListOfCalls_GivesACounterexampleWithTheCalls()
    {
        var deployment = """
              - id: calls-on-azure
                title: Calls on Azure
                text: A stateful runtime makes calls, and they run on Azure.
                appliesTo: deployment
                when: { runtime: stateful }
                require: { calls: { exists: true, every: { cloud: Azure } } }
              - id: calls-on-aws
                title: Calls on AWS
                text: Frontier's calls run on AWS.
                appliesTo: deployment
                when: { product: Frontier }
                require: { calls: { every: { cloud: AWS } } }

            """;
        var rules = Load(deployment);

        var finding = RuleSetAnalyzer.AnalyzeFindings(rules, Options).Single();

        Assert.That(finding.Diagnostic.Code, Is.EqualTo(DiagnosticCodes.Contradiction));
        Assert.That(finding.Counterexample!.Subject, Is.EqualTo(
            "{ kind: deployment, product: Frontier, vendor: example, runtime: stateful, hostCloud: example, timestamp: 2026-03-01, "
            + "calls: [{ vendor: example, model: example, mode: stateless, cloud: Azure }, { vendor: example, model: example, mode: stateless, cloud: AWS }] }"));
    }

    [Test]
    public void AWhenThatReadsTheDemandedList_StaysPartOfTheScenario()
    {
        var deployment = """
              - id: microsoft-only
                title: Microsoft only
                text: A deployment with partners partners only with Microsoft.
                appliesTo: deployment
                when: { partners: { exists: true } }
                require: { partners: { every: [Microsoft] } }
              - id: amazon-only
                title: Amazon only
                text: A deployment with partners partners only with Amazon.
                appliesTo: deployment
                when: { partners: { exists: true } }
                require: { partners: { every: [Amazon] } }

            """;
        var rules = Load(deployment);

        var finding = RuleSetAnalyzer.AnalyzeFindings(rules, Options).Single();

        Assert.That(finding.Diagnostic.Code, Is.EqualTo(DiagnosticCodes.Contradiction));
        Assert.That(finding.Counterexample!.Subject, Does.Contain("partners: [other]"));
    }

    [Test]
    public void MatchesOnAChoice_IsAnalysedOverTheChoicesMembers()
    {
        var rules = Load(
            Clause("stateless-azure", "{ mode: { matches: 'less$' } }", "require: { cloud: Azure }")
            + Clause("stateless-aws", "{ mode: stateless }", "require: { cloud: AWS }"));

        var finding = RuleSetAnalyzer.AnalyzeFindings(rules, Options).Single();

        Assert.That(finding.Diagnostic.Code, Is.EqualTo(DiagnosticCodes.Contradiction));
        Assert.That(finding.Counterexample!.Subject, Does.Contain("mode: stateless"));
    }

    [Test]
    public void ContainsOnText_FindsATextHoldingEveryNeededPart()
    {
        var rules = Load(
            Clause("azure-endpoints", "{ endpoint: { contains: azure } }", "require: { cloud: Azure }")
            + Clause("aws-endpoints", "{ endpoint: { contains: aws } }", "require: { cloud: AWS }"));

        var finding = RuleSetAnalyzer.AnalyzeFindings(rules, Options).Single();

        Assert.That(finding.Diagnostic.Code, Is.EqualTo(DiagnosticCodes.Contradiction));
        Assert.That(finding.Counterexample!.Subject, Does.Contain("endpoint: azure-aws-other"));
    }

    [Test]
    public void TimestampRanges_AreComparedByInstantAndByUtcDate()
    {
        var rules = Load(
            Clause("before-2026", "{ timestamp: { lt: 2026-01-01 } }", "require: { cloud: Azure }")
            + Clause("after-noon", "{ timestamp: { gte: '2025-12-31T12:00:00Z' } }", "require: { cloud: AWS }")
            + Clause("from-2026", "{ timestamp: { gte: 2026-01-01 } }", "require: { cloud: GCP }"));

        var findings = RuleSetAnalyzer.AnalyzeFindings(rules, Options);

        Assert.That(findings.Select(f => string.Join(" ", f.Clauses)), Is.EqualTo(new[]
        {
            "acme/before-2026 acme/after-noon",
            "acme/after-noon acme/from-2026",
        }));
        Assert.That(findings[0].Counterexample!.Subject, Does.Contain("timestamp: 2025-12-31T"));
    }

    [Test]
    public void AWaiverOutsideTheFragment_IsReported_AndItsClauseIsLeftOutOfContradictions()
    {
        var waiver = """
              - id: W-1
                clause: acme/aws-only
                when: { expression: "subject.Tokens > 10" }
                reason: Study.
                expires: 2027-06-01

            """;
        var rules = Load(AzureOnly() + AwsOnly(), waiver);

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options).Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "waivers.yaml:5:13: warning CMP0101: the `when` of waiver `W-1` is not analysed: it uses `expression` "
                + "(the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests)",
        }));
    }

    [Test]
    public void WaiverExpiringOnTheLastDayOfTheWindow_IsReported_AndOneDayLaterIsNot()
    {
        var waivers = """
              - id: W-30
                clause: acme/azure-only
                when: { id: a }
                reason: Study.
                expires: 2026-03-31
              - id: W-31
                clause: acme/azure-only
                when: { id: b }
                reason: Study.
                expires: 2026-04-01

            """;
        var rules = Load(AzureOnly(), waivers);

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options).Select(d => d.Message), Is.EqualTo(new[]
        {
            "waiver `W-30` expires on 2026-03-31, in 30 days",
        }));
    }

    [Test]
    public void ExpiringWithin_SetsTheWindow_AndAWaiverThatExpiresTodayHasExpired()
    {
        var waivers = """
              - id: W-today
                clause: acme/azure-only
                when: { id: a }
                reason: Study.
                expires: 2026-03-01
              - id: W-tomorrow
                clause: acme/azure-only
                when: { id: b }
                reason: Study.
                expires: 2026-03-02

            """;
        var rules = Load(AzureOnly(), waivers);

        Assert.That(RuleSetAnalyzer.Analyze(rules, Options with { ExpiringWithinDays = 0 }).Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "waivers.yaml:3:9: warning CMP0040: waiver `W-today` expired on 2026-03-01 (remove it, or renew it with a new `expires` date)",
        }));
        Assert.That(RuleSetAnalyzer.Analyze(rules, Options with { ExpiringWithinDays = 1 }).Select(d => d.Message), Is.EqualTo(new[]
        {
            "waiver `W-today` expired on 2026-03-01",
            "waiver `W-tomorrow` expires on 2026-03-02, in 1 day",
        }));
    }

    [Test]
    public void WithoutToday_TheTimeProviderGivesTheDate()
    {
        var waivers = """
              - id: W-1
                clause: acme/azure-only
                when: { id: a }
                reason: Study.
                expires: 2026-03-10

            """;
        var rules = Load(AzureOnly(), waivers);
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 5, 23, 0, 0, TimeSpan.FromHours(-3)));

        var messages = RuleSetAnalyzer.Analyze(rules, new AnalysisOptions { TimeProvider = clock }).Select(d => d.Message);

        Assert.That(messages, Is.EqualTo(new[] { "waiver `W-1` expires on 2026-03-10, in 4 days" }));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    [Test]
    public void OptionsOutOfRange_AreRefused()
    {
        var rules = Load(AzureOnly());

        Assert.That(() => RuleSetAnalyzer.Analyze(rules, Options with { ExpiringWithinDays = -1 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => RuleSetAnalyzer.Analyze(rules, Options with { MaxSearchSteps = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AQuestionOverItsSearchBudget_IsReportedAsNotAnalysed()
    {
        var rules = Load(AzureOnly() + AwsOnly());

        var diagnostics = RuleSetAnalyzer.Analyze(rules, Options with { MaxSearchSteps = 1 });

        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "acme.yaml:7:9: warning CMP0101: clause `acme/azure-only` is not analysed: the search is too large "
                + "(the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests)",
            "acme.yaml:13:9: warning CMP0101: clause `acme/aws-only` is not analysed: the search is too large "
                + "(the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests)",
            "acme.yaml:13:9: warning CMP0101: clauses `acme/azure-only` and `acme/aws-only` are not analysed for a contradiction: the search is too large "
                + "(the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests)",
        }));
    }

    [Test]
    public void AnalyzeLoadResult_OfARuleSetThatDoesNotLoad_ReturnsTheLoadDiagnostics()
    {
        var load = new RuleSetLoader().LoadStrings([new RuleSource("acme.yaml", Header + Clause("broken", "{ clod: Azure }", "require: { cloud: Azure }"))]);

        Assert.That(RuleSetAnalyzer.Analyze(load, Options), Is.EqualTo(load.Diagnostics));
        Assert.That(load.Diagnostics, Is.Not.Empty);
    }

    [Test]
    public void AnalyzeLoadResult_JudgesExpiryOnTheAnalysisDate_InsteadOfTheLoadersClock()
    {
        var waivers = """
              - id: W-1
                clause: acme/azure-only
                when: { id: a }
                reason: Study.
                expires: 2026-01-31

            """;
        var loader = new RuleSetLoader(new RuleSetLoaderOptions { TimeProvider = new FixedClock(new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero)) });
        var load = loader.LoadStrings([new RuleSource("acme.yaml", Header + AzureOnly()), new RuleSource("waivers.yaml", "apiVersion: compliance/v1\nwaivers:\n" + waivers)]);

        Assert.That(load.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.ExpiredWaiver }));
        Assert.That(RuleSetAnalyzer.Analyze(load, Options with { Today = new DateOnly(2026, 1, 20) }).Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "waivers.yaml:3:9: warning CMP0120: waiver `W-1` expires on 2026-01-31, in 11 days (renew it in time, or prepare for clause `acme/azure-only` to apply again)",
        }));
    }

    [Test]
    public void APathIntoANestedObject_IsReportedAsNotAnalysed()
    {
        var kinds = SubjectKindRegistry.Default.With<Shipment>("shipment");
        var contract = """
              - id: insured
                title: Insured
                text: Shipments are insured.
                appliesTo: shipment
                require: { carrier.name: Contoso }

            """;
        var load = new RuleSetLoader(new RuleSetLoaderOptions { Kinds = kinds }).LoadStrings([new RuleSource("acme.yaml", Header + contract)]);

        Assert.That(RuleSetAnalyzer.Analyze(load.RuleSet!, Options).Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "acme.yaml:11:16: warning CMP0101: the `require` of clause `acme/insured` is not analysed: it reads `carrier.name` inside a nested object "
                + "(the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests)",
        }));
    }

    [Test]
    public void AValidatorThatThrowsOnAProbeSubject_IsReportedAsNotAnalysed_InsteadOfStoppingTheRun()
    {
        var kinds = SubjectKindRegistry.Default.With("parcel", new ThrowingValidator());
        var contract = """
              - id: insured
                title: Insured
                text: Parcels are insured.
                appliesTo: parcel
                when: { id: p-1 }
                require: { id: { exists: true } }

            """;
        var load = new RuleSetLoader(new RuleSetLoaderOptions { Kinds = kinds }).LoadStrings([new RuleSource("acme.yaml", Header + contract)]);

        Assert.That(RuleSetAnalyzer.Analyze(load.RuleSet!, Options).Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "acme.yaml:11:13: warning CMP0101: clause `acme/insured` is not analysed: the validator of `parcel` failed on a probe subject: boom "
                + "(the analysis decides `equals`, `in`, `exists`, ranges, `contains` and `some`/`every`/`none` exactly; cover the rest with tests)",
        }));
    }

    public sealed record Parcel
    {
        public string? Id { get; init; }
    }

    private sealed class ThrowingValidator : FluentValidation.AbstractValidator<Parcel>
    {
        public ThrowingValidator() => FluentValidation.DefaultValidatorExtensions.Must(RuleFor(p => p.Id), _ => throw new InvalidOperationException("boom"));
    }

    public sealed record Shipment
    {
        public string? Id { get; init; }

        public Carrier? Carrier { get; init; }
    }

    public sealed record Carrier
    {
        public string? Name { get; init; }
    }
}
