using System.Text;
using NUnit.Framework;

namespace Compliance.Rules.Tests.Security;

/// <summary>Defined terms in a hostile rule file: a long chain of definitions, and definitions that each use the next
/// three times (so that expanding them triples at every level), for conditions and for lists.</summary>
public sealed class TermLimitTests
{
    /// <summary>A contract whose definitions are <paramref name="definitions"/> and whose one clause requires
    /// <paramref name="require"/>.</summary>
    private static string Contract(IEnumerable<string> definitions, string require)
    {
        var text = new StringBuilder("apiVersion: compliance/v1\ncontract: { id: acme, title: Acme }\ndefinitions:\n");
        foreach (var definition in definitions)
        {
            text.Append("  - ").Append(definition).Append('\n');
        }

        return text.Append($"clauses:\n  - {{ id: probe, title: Probe, text: Probe., appliesTo: call, require: {require} }}\n").ToString();
    }

    private static LoadResult Load(string text) => YamlLimitTests.OnSmallStack(() => Probe.Load(text));

    [Test]
    public void AChainOf20000Conditions_IsRefusedAtTheUsePastTheDepthLimit_WithoutOverflowingTheStack()
    {
        const int n = 20_000;
        var definitions = Enumerable.Range(0, n).Select(i =>
            i < n - 1 ? $"{{ id: c{i}, condition: {{ is: c{i + 1} }} }}" : $"{{ id: c{i}, condition: {{ cloud: Azure }} }}");

        var result = Load(Contract(definitions, "{ is: c0 }"));

        Assert.That(Probe.SingleError(result).ToString(), Is.EqualTo(
            "rules/probe.yaml:19:33: error CMP0088: the definition `acme/c16` is used 17 levels deep; definitions may use each other at most 16 levels deep (use fewer definitions inside each other)"));
    }

    [Test]
    public void AChainOf20000Lists_IsRefusedAtTheUsePastTheDepthLimit_WithoutOverflowingTheStack()
    {
        const int n = 20_000;
        var definitions = Enumerable.Range(0, n).Select(i =>
            i < n - 1 ? $"{{ id: l{i}, values: [$l{i + 1}] }}" : $"{{ id: l{i}, values: [Microsoft] }}");

        var result = Load(Contract(definitions, "{ vendor: $l0 }"));

        Assert.That(Probe.SingleError(result).ToString(), Is.EqualTo(
            "rules/probe.yaml:19:25: error CMP0088: the definition `acme/l16` is used 17 levels deep; definitions may use each other at most 16 levels deep (use fewer definitions inside each other)"));
    }

    [Test]
    public void ConditionsThatTripleAtEachOf16Levels_AreRefusedAtTheExpansionLimit()
    {
        const int n = 16;
        var definitions = Enumerable.Range(0, n).Select(i =>
            i < n - 1 ? $"{{ id: c{i}, condition: {{ all: [{{ is: c{i + 1} }}, {{ is: c{i + 1} }}, {{ is: c{i + 1} }}] }} }}" : $"{{ id: c{i}, condition: {{ cloud: Azure }} }}");

        var result = Load(Contract(definitions, "{ is: c0 }"));

        Assert.That(Probe.SingleError(result).ToString(), Does.Match(
            @"^rules/probe\.yaml:\d+:\d+: error CMP0089: the rule set's definitions expand to more than 1,000,000 conditions and values where they are used \(use a large definition in fewer places, or split it\)$"));
    }

    [Test]
    public void ListsThatTripleAtEachOf16Levels_AreRefusedAtTheExpansionLimit()
    {
        const int n = 16;
        var definitions = Enumerable.Range(0, n).Select(i =>
            i < n - 1 ? $"{{ id: l{i}, values: [$l{i + 1}, $l{i + 1}, $l{i + 1}] }}" : $"{{ id: l{i}, values: [Microsoft, SoftBank] }}");

        var result = Load(Contract(definitions, "{ vendor: $l0 }"));

        Assert.That(Probe.SingleError(result).ToString(), Does.Match(
            @"^rules/probe\.yaml:\d+:\d+: error CMP0089: the rule set's definitions expand to more than 1,000,000 conditions and values where they are used \(use a large definition in fewer places, or split it\)$"));
    }

    [Test]
    public void AListUsedInManyClauses_CountsEachUse()
    {
        var values = string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"v{i}"));
        var text = new StringBuilder("apiVersion: compliance/v1\ncontract: { id: acme, title: Acme }\ndefinitions:\n");
        text.Append($"  - {{ id: big, values: [{values}] }}\nclauses:\n");
        for (var i = 0; i < 60; i++)
        {
            text.Append($"  - {{ id: p{i}, title: Probe, text: Probe., appliesTo: call, require: {{ vendor: $big }} }}\n");
        }

        var result = Load(text.ToString());

        Assert.That(Probe.SingleError(result).ToString(), Does.Match(
            @"^rules/probe\.yaml:56:\d+: error CMP0089: the rule set's definitions expand to more than 1,000,000 conditions and values where they are used"));
    }

    [Test]
    public void DefinitionsSixteenLevelsDeep_Load()
    {
        const int n = 15; // and the list the last one uses

        var definitions = Enumerable.Range(0, n).Select(i =>
            i < n - 1 ? $"{{ id: c{i}, condition: {{ any: [{{ cloud: Azure }}, {{ is: c{i + 1} }}] }} }}" : $"{{ id: c{i}, condition: {{ vendor: $partners }} }}")
            .Append("{ id: partners, values: [Microsoft, SoftBank] }");

        var result = Load(Contract(definitions, "{ is: c0 }"));

        Assert.That(result.Errors, Is.Empty, Probe.Describe(result));
    }
}
