using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Model;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>Each clause status of SPEC §3, decided in order: notApplicable, superseded, satisfied, exempt, waived,
/// violated, and error.</summary>
public class ClauseStatusTests
{
    private const string StatelessOnAzure = """
          - id: stateless-on-azure
            section: "2.1"
            title: Stateless calls run on Azure
            text: >
              Stateless calls are served
              from Azure.
            appliesTo: call
            effective: { from: 2020-01-01, until: 2030-01-01 }
            when: { vendor: OpenAI, mode: stateless }
            require: { cloud: Azure }
            message: "Stateless call {id} to {model} runs on {cloud} in {region}"
            remediation: Route the call through Azure.
            exceptions:
              - id: research
                reason: Research may compare clouds.
                when: { tags.purpose: research }
          - id: no-api-sales
            title: Not sold as an API
            text: The platform is not sold as an API.
            appliesTo: deployment
            forbid: { soldAsApi: true }
        """;

    private const string Waivers = """
        apiVersion: compliance/v1
        waivers:
          - id: W-2026-014
            clause: acme/stateless-on-azure
            when: { id: eval-batch-7 }
            reason: A latency study.
            expires: 2027-01-31
          - id: W-research-too
            clause: acme/stateless-on-azure
            when: { tags.purpose: research }
            reason: Would also cover research, but the exception comes first.
            expires: 2099-01-01
        """;

    private static readonly Lazy<RuleSet> Rules = new(() => RuleText.Load(RuleText.Contract(StatelessOnAzure), Waivers));

    private static EvaluationOptions On(int year, int month, int day, bool trace = false) =>
        new() { AsOf = new DateOnly(year, month, day), Trace = trace };

    private static CallSubject Call(string cloud, string id = "c-1", RuntimeMode mode = RuntimeMode.Stateless, string? purpose = null) => new()
    {
        Id = id,
        Vendor = "OpenAI",
        Model = "gpt-5",
        Mode = mode,
        Cloud = cloud,
        Tags = purpose is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["purpose"] = purpose },
    };

    private static ClauseResult Only(Verdict verdict, string id = "acme/stateless-on-azure") => verdict.Clauses.Single(c => c.Id == id);

    [Test]
    public void Evaluate_BeforeTheWindow_IsNotApplicableAndListedOnlyWithTrace()
    {
        var plain = Rules.Value.Evaluate(Call("AWS"), On(2019, 12, 31));
        var traced = Rules.Value.Evaluate(Call("AWS"), On(2019, 12, 31, trace: true));

        Assert.Multiple(() =>
        {
            Assert.That(plain.Outcome, Is.EqualTo(Outcome.NotApplicable));
            Assert.That(plain.Clauses, Is.Empty);
            Assert.That(traced.Outcome, Is.EqualTo(Outcome.NotApplicable));
            Assert.That(Only(traced).Status, Is.EqualTo(ClauseStatus.NotApplicable));
            Assert.That(Only(traced).Reason, Is.EqualTo("not in effect on 2019-12-31: in effect from 2020-01-01"));
        });
    }

    [Test]
    public void Evaluate_OnTheWindowsEnd_IsNotApplicableWithReason()
    {
        var traced = Rules.Value.Evaluate(Call("AWS"), On(2030, 1, 1, trace: true));

        Assert.Multiple(() =>
        {
            Assert.That(traced.Outcome, Is.EqualTo(Outcome.NotApplicable));
            Assert.That(Only(traced).Status, Is.EqualTo(ClauseStatus.NotApplicable));
            Assert.That(Only(traced).Reason, Is.EqualTo("not in effect on 2030-01-01: in effect until 2030-01-01"));
        });
    }

    [Test]
    public void Evaluate_WhenDoesNotHold_IsNotApplicable()
    {
        var plain = Rules.Value.Evaluate(Call("AWS", mode: RuntimeMode.Stateful), On(2026, 3, 1));
        var traced = Rules.Value.Evaluate(Call("AWS", mode: RuntimeMode.Stateful), On(2026, 3, 1, trace: true));

        Assert.Multiple(() =>
        {
            Assert.That(plain.Outcome, Is.EqualTo(Outcome.NotApplicable));
            Assert.That(plain.Clauses, Is.Empty);
            Assert.That(Only(traced).Status, Is.EqualTo(ClauseStatus.NotApplicable));
            Assert.That(Only(traced).Reason, Is.EqualTo("its `when` does not hold"));
        });
    }

    [Test]
    public void Evaluate_ClauseOfAnotherKind_NeverApplies()
    {
        var traced = Rules.Value.Evaluate(Call("AWS"), On(2026, 3, 1, trace: true));

        Assert.That(traced.Clauses.Where(c => c.Id == "acme/no-api-sales").Select(c => c.Status), Has.All.EqualTo(ClauseStatus.NotApplicable));
    }

    [Test]
    public void Evaluate_StatelessCallOnAzure_IsSatisfied()
    {
        var verdict = Rules.Value.Evaluate(Call("Azure"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Compliant));
            Assert.That(Only(verdict).Status, Is.EqualTo(ClauseStatus.Satisfied));
            Assert.That(Only(verdict).Message, Is.Null);
            Assert.That(Only(verdict).Exception, Is.Null);
            Assert.That(Only(verdict).Waiver, Is.Null);
        });
    }

    [Test]
    public void Evaluate_StatelessCallOnAws_IsViolation()
    {
        var verdict = Rules.Value.Evaluate(Call("AWS"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Violation));
            Assert.That(verdict.Subject, Is.EqualTo("c-1"));
            Assert.That(verdict.Kind, Is.EqualTo("call"));
            Assert.That(verdict.AsOf, Is.EqualTo(new DateOnly(2026, 3, 1)));
            Assert.That(verdict.Clauses, Has.Count.EqualTo(1));
            var clause = Only(verdict);
            Assert.That(clause.Status, Is.EqualTo(ClauseStatus.Violated));
            Assert.That(clause.Effect, Is.EqualTo(Effect.Violation));
            Assert.That(clause.Contract, Is.EqualTo("acme"));
            Assert.That(clause.Section, Is.EqualTo("2.1"));
            Assert.That(clause.Title, Is.EqualTo("Stateless calls run on Azure"));
            Assert.That(clause.Text, Is.EqualTo("Stateless calls are served from Azure."));
            Assert.That(clause.Message, Is.EqualTo("Stateless call c-1 to gpt-5 runs on AWS in (none)"));
            Assert.That(clause.Remediation, Is.EqualTo("Route the call through Azure."));
            Assert.That(clause.Source, Is.EqualTo("rules-0.yaml:6"));
            Assert.That(clause.Facts, Is.EqualTo(new[]
            {
                new Fact("vendor", "OpenAI"), new Fact("mode", "stateless"), new Fact("cloud", "AWS"),
                new Fact("tags.purpose", null), new Fact("id", "c-1"), // read by the exception and the waivers
            }));
        });
    }

    [Test]
    public void Evaluate_ForbidThatDoesNotHold_IsSatisfied_AndThatHolds_IsViolated()
    {
        var options = On(2026, 3, 1);
        var platform = new DeploymentSubject { Id = "d-1", Product = "Frontier", Vendor = "OpenAI", Runtime = RuntimeMode.Stateful, HostCloud = "AWS" };

        Assert.Multiple(() =>
        {
            Assert.That(Only(Rules.Value.Evaluate(platform, options), "acme/no-api-sales").Status, Is.EqualTo(ClauseStatus.Satisfied));
            var sold = Rules.Value.Evaluate(platform with { SoldAsApi = true }, options);
            Assert.That(Only(sold, "acme/no-api-sales").Status, Is.EqualTo(ClauseStatus.Violated));
            Assert.That(Only(sold, "acme/no-api-sales").Message, Is.EqualTo("Not sold as an API"), "without a message, the title");
            Assert.That(sold.Outcome, Is.EqualTo(Outcome.Violation));
        });
    }

    [Test]
    public void Evaluate_ViolatingCallThatAnExceptionCovers_IsExempt()
    {
        var verdict = Rules.Value.Evaluate(Call("AWS", purpose: "research"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Compliant));
            Assert.That(Only(verdict).Status, Is.EqualTo(ClauseStatus.Exempt));
            Assert.That(Only(verdict).Exception, Is.EqualTo("research"));
            Assert.That(Only(verdict).Waiver, Is.Null, "an exception comes before a waiver that also matches");
        });
    }

    [Test]
    public void Evaluate_SatisfiedCallThatAnExceptionAlsoCovers_StaysSatisfied()
    {
        var verdict = Rules.Value.Evaluate(Call("Azure", purpose: "research"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(Only(verdict).Status, Is.EqualTo(ClauseStatus.Satisfied));
            Assert.That(Only(verdict).Exception, Is.Null);
            Assert.That(Only(verdict).Waiver, Is.Null);
        });
    }

    [Test]
    public void Evaluate_SatisfiedCallThatAWaiverAlsoCovers_StaysSatisfied()
    {
        var verdict = Rules.Value.Evaluate(Call("Azure", id: "eval-batch-7"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(Only(verdict).Status, Is.EqualTo(ClauseStatus.Satisfied));
            Assert.That(Only(verdict).Waiver, Is.Null);
        });
    }

    [Test]
    public void Evaluate_ViolatingCallThatAWaiverCovers_IsWaived()
    {
        var verdict = Rules.Value.Evaluate(Call("AWS", id: "eval-batch-7"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Compliant));
            Assert.That(Only(verdict).Status, Is.EqualTo(ClauseStatus.Waived));
            Assert.That(Only(verdict).Waiver, Is.EqualTo("W-2026-014"));
            Assert.That(Only(verdict).Exception, Is.Null);
        });
    }

    [TestCase("2027-01-30", ClauseStatus.Waived, TestName = "Evaluate_DayBeforeWaiverExpires_IsWaived")]
    [TestCase("2027-01-31", ClauseStatus.Violated, TestName = "Evaluate_OnTheDayTheWaiverExpires_IsViolated")]
    [TestCase("2027-02-01", ClauseStatus.Violated, TestName = "Evaluate_AfterTheWaiverExpired_IsViolated")]
    public void Evaluate_WaiverExpiry(string asOf, ClauseStatus expected)
    {
        var verdict = Rules.Value.Evaluate(Call("AWS", id: "eval-batch-7"), new EvaluationOptions { AsOf = DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.That(Only(verdict).Status, Is.EqualTo(expected));
    }

    [Test]
    public void Evaluate_WaiverWhoseWhenDoesNotHold_IsViolated()
    {
        var verdict = Rules.Value.Evaluate(Call("AWS", id: "eval-batch-8"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(Only(verdict).Status, Is.EqualTo(ClauseStatus.Violated));
            Assert.That(Only(verdict).Waiver, Is.Null);
        });
    }

    [Test]
    public void Evaluate_WaiverWithoutWhen_CoversEverySubjectTheClauseAppliesTo()
    {
        var rules = RuleText.Load(RuleText.Contract(StatelessOnAzure), """
            apiVersion: compliance/v1
            waivers:
              - id: W-all
                clause: acme/stateless-on-azure
                reason: Everything, for a while.
                expires: 2027-01-31
            """);

        Assert.Multiple(() =>
        {
            Assert.That(Only(rules.Evaluate(Call("AWS", id: "any"), On(2027, 1, 30))).Status, Is.EqualTo(ClauseStatus.Waived));
            Assert.That(Only(rules.Evaluate(Call("AWS", id: "any"), On(2027, 1, 31))).Status, Is.EqualTo(ClauseStatus.Violated));
        });
    }

    [Test]
    public void Evaluate_MatchesThatTimesOut_IsErrorAndIndeterminate()
    {
        // The backreference needs the backtracking engine; nested quantifiers make it backtrack exponentially.
        var rules = RuleText.Load(RuleText.Contract("""
              - id: endpoint-shape
                title: Endpoints have a shape
                text: Endpoints have a shape.
                appliesTo: call
                require: { endpoint: { matches: '^(\w+\s?)*\1$' } }
            """));
        var call = Call("Azure") with { Endpoint = new string('a', 40) + "!" };

        var verdict = rules.Evaluate(call, On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(Only(verdict, "acme/endpoint-shape").Status, Is.EqualTo(ClauseStatus.Error));
            Assert.That(Only(verdict, "acme/endpoint-shape").Message, Is.EqualTo(@"pattern `^(\w+\s?)*\1$` on `endpoint` timed out after 50 ms"));
        });
    }

    [Test]
    public void Evaluate_ExpressionThatThrows_IsErrorAndIndeterminate()
    {
        var rules = RuleText.Load(RuleText.Contract("""
              - id: region-named
                title: Calls name a region
                text: Calls name a region.
                appliesTo: call
                require: { expression: "subject.Region.Length > 0" }
            """));

        var verdict = rules.Evaluate(Call("Azure"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(Only(verdict, "acme/region-named").Status, Is.EqualTo(ClauseStatus.Error));
            Assert.That(Only(verdict, "acme/region-named").Message, Does.StartWith("expression `subject.Region.Length > 0` failed: "));
        });
    }

    [Test]
    public void Evaluate_ExpressionThatThrowsInWhen_IsError()
    {
        var rules = RuleText.Load(RuleText.Contract("""
              - id: region-named
                title: Calls in US regions run on Azure
                text: Calls in US regions run on Azure.
                appliesTo: call
                when: { expression: "subject.Region.StartsWith(\"us-\")" }
                require: { cloud: Azure }
            """));

        var verdict = rules.Evaluate(Call("AWS"), On(2026, 3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Indeterminate));
            Assert.That(Only(verdict, "acme/region-named").Status, Is.EqualTo(ClauseStatus.Error));
        });
    }
}
