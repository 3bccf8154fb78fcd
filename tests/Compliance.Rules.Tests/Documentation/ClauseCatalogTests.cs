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

    private static ClauseCatalog Catalog(bool withTests = true)
    {
        var loaded = new RuleSetLoader().LoadStrings(
            [new RuleSource("rules/acme.yaml", Contract), new RuleSource("rules/waivers.yaml", Waivers), new RuleSource("rules/tests/acme.tests.yaml", Tests)]);
        Assert.That(loaded.Succeeded, Is.True, string.Join("\n", loaded.Diagnostics));
        return ClauseCatalog.Create(loaded.RuleSet!, withTests ? RuleTestRunner.Run(loaded.RuleSet!, loaded.Tests) : null);
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
