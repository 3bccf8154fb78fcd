using Compliance.Model;
using Compliance.Rules.Analysis;
using Compliance.Rules.Testing;
using Compliance.Verdicts;

namespace Compliance.Rules.Documentation;

/// <summary>The clause catalogue: every contract and clause of a rule set in plain English, with its effective window,
/// exceptions, supersessions, waivers, the tests that cover it and what the rule-set analysis finds about it. Renders as
/// markdown or as a self-contained HTML page.</summary>
/// <remarks>Deterministic: the same rule set, test results and analysis date give the same text, byte for byte (no
/// generation date; contracts, clauses and waivers in rule-set order, tests in file order, findings in the analysis's
/// order). Immutable and thread-safe.</remarks>
public sealed class ClauseCatalog
{
    private ClauseCatalog(IReadOnlyList<CatalogContract> contracts, int waivers, int? tests, CatalogAnalysis? analysis, string? command = null)
    {
        Contracts = contracts;
        WaiverCount = waivers;
        TestCount = tests;
        Analysis = analysis;
        Command = command;
    }

    /// <summary>The command that makes this catalogue again, which its header names so that a reader of the generated
    /// file knows how to regenerate it; <see langword="null"/> when none was given (the header then names
    /// <c>compliance docs</c> alone).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Command { get; }

    /// <summary>The same catalogue, naming <paramref name="command"/> in its header as the command that regenerates it,
    /// such as <c>compliance docs --rules rules --as-of 2026-03-01</c>.</summary>
    /// <param name="command">The command, on one line.</param>
    /// <exception cref="ArgumentException"><paramref name="command"/> is empty or spans more than one line.</exception>
    public ClauseCatalog WithCommand(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("the command must be one line", nameof(command));
        }

        return new ClauseCatalog(Contracts, WaiverCount, TestCount, Analysis, command);
    }

    /// <summary>The contracts, in rule-set order.</summary>
    public IReadOnlyList<CatalogContract> Contracts { get; }

    /// <summary>How many waivers the rule set holds.</summary>
    public int WaiverCount { get; }

    /// <summary>How many tests were run to find which clauses they cover; <see langword="null"/> when no test results were given.</summary>
    public int? TestCount { get; }

    /// <summary>What the rule-set analysis finds: contradictions with their counterexamples, dead clauses, waiver hygiene
    /// and what it could not analyse; <see langword="null"/> when the catalogue was built without the analysis.</summary>
    public CatalogAnalysis? Analysis { get; }

    /// <summary>Builds the catalogue of a rule set.</summary>
    /// <param name="ruleSet">The loaded rule set.</param>
    /// <param name="tests">The results of running the rule set's tests (<see cref="RuleTestRunner.Run"/>), to list the tests
    /// that cover each clause; <see langword="null"/> to leave tests out.</param>
    /// <param name="analysis">The options to run <see cref="RuleSetAnalyzer"/> with, to list its findings in a section of
    /// their own and under each clause they concern; set <see cref="AnalysisOptions.Today"/> for a catalogue that does not
    /// change from day to day. <see langword="null"/> to leave the analysis out.</param>
    /// <exception cref="ArgumentOutOfRangeException">An analysis option is out of range.</exception>
    public static ClauseCatalog Create(RuleSet ruleSet, RuleTestReport? tests = null, AnalysisOptions? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        var kinds = ruleSet.Kinds;
        var coverage = Coverage(tests);
        var analysed = analysis is null ? null : CatalogFindings.Create(ruleSet, analysis);
        var findings = CatalogFindings.ByClause(analysed);
        var supersededBy = ruleSet.Clauses
            .SelectMany(c => c.Supersedes.Select(target => (Target: target, By: c)))
            .ToLookup(p => p.Target, p => p.By, StringComparer.Ordinal);
        var contracts = ruleSet.Contracts.Select(contract => new CatalogContract
        {
            Id = contract.Id,
            Title = contract.Title,
            Parties = contract.Parties,
            Source = contract.Location.FileAndLine,
            Definitions = contract.Definitions.Select(d => new CatalogDefinition(d.Term.Id, d.Term.Name, d.Term.Section, d.Text,
                d.Values is { } values
                    ? ProseBuilder.Of(CatalogLayout.Join(values) + ".")
                    : d.Condition is { } condition
                        ? new ProseBuilder().Text("a subject for which ").Append(ConditionText.Describe(condition, kinds)).Text(".").Build()
                        : ProseBuilder.Of("a condition no clause uses."),
                d.Location.FileAndLine)).ToArray(),
            Clauses = contract.Clauses.Select(clause => new CatalogClause
            {
                Id = clause.Id,
                Contract = clause.Contract,
                Section = clause.Section,
                Title = clause.Title,
                Text = clause.Text,
                Kind = clause.AppliesTo,
                Source = clause.Location.FileAndLine,
                AppliesTo = ConditionText.AppliesTo(clause, kinds),
                Requirement = ConditionText.Requirement(clause, kinds),
                Effective = ConditionText.Effective(clause.Effective),
                Effect = clause.Effect,
                Message = clause.Message?.Text,
                Remediation = clause.Remediation,
                Exceptions = clause.Exceptions.Select(e => new CatalogException(
                    e.Id, e.Reason?.TrimEnd(), ConditionText.Subjects(clause.AppliesTo, e.When, kinds))
                {
                    Section = e.Section,
                    Effective = e.Effective.From is null && e.Effective.Until is null ? null : ConditionText.Window(e.Effective),
                }).ToArray(),
                Supersedes = clause.Supersedes.Select(id => Reference(ruleSet, id)).ToArray(),
                SupersededBy = supersededBy[clause.Id].Select(by => Reference(ruleSet, by.Id)).ToArray(),
                Waivers = ruleSet.Waivers.Where(w => w.ClauseId == clause.Id).Select(w => new CatalogWaiver
                {
                    Id = w.Id,
                    Reason = w.Reason?.TrimEnd(),
                    ApprovedBy = w.ApprovedBy?.TrimEnd(),
                    Expires = w.Expires,
                    Inclusive = w.Inclusive,
                    Subjects = ConditionText.Subjects(clause.AppliesTo, w.When, kinds),
                    Source = w.Location.FileAndLine,
                }).ToArray(),
                Tests = coverage.TryGetValue(clause.Id, out var covering) ? covering : [],
                NotApplicableTests = (tests?.Results ?? [])
                    .Where(t => t.Test.ExpectedClauses.TryGetValue(clause.Id, out var expected) && expected == ClauseStatus.NotApplicable)
                    .Select(t => new CatalogTest(t.Test.Name, t.Test.Location.FileAndLine, ClauseStatus.NotApplicable)).ToArray(),
                Findings = findings[clause.Id].ToArray(),
            }).ToArray(),
        }).ToArray();
        return new ClauseCatalog(contracts, ruleSet.Waivers.Count, tests?.Results.Count, analysed);
    }

    /// <summary>The catalogue as markdown (GitHub flavour), ending with a newline.</summary>
    public string ToMarkdown()
    {
        using var writer = new StringWriter { NewLine = "\n" };
        WriteMarkdown(writer);
        return writer.ToString();
    }

    /// <summary>Writes the catalogue as markdown (GitHub flavour).</summary>
    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MarkdownCatalogWriter.Write(this, writer);
    }

    /// <summary>The catalogue as one self-contained HTML page (inline style, no scripts, every text escaped).</summary>
    public string ToHtml()
    {
        using var writer = new StringWriter { NewLine = "\n" };
        WriteHtml(writer);
        return writer.ToString();
    }

    /// <summary>Writes the catalogue as one self-contained HTML page.</summary>
    public void WriteHtml(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        HtmlCatalogWriter.Write(this, writer);
    }

    /// <summary>The sentence that says what the effect means for a verdict.</summary>
    internal static Prose DescribeEffect(Effect effect)
    {
        var (name, meaning) = effect switch
        {
            Effect.Review => ("review", "a subject that breaks it goes to a person for review"),
            Effect.Warning => ("warning", "a subject that breaks it gets a warning"),
            _ => ("violation", "a subject that breaks it is in breach"),
        };
        return new ProseBuilder().Text($"Effect: {name}: {meaning} (outcome ").Code(name).Text(").").Build();
    }

    private static CatalogReference Reference(RuleSet ruleSet, string id)
    {
        var clause = ruleSet.FindClause(id);
        return new CatalogReference(id, clause?.Title, clause?.Effective);
    }

    private static Dictionary<string, IReadOnlyList<CatalogTest>> Coverage(RuleTestReport? report)
    {
        var result = new Dictionary<string, List<CatalogTest>>(StringComparer.Ordinal);
        foreach (var test in report?.Results ?? [])
        {
            foreach (var clause in test.Verdict.Clauses)
            {
                if (clause.Status is ClauseStatus.NotApplicable or ClauseStatus.Superseded)
                {
                    continue;
                }

                if (!result.TryGetValue(clause.Id, out var list))
                {
                    result[clause.Id] = list = [];
                }

                list.Add(new CatalogTest(test.Test.Name, test.Test.Location.FileAndLine, clause.Status));
            }
        }

        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<CatalogTest>)p.Value, StringComparer.Ordinal);
    }
}

/// <summary>A contract in the catalogue.</summary>
public sealed record CatalogContract
{
    /// <summary>The contract's defined terms, in file order.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<CatalogDefinition> Definitions { get; init; } = [];

    /// <summary>The contract's id.</summary>
    public required string Id { get; init; }

    /// <summary>The contract's title.</summary>
    public required string Title { get; init; }

    /// <summary>The parties.</summary>
    public required IReadOnlyList<string> Parties { get; init; }

    /// <summary>Where the contract's id is written, as <c>file:line</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The clauses, in file order.</summary>
    public required IReadOnlyList<CatalogClause> Clauses { get; init; }
}

/// <summary>A clause in the catalogue, with every sentence already rendered.</summary>
public sealed record CatalogClause
{
    /// <summary>The qualified id, <c>contract/clause</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The contract's id.</summary>
    public required string Contract { get; init; }

    /// <summary>The section number, if given.</summary>
    public string? Section { get; init; }

    /// <summary>The title.</summary>
    public required string Title { get; init; }

    /// <summary>The contract's words.</summary>
    public required string Text { get; init; }

    /// <summary>The subject kind the clause judges.</summary>
    public required string Kind { get; init; }

    /// <summary>Where the clause's id is written, as <c>file:line</c>.</summary>
    public required string Source { get; init; }

    /// <summary>"Applies to stateless calls whose `vendor` is OpenAI."</summary>
    public required Prose AppliesTo { get; init; }

    /// <summary>"Requires `cloud` to be Azure." or "Forbids ...".</summary>
    public required Prose Requirement { get; init; }

    /// <summary>"In effect from 2019-07-22 until 2030-01-01 (exclusive)."</summary>
    public required Prose Effective { get; init; }

    /// <summary>What a violation means.</summary>
    public required Effect Effect { get; init; }

    /// <summary>The message template shown when the clause is violated, as written.</summary>
    public string? Message { get; init; }

    /// <summary>How to fix a violation.</summary>
    public string? Remediation { get; init; }

    /// <summary>The clause's carve-outs.</summary>
    public required IReadOnlyList<CatalogException> Exceptions { get; init; }

    /// <summary>The clauses this one supersedes while it is in effect.</summary>
    public required IReadOnlyList<CatalogReference> Supersedes { get; init; }

    /// <summary>The clauses that supersede this one while they are in effect.</summary>
    public required IReadOnlyList<CatalogReference> SupersededBy { get; init; }

    /// <summary>The waivers that name this clause, in rule-set order.</summary>
    public required IReadOnlyList<CatalogWaiver> Waivers { get; init; }

    /// <summary>The tests whose subject the clause applies to (any status but <c>notApplicable</c> and <c>superseded</c>), in file order.</summary>
    public required IReadOnlyList<CatalogTest> Tests { get; init; }

    /// <summary>The tests that expect the clause not to apply (<c>notApplicable</c>): they show where it does not reach.</summary>
    /// <value>The default is an empty list.</value>
    public IReadOnlyList<CatalogTest> NotApplicableTests { get; init; } = [];

    /// <summary>The findings of the analysis that concern the clause, in the catalogue's order.</summary>
    /// <value>The default is an empty list (also when the catalogue was built without the analysis).</value>
    public IReadOnlyList<CatalogFindingReference> Findings { get; init; } = [];
}

/// <summary>A clause's exception in the catalogue.</summary>
/// <param name="Id">The exception's id.</param>
/// <param name="Reason">Why the carve-out exists.</param>
/// <param name="Subjects">The subjects it exempts, as a plural noun phrase ("calls whose `tags.purpose` is safety-research").</param>
public sealed record CatalogException(string Id, string? Reason, Prose Subjects)
{
    /// <summary>The contract's section that writes the carve-out, if it has its own.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Section { get; init; }

    /// <summary>For a dated carve-out, the dates it exists ("from 2026-01-01 through 2027-06-30 (inclusive)").</summary>
    /// <value>The default is <see langword="null"/>: it exists whenever its clause is in effect.</value>
    public string? Effective { get; init; }
}

/// <summary>A contract's defined term in the catalogue.</summary>
/// <param name="Id">The term's qualified id.</param>
/// <param name="Name">The term as the contract writes it, else its id.</param>
/// <param name="Section">The section that defines it, if given.</param>
/// <param name="Text">The contract's definition in its words, if given.</param>
/// <param name="Meaning">What the rules take it to mean: its values, or its condition in English.</param>
/// <param name="Source">Where its id is written, as <c>file:line</c>.</param>
public sealed record CatalogDefinition(string Id, string Name, string? Section, string? Text, Prose Meaning, string Source);

/// <summary>Another clause named by <c>supersedes</c>, in the catalogue.</summary>
/// <param name="Id">The clause's qualified id.</param>
/// <param name="Title">The clause's title; <see langword="null"/> if it is not in the rule set.</param>
/// <param name="Effective">The clause's effective window; <see langword="null"/> if it is not in the rule set.</param>
public sealed record CatalogReference(string Id, string? Title, EffectiveWindow? Effective);

/// <summary>A waiver in the catalogue.</summary>
public sealed record CatalogWaiver
{
    /// <summary>The waiver's id.</summary>
    public required string Id { get; init; }

    /// <summary>Why it was granted.</summary>
    public string? Reason { get; init; }

    /// <summary>Who approved it.</summary>
    public string? ApprovedBy { get; init; }

    /// <summary>The first day on which it no longer applies.</summary>
    public required DateOnly Expires { get; init; }

    /// <summary>Whether it was written with its last day (<c>through</c>) rather than its first day no longer in force.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Inclusive { get; init; }

    /// <summary>The subjects it covers, as a plural noun phrase.</summary>
    public required Prose Subjects { get; init; }

    /// <summary>Where the waiver's id is written, as <c>file:line</c>.</summary>
    public required string Source { get; init; }
}

/// <summary>A test that covers a clause.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Source">Where the test is written, as <c>file:line</c>.</param>
/// <param name="Status">The clause's status in the test's verdict.</param>
public sealed record CatalogTest(string Name, string Source, ClauseStatus Status);
