using Compliance.Rules.Analysis;
using Compliance.Rules.Documentation;
using Compliance.Rules.Testing;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Documentation;

public sealed class ClauseCatalogTests
{
    private const string Contract = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme | hosting *agreement*
          parties: [Acme, Contoso, Fabrikam]
        clauses:
          - id: azure-only
            section: "2.1"
            title: Calls run on <Azure>
            text: |
              1. Calls to Acme models run on Azure.
              - even on weekends.

              # not a heading
            appliesTo: call
            effective: { from: 2020-01-01, until: 2030-01-01 }
            when: { vendor: Acme, mode: stateless }
            require: { cloud: Azure }
            message: "call uses `{cloud}`"
            remediation: Route the call through Azure.
            exceptions:
              - id: research
                reason: Research may compare clouds.
                when: { tags.purpose: research }
          - id: old-rule
            title: The old rule
            text: Calls used to run anywhere.
            appliesTo: call
            require: { cloud: { exists: true } }
            effect: review
          - id: new-rule
            title: The new rule
            text: Calls run somewhere named.
            appliesTo: call
            effective: { from: 2025-01-01 }
            require: { cloud: { exists: true } }
            effect: warning
            supersedes: [old-rule]
        """;

    private const string Waivers = """
        apiVersion: compliance/v1
        waivers:
          - id: W-1
            clause: acme/azure-only
            when: { id: batch-7 }
            reason: A study.
            approvedBy: Legal
            expires: 2099-01-31
        """;

    private const string Tests = """
        apiVersion: compliance/v1
        tests:
          - name: on Azure
            asOf: 2026-03-01
            subject: { kind: call, vendor: Acme, model: m, mode: stateless, cloud: Azure }
            expect: { outcome: compliant }
          - name: another vendor
            asOf: 2026-03-01
            subject: { kind: call, vendor: Other, model: m, mode: stateful, cloud: AWS }
            expect: { outcome: compliant }
        """;

    /// <summary>A clause that clashes with <c>acme/azure-only</c> from 2026-01-01: stateless Acme calls on AWS.</summary>
    private const string AwsContract = """
        apiVersion: compliance/v1
        contract:
          id: partner
          title: Partner agreement
          parties: [Acme, Partner]
        clauses:
          - id: aws-only
            section: "1.1"
            title: Stateless calls run on AWS
            text: |
              Stateless calls to Acme models run on AWS.

              Acme disputes this.
            appliesTo: call
            effective: { from: 2026-01-01 }
            when: { vendor: Acme, mode: stateless }
            require: { cloud: AWS }
        """;

    private static readonly AnalysisOptions AsOf = new() { Today = new DateOnly(2026, 3, 1) };

    private static ClauseCatalog Catalog(bool withTests = true, AnalysisOptions? analysis = null, bool withPartner = false)
    {
        RuleSource[] sources =
        [
            new("rules/acme.yaml", Contract), new("rules/waivers.yaml", Waivers), new("rules/tests/acme.tests.yaml", Tests),
            .. withPartner ? new[] { new RuleSource("rules/partner.yaml", AwsContract) } : [],
        ];
        var loaded = new RuleSetLoader().LoadStrings(sources);
        Assert.That(loaded.Succeeded, Is.True, string.Join("\n", loaded.Diagnostics));
        return ClauseCatalog.Create(loaded.RuleSet!, withTests ? RuleTestRunner.Run(loaded.RuleSet!, loaded.Tests) : null, analysis);
    }

    [Test]
    public void Create_AClauseMetOnlyInsideADatedException_SaysTheFindingHoldsOnTheDatesNamed()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Analysis", "Cases", "cmp0114-dated-exception", "contract.yaml"));
        var loaded = new RuleSetLoader().LoadStrings([new RuleSource("contract.yaml", text)]);
        var catalog = ClauseCatalog.Create(loaded.RuleSet!, analysis: new AnalysisOptions { Today = new DateOnly(2026, 3, 1) });

        var meanings = catalog.Analysis!.Findings.Where(f => f.Diagnostic.Code == "CMP0114").Select(f => f.Meaning.ToString()).ToArray();
        Assert.That(meanings, Is.EqualTo(new[]
        {
            "On the dates named, every call the clause applies to breaks it: only an exception with dates of its own lets one meet it, and only while that exception is in force.",
            "On the dates named, every deployment the clause applies to breaks it: only an exception with dates of its own lets one meet it, and only while that exception is in force.",
        }));
    }

    [Test]
    public void Create_WithoutAnalysisOptions_LeavesTheFindingsOut()
    {
        var catalog = Catalog(withPartner: true);

        Assert.That(catalog.Analysis, Is.Null);
        Assert.That(catalog.Contracts.SelectMany(c => c.Clauses).SelectMany(c => c.Findings), Is.Empty);
        Assert.That(catalog.ToMarkdown(), Does.Not.Contain("Findings of the analysis").And.Not.Contain("analysed as of"));
        Assert.That(catalog.ToHtml(), Does.Not.Contain("Findings of the analysis"));
    }

    [Test]
    public void Create_WithAnalysisOptions_ListsEveryFindingOfTheAnalysis_OnItsDate()
    {
        var loaded = new RuleSetLoader().LoadStrings([new RuleSource("rules/acme.yaml", Contract), new RuleSource("rules/waivers.yaml", Waivers),
            new RuleSource("rules/partner.yaml", AwsContract)]);
        var expected = RuleSetAnalyzer.AnalyzeFindings(loaded.RuleSet!, AsOf);

        var analysis = Catalog(analysis: AsOf, withPartner: true).Analysis!;

        Assert.That(analysis.AsOf, Is.EqualTo(new DateOnly(2026, 3, 1)));
        Assert.That(analysis.Findings.Select(f => f.Diagnostic), Is.EqualTo(expected.Select(f => f.Diagnostic)));
        Assert.That(analysis.Findings.Select(f => f.Number), Is.EqualTo(Enumerable.Range(1, expected.Count)));
        var contradiction = analysis.Findings.Single(f => f.Diagnostic.Code == "CMP0100");
        Assert.Multiple(() =>
        {
            Assert.That(contradiction.Name, Is.EqualTo("contradiction"));
            Assert.That(contradiction.Clauses, Is.EqualTo(new[] { "acme/azure-only", "partner/aws-only" }));
            Assert.That(contradiction.Counterexample!.AsOf, Is.EqualTo(new DateOnly(2026, 3, 1)));
            Assert.That(contradiction.Message.Spans[0], Is.EqualTo(new ProseSpan("clauses ", ProseStyle.Plain)));
            Assert.That(contradiction.Message.Spans[1], Is.EqualTo(new ProseSpan("acme/azure-only", ProseStyle.Code)));
        });
    }

    [Test]
    public void Create_WithAnalysisOptions_NamesEachFindingUnderTheClausesItConcerns()
    {
        var catalog = Catalog(analysis: AsOf, withPartner: true);
        var contradiction = catalog.Analysis!.Findings.Single(f => f.Diagnostic.Code == "CMP0100").Number;

        var azure = catalog.Contracts[0].Clauses[0];
        var aws = catalog.Contracts[1].Clauses[0];

        Assert.That(azure.Findings.Select(f => (f.Number, f.Name, f.Code, string.Join(",", f.OtherClauses))),
            Is.EqualTo(new[] { (contradiction, "contradiction", "CMP0100", "partner/aws-only") }));
        Assert.That(aws.Findings.Select(f => (f.Number, f.Name, f.Code, string.Join(",", f.OtherClauses))),
            Is.EqualTo(new[] { (contradiction, "contradiction", "CMP0100", "acme/azure-only") }));
    }

    [Test]
    public void Markdown_WithAnalysis_ExplainsAContradictionWithTheClausesWordsAndACounterexample()
    {
        var markdown = Catalog(analysis: AsOf, withPartner: true).ToMarkdown();

        Assert.That(markdown, Does.Contain("(2 contracts, 4 clauses, 1 waiver, 2 tests; analysed as of 2026-03-01)"));
        Assert.That(markdown, Does.Contain("- [Findings of the analysis](#findings-of-the-analysis)\n"));
        Assert.That(markdown, Does.Contain("""
            ### Finding 3: contradiction (CMP0100)

            On 2026-03-01 both clauses apply to the call below, and it breaks both. Changing what the clauses demand of it does not help: whatever satisfies one of them breaks the other, so no call like it can satisfy both.

            - Clauses: [`acme/azure-only`](#21-calls-run-on-azure) (2.1 Calls run on \<Azure\>) and [`partner/aws-only`](#11-stateless-calls-run-on-aws) (1.1 Stateless calls run on AWS).
            - `compliance lint` reports it at `rules/partner.yaml:7:9` as a warning: clauses `acme/azure-only` (rules/acme.yaml:7) and `partner/aws-only` contradict on 2026-03-01: no choice of `cloud` satisfies both for a subject both apply to

            What the clauses say:

            [`acme/azure-only`](#21-calls-run-on-azure) (2.1 Calls run on \<Azure\>):

            > 1\. Calls to Acme models run on Azure.
            > \- even on weekends.
            >
            > \# not a heading

            [`partner/aws-only`](#11-stateless-calls-run-on-aws) (1.1 Stateless calls run on AWS):

            > Stateless calls to Acme models run on AWS.
            >
            > Acme disputes this.

            For example, judged as of 2026-03-01, this call gets `violated` from `acme/azure-only` and `violated` from `partner/aws-only`, and the outcome `violation`:

            ```yaml
            { kind: call, vendor: Acme, model: example, mode: stateless, cloud: other, timestamp: 2026-03-01 }
            ```

            To keep it as a test, paste this under `tests:` in a tests document:

            ```yaml
              - name: acme/azure-only and partner/aws-only contradict
            """.ReplaceLineEndings("\n")));
        Assert.That(markdown, Does.Contain(
            "- Analysis: [finding 3](#finding-3-contradiction-cmp0100), contradiction with [`partner/aws-only`](#11-stateless-calls-run-on-aws).\n"));
    }

    [Test]
    public void Html_WithAnalysis_HasTheFindingsSectionAndLinksToIt()
    {
        var html = Catalog(analysis: AsOf, withPartner: true).ToHtml();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<li><a href=\"#findings\">Findings of the analysis</a>"));
            Assert.That(html, Does.Contain("<section id=\"findings\">\n<h2>Findings of the analysis</h2>"));
            Assert.That(html, Does.Contain("<article class=\"finding\" id=\"finding-3\">\n<h3>Finding 3: contradiction (CMP0100)</h3>"));
            Assert.That(html, Does.Contain("<pre><code class=\"language-yaml\">{ kind: call, vendor: Acme, model: example, mode: stateless, cloud: other, timestamp: 2026-03-01 }</code></pre>"));
            Assert.That(html, Does.Contain(
                "<li>Analysis: <a href=\"#finding-3\">finding 3</a>, contradiction with <a href=\"#partner/aws-only\"><code>partner/aws-only</code></a>.</li>"));
        });
    }

    [Test]
    public void Markdown_FindingThatIsNotAContradiction_GivesItsHintInsteadOfACounterexample()
    {
        var rules = new RuleSetLoader().LoadStrings([new RuleSource("rules/acme.yaml", """
            apiVersion: compliance/v1
            contract: { id: acme, title: Acme, parties: [Acme] }
            clauses:
              - id: never
                title: Never applies
                text: A clause whose when cannot hold.
                appliesTo: call
                when: { all: [{ cloud: Azure }, { cloud: AWS }] }
                require: { vendor: Acme }
            """)]).RuleSet!;

        var markdown = ClauseCatalog.Create(rules, analysis: AsOf).ToMarkdown();

        Assert.That(markdown, Does.Contain("""
            ### Finding 1: a clause that never applies (CMP0110)

            The clause applies to no call, so it never judges anything.

            - Clause: [`acme/never`](#never-applies) (Never applies).
            - `compliance lint` reports it at `rules/acme.yaml:4:9` as a warning: the `when` of clause `acme/never` can never hold: the clause never applies
            - Hint: correct the `when`, or remove the clause

            """.ReplaceLineEndings("\n")));
        Assert.That(markdown, Does.Contain("- Analysis: [finding 1](#finding-1-a-clause-that-never-applies-cmp0110), a clause that never applies.\n"));
        Assert.That(markdown, Does.Not.Contain("```yaml"));
    }

    [Test]
    public void Create_DescribesEveryPartOfAClause()
    {
        var clause = Catalog().Contracts.Single().Clauses[0];

        Assert.Multiple(() =>
        {
            Assert.That(clause.Id, Is.EqualTo("acme/azure-only"));
            Assert.That(clause.Source, Is.EqualTo("rules/acme.yaml:7"));
            Assert.That(clause.AppliesTo.ToString(), Is.EqualTo("Applies to stateless calls whose `vendor` is Acme."));
            Assert.That(clause.Requirement.ToString(), Is.EqualTo("Requires `cloud` to be Azure."));
            Assert.That(clause.Effective.ToString(), Is.EqualTo("In effect from 2020-01-01 until 2030-01-01 (exclusive)."));
            Assert.That(clause.Exceptions.Single(), Is.EqualTo(new CatalogException("research", "Research may compare clouds.", clause.Exceptions[0].Subjects)));
            Assert.That(clause.Exceptions[0].Subjects.ToString(), Is.EqualTo("calls whose `tags.purpose` is research"));
            Assert.That(clause.Waivers.Single().Subjects.ToString(), Is.EqualTo("calls whose `id` is batch-7"));
            Assert.That(clause.Waivers[0].ApprovedBy, Is.EqualTo("Legal"));
            Assert.That(clause.Tests.Select(t => (t.Name, t.Source)), Is.EqualTo(new[] { ("on Azure", "rules/tests/acme.tests.yaml:3") }),
                "a test whose subject the clause does not apply to does not cover it");
        });
    }

    [Test]
    public void Create_ListsSupersessionInBothDirections()
    {
        var clauses = Catalog().Contracts.Single().Clauses;

        Assert.That(clauses[1].SupersededBy.Select(r => (r.Id, r.Title)), Is.EqualTo(new[] { ("acme/new-rule", "The new rule") }));
        Assert.That(clauses[2].Supersedes.Select(r => (r.Id, r.Title)), Is.EqualTo(new[] { ("acme/old-rule", "The old rule") }));
    }

    [Test]
    public void Markdown_WritesTheClauseAsSentences()
    {
        var markdown = Catalog().ToMarkdown();

        Assert.That(markdown, Does.Contain("""
            - Applies to stateless calls whose `vendor` is Acme.
            - Requires `cloud` to be Azure.
            - In effect from 2020-01-01 until 2030-01-01 (exclusive).
            - Effect: violation: a subject that breaks it is in breach (outcome `violation`).
            - Message when broken: `` call uses `{cloud}` ``
            - Remediation: Route the call through Azure.
            - Exceptions:
              - `research`: exempts calls whose `tags.purpose` is research. Reason: Research may compare clouds.
            - Waivers:
              - `W-1` (`rules/waivers.yaml:3`): waives the clause for calls whose `id` is batch-7; it expires on 2099-01-31 and no longer applies from that day. Approved by Legal. Reason: A study.
            - Tests that cover it (1):
              - on Azure: satisfied (`rules/tests/acme.tests.yaml:3`)
            """.ReplaceLineEndings("\n")));
        Assert.That(markdown, Does.Contain(
            "- Superseded by [`acme/new-rule`](#the-new-rule) (The new rule) while that clause is in effect: from 2025-01-01.\n"));
        Assert.That(markdown, Does.Contain(
            "- Supersedes [`acme/old-rule`](#the-old-rule) (The old rule) while this clause is in effect.\n"));
    }

    [Test]
    public void Markdown_EscapesTheRuleFilesText()
    {
        var markdown = Catalog().ToMarkdown();

        Assert.That(markdown, Does.Contain("\n## Acme \\| hosting \\*agreement\\*\n"));
        Assert.That(markdown, Does.Contain("\n### 2.1 Calls run on \\<Azure\\>\n"));
        Assert.That(markdown, Does.Contain("\n> 1\\. Calls to Acme models run on Azure.\n> \\- even on weekends.\n>\n> \\# not a heading\n"),
            "a quoted line must not turn into a list or a heading");
        Assert.That(markdown, Does.Contain("Contract `acme` between Acme, Contoso and Fabrikam, written in `rules/acme.yaml:3`."));
    }

    [Test]
    public void Markdown_ClauseWithoutTests_SaysSo()
    {
        var markdown = Catalog().ToMarkdown();

        Assert.That(markdown, Does.Contain("- Superseded by [`acme/new-rule`](#the-new-rule) (The new rule) while that clause is in effect: from 2025-01-01.\n- Tests that cover it: none.\n"));
    }

    [Test]
    public void Markdown_WithoutTestResults_LeavesTestsOut()
    {
        var markdown = Catalog(withTests: false).ToMarkdown();

        Assert.That(markdown, Does.Not.Contain("Tests that cover it"));
        Assert.That(markdown, Does.Contain("(1 contract, 3 clauses, 1 waiver)"));
    }

    [Test]
    public void Html_IsOneSelfContainedPageWithEveryTextEscaped()
    {
        var html = Catalog().ToHtml();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
            Assert.That(html, Does.Contain("<style>"));
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<link").And.Not.Contain("src="));
            Assert.That(html, Does.Contain("<h3>2.1 Calls run on &lt;Azure&gt;</h3>"));
            Assert.That(html, Does.Contain("<h2>Acme | hosting *agreement*</h2>"));
            Assert.That(html, Does.Contain("<li>Message when broken: <code>call uses `{cloud}`</code></li>"));
            Assert.That(html, Does.Contain("<li>Superseded by <a href=\"#acme/new-rule\"><code>acme/new-rule</code></a> (The new rule) while that clause is in effect: from 2025-01-01.</li>"));
            Assert.That(html, Does.Contain("<article class=\"clause\" id=\"acme/new-rule\">"));
            Assert.That(html, Does.EndWith("</body>\n</html>\n"));
        });
    }

    [Test]
    public void Markdown_IsTheSameEveryTime()
    {
        Assert.That(Catalog().ToMarkdown(), Is.EqualTo(Catalog().ToMarkdown()));
        Assert.That(Catalog().ToHtml(), Is.EqualTo(Catalog().ToHtml()));
    }
}
