using Compliance.Conditions;
using Compliance.Rules.Diagnostics;
using Compliance.Verdicts;

namespace Compliance.Rules.Documentation;

/// <summary>A line of the catalogue: prose with links to clauses, and nested lines.</summary>
internal sealed record CatalogItem(IReadOnlyList<CatalogPart> Parts, IReadOnlyList<CatalogItem> Children)
{
    public CatalogItem(Prose prose) : this([new CatalogPart(prose, null)], []) { }
}

/// <summary>Either prose, a link to a clause by its qualified id, or a link to a finding of the analysis by its number.</summary>
internal sealed record CatalogPart(Prose? Prose, string? ClauseLink, int? FindingLink = null);

/// <summary>A block of the findings section, shared by the markdown and HTML writers.</summary>
internal abstract record CatalogBlock;

/// <summary>A paragraph.</summary>
internal sealed record ParagraphBlock(IReadOnlyList<CatalogPart> Parts) : CatalogBlock
{
    public ParagraphBlock(Prose prose) : this([new CatalogPart(prose, null)]) { }
}

/// <summary>A bulleted list.</summary>
internal sealed record ListBlock(IReadOnlyList<CatalogItem> Items) : CatalogBlock;

/// <summary>Words quoted from a rule file.</summary>
internal sealed record QuoteBlock(string Text) : CatalogBlock;

/// <summary>Text to show exactly, line by line, such as a subject in YAML.</summary>
internal sealed record CodeBlock(string Language, string Text) : CatalogBlock;

/// <summary>What the catalogue says about a clause and in which order, shared by the markdown and HTML writers.</summary>
internal static class CatalogLayout
{
    public const string Title = "Clause catalogue";

    public const string FindingsTitle = "Findings of the analysis";

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

        var summary = string.Join(", ", parts);
        return catalog.Analysis is { } analysis ? $"{summary}; analysed as of {Operand.Format(analysis.AsOf)}" : summary;
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
            + "A dated exception exists only on its own dates. A waiver no longer applies from its expiry date, or after its last day."),
        ProseBuilder.Of("A defined term is shown by name and by value; the contract's definitions are listed before its clauses."),
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

        foreach (var finding in clause.Findings)
        {
            var parts = new List<CatalogPart> { Text("Analysis: "), new(null, null, finding.Number), Text($", {finding.Name}") };
            for (var i = 0; i < finding.OtherClauses.Count; i++)
            {
                parts.Add(Text(i == 0 ? " with " : i == finding.OtherClauses.Count - 1 ? " and " : ", "));
                parts.Add(new CatalogPart(null, finding.OtherClauses[i]));
            }

            parts.Add(Text("."));
            items.Add(new CatalogItem(parts, []));
        }

        if (withTests)
        {
            items.Add(clause.Tests.Count == 0
                ? new CatalogItem([Text("Tests that cover it: none.")], [])
                : new CatalogItem([Text($"Tests that cover it ({clause.Tests.Count}):")], clause.Tests.Select(Test).ToArray()));
            if (clause.NotApplicableTests.Count > 0)
            {
                items.Add(new CatalogItem([Text($"Tests that show where it does not apply ({clause.NotApplicableTests.Count}):")],
                    clause.NotApplicableTests.Select(Test).ToArray()));
            }
        }

        return items;
    }

    private static CatalogPart Text(string text) => new(ProseBuilder.Of(text), null);

    public static string FindingLinkText(int number) => $"finding {number}";

    public static string Heading(CatalogFinding finding) => $"Finding {finding.Number}: {finding.Name} ({finding.Diagnostic.Code})";

    /// <summary>The paragraphs that open the findings section: what the analysis looks for, on which date, and how to read
    /// a contradiction.</summary>
    public static IReadOnlyList<Prose> FindingsIntro(CatalogAnalysis analysis)
    {
        var count = analysis.Findings.Count;
        var found = count == 0 ? "nothing" : Count(count, "finding") + ", listed below and under each clause they concern";
        return
        [
            new ProseBuilder().Text("The rule-set analysis (").Code("compliance lint")
                .Text(") looks for clauses that contradict each other; clauses that can never apply, never be broken or never be met; "
                    + "and waivers that have expired, expire soon or can never match. Judged as of " + Operand.Format(analysis.AsOf) + " (")
                .Code("--as-of").Text($"), it reports {found}.").Build(),
            ProseBuilder.Of("A contradiction is not always a mistake in the rule files. Contracts made by different parties, years apart, "
                + "can pull in opposite directions, and the rule set keeps each side in its own words rather than choose between them. "
                + "The analysis then shows where they meet: a subject that both clauses apply to and that breaks both, checked by "
                + "judging it, and the proof that no change to what the clauses demand of it satisfies both. Such a contradiction is "
                + "for the parties to settle, and what each clause says is quoted with it. A contradiction that is a drafting mistake "
                + "is fixed in the rule files instead."),
            new ProseBuilder().Text("A part of a clause that the analysis does not decide exactly (an ").Code("expression")
                .Text(", or ").Code("matches").Text(" on text) is listed as not analysed: the tests must cover it.").Build(),
        ];
    }

    /// <summary>What the catalogue says about one finding, in order.</summary>
    public static IReadOnlyList<CatalogBlock> FindingBlocks(CatalogFinding finding, IReadOnlyDictionary<string, CatalogClause> clauses)
    {
        var blocks = new List<CatalogBlock> { new ParagraphBlock(finding.Meaning) };
        var items = new List<CatalogItem>();
        var clauseParts = new List<CatalogPart> { Text(finding.Clauses.Count == 1 ? "Clause: " : "Clauses: ") };
        for (var i = 0; i < finding.Clauses.Count; i++)
        {
            if (i > 0)
            {
                clauseParts.Add(Text(i == finding.Clauses.Count - 1 ? " and " : ", "));
            }

            clauseParts.Add(new CatalogPart(null, finding.Clauses[i]));
            if (clauses.TryGetValue(finding.Clauses[i], out var clause))
            {
                clauseParts.Add(Text($" ({Heading(clause)})"));
            }
        }

        clauseParts.Add(Text("."));
        items.Add(new CatalogItem(clauseParts, []));
        if (finding.Waiver is { } waiver)
        {
            items.Add(new CatalogItem(new ProseBuilder().Text("Waiver: ").Code(waiver).Text(".").Build()));
        }

        var d = finding.Diagnostic;
        items.Add(new CatalogItem(new ProseBuilder().Code("compliance lint").Text(" reports it at ").Code($"{d.File}:{d.Line}:{d.Column}")
            .Text(d.Severity == DiagnosticSeverity.Error ? " as an error: " : " as a warning: ").Append(finding.Message).Build()));
        if (finding.Hint is { } hint && finding.Counterexample is null)
        {
            items.Add(new CatalogItem(new ProseBuilder().Text("Hint: ").Append(hint).Build()));
        }

        blocks.Add(new ListBlock(items));
        if (finding.Counterexample is not { } counterexample)
        {
            return blocks;
        }

        blocks.Add(new ParagraphBlock(ProseBuilder.Of("What the clauses say:")));
        foreach (var id in finding.Clauses)
        {
            if (clauses.TryGetValue(id, out var clause))
            {
                blocks.Add(new ParagraphBlock([new CatalogPart(null, id), Text($" ({Heading(clause)}):")]));
                blocks.Add(new QuoteBlock(clause.Text));
            }
        }

        var kind = finding.Clauses.Select(id => clauses.GetValueOrDefault(id)?.Kind).OfType<string>().FirstOrDefault() ?? "subject";
        blocks.Add(new ParagraphBlock(CatalogFindings.Statuses(finding, counterexample, kind)));
        blocks.Add(new CodeBlock("yaml", counterexample.Subject));
        blocks.Add(new ParagraphBlock(new ProseBuilder().Text("To keep it as a test, paste this under ").Code("tests:")
            .Text(" in a tests document:").Build()));
        blocks.Add(new CodeBlock("yaml", counterexample.Test.TrimEnd('\n')));
        return blocks;
    }

    /// <summary>The heading of an exception that has a section of its own.</summary>
    public static string Heading(CatalogException exception) => $"Exception {exception.Section}: {exception.Id}";

    /// <summary>One defined term: "Permitted Partners (section 1.2) means Microsoft, SoftBank, NVIDIA and Amazon.", with the
    /// contract's words beneath.</summary>
    public static CatalogItem Definition(CatalogDefinition definition)
    {
        var builder = new ProseBuilder().Text(definition.Name + " (").Code(definition.Id);
        if (definition.Section is { } section)
        {
            builder.Text(", section " + section);
        }

        builder.Text(", ").Code(definition.Source).Text(") means ").Append(definition.Meaning);
        return new CatalogItem([new CatalogPart(builder.Build(), null)],
            definition.Text is { } text ? [new CatalogItem(ProseBuilder.Of("The contract's words: " + OneLine(text)))] : []);
    }

    private static CatalogItem Exception(CatalogException exception)
    {
        var builder = new ProseBuilder();
        if (exception.Section is { } section)
        {
            builder.Text("Section " + section + ", ");
        }

        builder.Code(exception.Id).Text(": exempts ").Append(exception.Subjects).Text(".");
        if (exception.Effective is { } window)
        {
            builder.Text($" It exists only {window}; on other dates the clause is judged as if it were not written.");
        }

        if (exception.Reason is { } reason)
        {
            builder.Text(" Reason: " + OneLine(reason));
        }

        return new CatalogItem(builder.Build());
    }

    private static CatalogItem Waiver(CatalogWaiver waiver)
    {
        var builder = new ProseBuilder().Code(waiver.Id).Text(" (").Code(waiver.Source).Text("): waives the clause for ")
            .Append(waiver.Subjects).Text(waiver.Inclusive
                ? $"; it applies through {Operand.Format(waiver.Expires.AddDays(-1))} (its last day)."
                : $"; it expires on {Operand.Format(waiver.Expires)} and no longer applies from that day.");
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
