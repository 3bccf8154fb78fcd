using Compliance.Evaluation;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diffing;
using Compliance.Rules.Subjects;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Diffing;

public sealed class RuleSetDiffTests
{
    private static readonly AnalysisOptions Analysis = new() { Today = new DateOnly(2026, 3, 1) };

    private const string Contract = "apiVersion: compliance/v1\ncontract:\n  id: c\n  title: C\n  parties: [A, B]\nclauses:\n";

    private static RuleSet Load(string clauses, string? waivers = null)
    {
        var sources = new List<RuleSource> { new("c.yaml", Contract + clauses) };
        if (waivers is not null)
        {
            sources.Add(new RuleSource("waivers.yaml", "apiVersion: compliance/v1\nwaivers:\n" + waivers));
        }

        var result = new RuleSetLoader().LoadStrings(sources);
        return result.RuleSet ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    private const string Stateless = """
          - id: stateless
            title: Stateless calls on Azure
            text: Stateless calls run on Azure.
            appliesTo: call
            when: { vendor: OpenAI, mode: stateless }
            require: { cloud: Azure }

        """;

    [Test]
    public void IdenticalRuleSets_ReportNothing()
    {
        var changes = RuleSetDiff.Compare(Load(Stateless), Load(Stateless));
        Assert.That(changes.IsEmpty, Is.True);
        Assert.That(RuleSetDiff.FindWitnesses(Load(Stateless), Load(Stateless), changes, Analysis), Is.Empty);
    }

    [Test]
    public void AClauseMovedInItsFile_WithTheSameMeaning_IsUnchanged()
    {
        var moved = "\n\n" + Stateless.Replace("{ vendor: OpenAI, mode: stateless }", "{ mode: stateless, vendor: OpenAI }", StringComparison.Ordinal);
        var changes = RuleSetDiff.Compare(Load(Stateless), Load(moved));
        // A map's entries keep their order as written: reordering them is a change of `when` that the witness shows is none.
        Assert.That(changes.Clauses.Changed.Select(c => (c.Id, string.Join(",", c.Keys))), Is.EqualTo(new[] { ("c/stateless", "when") }));
        var witness = RuleSetDiff.FindWitnesses(Load(Stateless), Load(moved), changes, Analysis).Single();
        Assert.That(witness.Result, Is.EqualTo(WitnessResult.None));

        Assert.That(RuleSetDiff.Compare(Load(Stateless), Load("\n\n" + Stateless)).IsEmpty, Is.True, "moving a clause down its file is no change");
    }

    [Test]
    public void ChangedClause_NamesEveryChangedKey_InTheOrderAClauseIsWritten()
    {
        var changed = """
              - id: stateless
                section: "2.1"
                title: Stateless calls on Azure or AWS
                text: Stateless calls run on Azure.
                appliesTo: call
                effective: { from: 2026-01-01 }
                when: { vendor: OpenAI, mode: stateless }
                forbid: { cloud: GCP }
                effect: review
                message: "{cloud}"
                remediation: Move it.
                exceptions:
                  - id: research
                    when: { tags.purpose: research }

            """;
        var changes = RuleSetDiff.Compare(Load(Stateless), Load(changed));
        Assert.That(changes.Clauses.Changed.Single().Keys, Is.EqualTo(new[]
        {
            "section", "title", "effective", "require", "forbid", "effect", "message", "remediation", "exceptions",
        }));
    }

    private const string CarveOut = """
          - id: stateless
            title: Stateless calls on Azure
            text: Stateless calls run on Azure.
            appliesTo: call
            when: { vendor: OpenAI, mode: stateless }
            require: { cloud: Azure }
            exceptions:
              - id: batch
                when: { tags.purpose: batch }
                effective: { from: 2026-01-01, through: 2026-06-30 }

        """;

    [Test]
    public void ACarveOutsDates_AreAChangeOfItsExceptions_AndTheWitnessFallsInTheDaysAdded()
    {
        var extended = CarveOut.Replace("through: 2026-06-30", "through: 2026-12-31", StringComparison.Ordinal);
        var changes = RuleSetDiff.Compare(Load(CarveOut), Load(extended));
        Assert.That(changes.Clauses.Changed.Single().Keys, Is.EqualTo(new[] { "exceptions" }));

        var witness = RuleSetDiff.FindWitnesses(Load(CarveOut), Load(extended), changes, Analysis).Single();
        Assert.That((witness.Result, witness.Base, witness.New), Is.EqualTo((WitnessResult.Found, (ClauseStatus?)ClauseStatus.Violated, (ClauseStatus?)ClauseStatus.Exempt)));
        Assert.That(witness.AsOf, Is.InRange(new DateOnly(2026, 7, 1), new DateOnly(2026, 12, 31)), "a day the carve-out holds only in the new reading");
    }

    [Test]
    public void AnAmendedDefinition_IsChanged_AndSoIsEveryClauseThatUsesIt()
    {
        static RuleSet Partners(string values) => new RuleSetLoader().LoadString($$"""
            apiVersion: compliance/v1
            contract:
              id: c
              title: C
              parties: [A, B]
            definitions:
              - id: permitted-partners
                title: Permitted Partners
                values: [{{values}}]
            clauses:
              - id: partners
                title: Only permitted partners
                text: OpenAI's partners are Permitted Partners.
                appliesTo: deployment
                when: { vendor: OpenAI }
                require: { partners: { every: $permitted-partners } }
            """, "c.yaml");

        Assert.That(RuleSetDiff.Compare(Partners("Microsoft, SoftBank"), Partners("Microsoft, SoftBank")).IsEmpty, Is.True);

        var changes = RuleSetDiff.Compare(Partners("Microsoft"), Partners("Microsoft, SoftBank"));
        Assert.That(changes.Definitions.Changed.Select(c => (c.Id, string.Join(",", c.Keys))), Is.EqualTo(new[] { ("c/permitted-partners", "values") }));
        Assert.That(changes.Clauses.Changed.Select(c => (c.Id, string.Join(",", c.Keys))), Is.EqualTo(new[] { ("c/partners", "require") }));
        var witness = RuleSetDiff.FindWitnesses(Partners("Microsoft"), Partners("Microsoft, SoftBank"), changes, Analysis).Single();
        Assert.That((witness.Base, witness.New), Is.EqualTo(((ClauseStatus?)ClauseStatus.Violated, (ClauseStatus?)ClauseStatus.Satisfied)));
        Assert.That(witness.Subject, Does.Contain("SoftBank"));
    }

    [Test]
    public void AWindowWrittenWithThroughOrUntil_ForTheSameDays_IsUnchanged()
    {
        var until = CarveOut.Replace("through: 2026-06-30", "until: 2026-07-01", StringComparison.Ordinal);
        Assert.That(RuleSetDiff.Compare(Load(CarveOut), Load(until)).IsEmpty, Is.True);
    }

    [Test]
    public void AWaiverForAClause_IsAChangeOfItsWaivers_AndItsWitnessIsWaived()
    {
        var waiver = "  - id: w\n    clause: c/stateless\n    reason: R.\n    expires: 2027-01-01\n    when: { customer: acme }\n";
        var changes = RuleSetDiff.Compare(Load(Stateless), Load(Stateless, waiver));
        Assert.That(changes.Clauses.Changed.Single().Keys, Is.EqualTo(new[] { "waivers" }));
        var witness = RuleSetDiff.FindWitnesses(Load(Stateless), Load(Stateless, waiver), changes, Analysis).Single();
        Assert.That((witness.Result, witness.Base, witness.New), Is.EqualTo((WitnessResult.Found, (ClauseStatus?)ClauseStatus.Violated, (ClauseStatus?)ClauseStatus.Waived)));
        Assert.That(witness.Subject, Does.Contain("customer: acme"));
    }

    [Test]
    public void ARenamedClause_IsReportedAsRemovedAndAdded_AndTheAddedOneHasAWitness()
    {
        var renamed = Stateless.Replace("id: stateless", "id: stateless-calls", StringComparison.Ordinal);
        var changes = RuleSetDiff.Compare(Load(Stateless), Load(renamed));
        Assert.That(changes.Clauses.Removed, Is.EqualTo(new[] { "c/stateless" }));
        Assert.That(changes.Clauses.Added, Is.EqualTo(new[] { "c/stateless-calls" }));
        Assert.That(changes.Clauses.Changed, Is.Empty);
        var witness = RuleSetDiff.FindWitnesses(Load(Stateless), Load(renamed), changes, Analysis).Single();
        Assert.That(witness.Clause, Is.EqualTo("c/stateless-calls"));
        // A violation is preferred: the new id is violated where, under the base, no clause of that id applied.
        Assert.That((witness.Result, witness.Base, witness.New), Is.EqualTo((WitnessResult.Found, (ClauseStatus?)ClauseStatus.NotApplicable, (ClauseStatus?)ClauseStatus.Violated)));
    }

    [Test]
    public void AClauseWithAnExpression_IsListedAsNotAnalysed()
    {
        var expression = Stateless.Replace("require: { cloud: Azure }", "require: { expression: \"subject.Cloud == \\\"Azure\\\"\" }", StringComparison.Ordinal);
        var witness = RuleSetDiff.FindWitnesses(Load(Stateless), Load(expression), options: Analysis).Single();
        Assert.That((witness.Result, witness.Reason), Is.EqualTo((WitnessResult.NotAnalysed, "it uses `expression`")));
    }

    [Test]
    public void WithAsOf_WitnessesAreLookedForOnThatDateOnly()
    {
        var later = Stateless.Replace("appliesTo: call", "appliesTo: call\n    effective: { from: 2027-01-01 }", StringComparison.Ordinal);
        var anyDate = RuleSetDiff.FindWitnesses(Load(Stateless), Load(later), options: Analysis).Single();
        Assert.That((anyDate.Result, anyDate.AsOf), Is.EqualTo((WitnessResult.Found, (DateOnly?)new DateOnly(2026, 3, 1))));
        var onDate = RuleSetDiff.FindWitnesses(Load(Stateless), Load(later), options: Analysis, asOf: new DateOnly(2027, 6, 1)).Single();
        Assert.That(onDate.Result, Is.EqualTo(WitnessResult.None));
    }

    [Test]
    public void TheTwoReadingsOfTheDisputedClause_DifferOnlyInThatClause_AndItsWitnessIsARuntimeOnAws()
    {
        var bundled = new RuleSetLoader().Load(Path.Combine(Repository.Root, "rules", "msft-openai.yaml"));
        var microsoft = new RuleSetLoader().Load(Path.Combine(Repository.Root, "samples", "readings", "microsoft"));
        var openAiAmazon = new RuleSetLoader().Load(Path.Combine(Repository.Root, "samples", "readings", "openai-amazon"));
        const string Disputed = "msft-openai/stateful-runtime-stateless-calls";
        Assert.That(Changed(bundled, microsoft), Is.EqualTo(new[] { $"{Disputed}: text,effect,remediation" }));
        Assert.That(Changed(bundled, openAiAmazon), Is.EqualTo(new[] { $"{Disputed}: title,text,when,effect,remediation" }));

        var witness = RuleSetDiff.FindWitnesses(microsoft, openAiAmazon, options: Analysis).Single();
        Assert.That((witness.Clause, witness.Result, witness.Base, witness.New),
            Is.EqualTo((Disputed, WitnessResult.Found, (ClauseStatus?)ClauseStatus.Violated, (ClauseStatus?)ClauseStatus.NotApplicable)));
        var input = new SubjectReader().ReadDocument(witness.Subject!, "witness").Single();
        Assert.That(input.Subject, Is.TypeOf<DeploymentSubject>().With.Property("HostCloud").EqualTo("AWS"));

        static string[] Changed(RuleSet a, RuleSet b)
        {
            var changes = RuleSetDiff.Compare(a, b);
            Assert.That(changes.Clauses.Added.Concat(changes.Clauses.Removed), Is.Empty);
            return changes.Clauses.Changed.Select(c => $"{c.Id}: {string.Join(",", c.Keys)}").ToArray();
        }
    }

    [Test]
    public void Replay_KeepsTheFirstExamplesOfEachGroup_InInputOrder()
    {
        var azure = Stateless.Replace("require: { cloud: Azure }", "require: { cloud: [Azure, AWS] }", StringComparison.Ordinal);
        var inputs = Enumerable.Range(0, 1000)
            .Select(i => SubjectInput.From(new CallSubject { Id = $"call-{i}", Vendor = "OpenAI", Model = "m", Mode = RuntimeMode.Stateless, Cloud = i % 2 == 0 ? "AWS" : "GCP" }))
            .ToArray();
        var batches = inputs.Chunk(10).Select(c => new SubjectBatch(c));
        var report = RuleSetDiff.Replay(Load(Stateless), Load(azure), batches, examples: 3,
            new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1), MaxDegreeOfParallelism = 4 });
        Assert.That((report.Judged, report.Changed), Is.EqualTo((1000, 500)));
        var transition = report.Transitions.Single();
        Assert.That((transition.From, transition.To, transition.Count), Is.EqualTo((Outcome.Violation, Outcome.Compliant, 500)));
        Assert.That(transition.Examples.Select(e => e.Subject), Is.EqualTo(new[] { "call-0", "call-2", "call-4" }));
        Assert.That(transition.Examples[0].Clauses, Is.EqualTo(new[] { new ClauseStatusChange("c/stateless", ClauseStatus.Violated, ClauseStatus.Satisfied) }));
        Assert.That(report.ByClause.Single(), Is.EqualTo(new ClauseTransition("c/stateless", ClauseStatus.Violated, ClauseStatus.Satisfied, 500, report.ByClause.Single().Examples)));
    }

    [Test]
    public void WitnessSearch_StaysWithinItsBudgets()
    {
        var changed = Stateless.Replace("require: { cloud: Azure }", "require: { cloud: [Azure, AWS] }", StringComparison.Ordinal);
        var added = changed + Stateless.Replace("id: stateless", "id: second", StringComparison.Ordinal);

        var tiny = RuleSetDiff.FindWitnesses(Load(Stateless), Load(changed), options: Analysis with { MaxSearchSteps = 1 }).Single();
        Assert.That((tiny.Result, tiny.Reason), Is.EqualTo((WitnessResult.NotAnalysed, "the search is too large")));

        var spent = RuleSetDiff.FindWitnesses(Load(Stateless), Load(added), options: Analysis with { MaxSearchSteps = 2_000, StepsPerConditionNode = 1 });
        Assert.That(spent.Select(w => w.Clause), Is.EqualTo(new[] { "c/stateless", "c/second" }));
        Assert.That(spent[^1].Result, Is.EqualTo(WitnessResult.NotAnalysed));
        Assert.That(spent[^1].Reason, Is.EqualTo("the analysis's budget was spent before this clause (raise `MaxSearchSteps` or `StepsPerConditionNode`)"));

        Assert.Throws<ArgumentOutOfRangeException>(() => RuleSetDiff.FindWitnesses(Load(Stateless), Load(changed), options: Analysis with { MaxSearchSteps = 0 }));
    }
}
