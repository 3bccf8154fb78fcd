using Compliance.Conditions;
using Compliance.Verdicts;

namespace Compliance.Rules.Documentation;

/// <summary>A line of the catalogue: prose with links to clauses, and nested lines.</summary>
internal sealed record CatalogItem(IReadOnlyList<CatalogPart> Parts, IReadOnlyList<CatalogItem> Children)
{
    public CatalogItem(Prose prose) : this([new CatalogPart(prose, null)], []) { }
}

/// <summary>Either prose, or a link to a clause by its qualified id.</summary>
internal sealed record CatalogPart(Prose? Prose, string? ClauseLink);

/// <summary>What the catalogue says about a clause and in which order, shared by the markdown and HTML writers.</summary>
internal static class CatalogLayout
{
    public const string Title = "Clause catalogue";

    public static string Heading(CatalogClause clause) => clause.Section is null ? clause.Title : $"{clause.Section} {clause.Title}";

    public static string Summary(ClauseCatalog catalog)
    {
        var contracts = catalog.Contracts.Count;
        var clauses = catalog.Contracts.Sum(c => c.Clauses.Count);
        var parts = new List<string> { Count(contracts, "contract"), Count(clauses, "clause"), Count(catalog.WaiverCount, "waiver") };
        if (catalog.TestCount is { } tests)
        {
            parts.Add(Count(tests, "test"));
        }

        return string.Join(", ", parts);
    }

    private static string Count(int n, string noun) => $"{n} {(n == 1 ? noun : ConditionRenderer.Plural(noun))}";

    /// <summary>How to read the sentences: the rules of the language that every sentence takes for granted.</summary>
    public static IReadOnlyList<Prose> Legend { get; } =
    [
        new ProseBuilder().Text("Comparisons of text ignore upper and lower case. A pattern (").Code("matches")
            .Text(") respects case unless it starts with ").Code("(?i)").Text(".").Build(),
        ProseBuilder.Of("A value that is not given satisfies only \"is not …\", \"is neither … nor …\", \"is none of …\" and "
            + "\"is not given\"; every other comparison with it fails."),
        ProseBuilder.Of("\"Every\" holds for an empty list, and so does \"no\"; \"at least one\" does not."),
        ProseBuilder.Of("A date compared with a timestamp compares the timestamp's calendar date in UTC."),
        new ProseBuilder().Text("A clause is judged as of the date given (").Code("--as-of")
            .Text("), else the subject's timestamp, else today. It applies only while in effect, and not while a clause that supersedes it is in effect.").Build(),
        ProseBuilder.Of("Exceptions and waivers matter only when a clause would otherwise be broken; an exception is looked at first. "
            + "A waiver no longer applies from its expiry date."),
    ];

    public static IReadOnlyList<CatalogItem> Items(CatalogClause clause, bool withTests)
    {
        var items = new List<CatalogItem>
        {
            new(clause.AppliesTo),
            new(clause.Requirement),
            new(clause.Effective),
            new(ClauseCatalog.DescribeEffect(clause.Effect)),
        };
        if (clause.Message is { } message)
        {
            items.Add(new(new ProseBuilder().Text("Message when broken: ").Code(message).Build()));
        }

        if (clause.Remediation is { } remediation)
        {
            items.Add(new(ProseBuilder.Of("Remediation: " + OneLine(remediation))));
        }

        if (clause.Exceptions.Count > 0)
        {
            items.Add(new CatalogItem([Text("Exceptions:")], clause.Exceptions.Select(Exception).ToArray()));
        }

        foreach (var target in clause.Supersedes)
        {
            items.Add(new CatalogItem([Text("Supersedes "), new CatalogPart(null, target.Id),
                Text(target.Title is null ? " while this clause is in effect." : $" ({target.Title}) while this clause is in effect.")], []));
        }

        foreach (var by in clause.SupersededBy)
        {
            var window = by.Effective is null ? string.Empty : ": " + ConditionText.Window(by.Effective);
            items.Add(new CatalogItem([Text("Superseded by "), new CatalogPart(null, by.Id),
                Text($"{(by.Title is null ? string.Empty : $" ({by.Title})")} while that clause is in effect{window}.")], []));
        }

        if (clause.Waivers.Count > 0)
        {
            items.Add(new CatalogItem([Text("Waivers:")], clause.Waivers.Select(Waiver).ToArray()));
        }

        if (withTests)
        {
            items.Add(clause.Tests.Count == 0
                ? new CatalogItem([Text("Tests that cover it: none.")], [])
                : new CatalogItem([Text($"Tests that cover it ({clause.Tests.Count}):")], clause.Tests.Select(Test).ToArray()));
        }

        return items;
    }

    private static CatalogPart Text(string text) => new(ProseBuilder.Of(text), null);

    private static CatalogItem Exception(CatalogException exception)
    {
        var builder = new ProseBuilder().Code(exception.Id).Text(": exempts ").Append(exception.Subjects).Text(".");
        if (exception.Reason is { } reason)
        {
            builder.Text(" Reason: " + OneLine(reason));
        }

        return new CatalogItem(builder.Build());
    }

    private static CatalogItem Waiver(CatalogWaiver waiver)
    {
        var builder = new ProseBuilder().Code(waiver.Id).Text(" (").Code(waiver.Source).Text("): waives the clause for ")
            .Append(waiver.Subjects).Text($"; it expires on {Operand.Format(waiver.Expires)} and no longer applies from that day.");
        if (waiver.ApprovedBy is { } approvedBy)
        {
            builder.Text(" Approved by " + OneLine(approvedBy) + ".");
        }

        if (waiver.Reason is { } reason)
        {
            builder.Text(" Reason: " + OneLine(reason));
        }

        return new CatalogItem(builder.Build());
    }

    private static CatalogItem Test(CatalogTest test) =>
        new(new ProseBuilder().Text(test.Name + ": " + VerdictNames.Name(test.Status) + " (").Code(test.Source).Text(")").Build());

    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    /// <summary>Folds line breaks into spaces, for text shown inside a list item.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
