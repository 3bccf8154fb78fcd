using Compliance.Conditions;
using Compliance.Model;
using Compliance.Rules.Analysis;
using Compliance.Rules.Diagnostics;
using Compliance.Verdicts;

namespace Compliance.Rules.Documentation;

/// <summary>What the rule-set analysis (<see cref="RuleSetAnalyzer"/>) finds, as the catalogue shows it.</summary>
/// <remarks>Immutable.</remarks>
public sealed record CatalogAnalysis
{
    /// <summary>The date the analysis was made on (<c>--as-of</c>): which clauses and waivers were in effect, and which
    /// waivers had expired or soon would.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Every finding, in the analysis's order (by the location of its diagnostic), numbered from 1.</summary>
    public required IReadOnlyList<CatalogFinding> Findings { get; init; }
}

/// <summary>One finding of the analysis in the catalogue: the diagnostic, what it means in plain English, the clauses it
/// concerns and, for two clauses that clash, a subject that shows it.</summary>
/// <remarks>Immutable.</remarks>
public sealed record CatalogFinding
{
    /// <summary>The finding's number in the catalogue, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>What kind of finding it is, in a few words, such as "contradiction" or "not analysed".</summary>
    public required string Name { get; init; }

    /// <summary>The diagnostic <c>compliance lint</c> prints for it.</summary>
    public required Diagnostic Diagnostic { get; init; }

    /// <summary>The diagnostic's message, with the parts it quotes marked as code.</summary>
    public required Prose Message { get; init; }

    /// <summary>The diagnostic's hint, with the parts it quotes marked as code; <see langword="null"/> when there is none.</summary>
    public Prose? Hint { get; init; }

    /// <summary>What the finding means for the clauses, in plain English.</summary>
    public required Prose Meaning { get; init; }

    /// <summary>The qualified ids of the clauses involved, in rule-set order.</summary>
    public required IReadOnlyList<string> Clauses { get; init; }

    /// <summary>The waiver concerned, for waiver findings; otherwise <see langword="null"/>.</summary>
    public string? Waiver { get; init; }

    /// <summary>A subject that shows two clauses clashing, confirmed by evaluating it; otherwise <see langword="null"/>.</summary>
    public Counterexample? Counterexample { get; init; }
}

/// <summary>A finding of the analysis as a clause's entry names it.</summary>
/// <param name="Number">The finding's number in the catalogue.</param>
/// <param name="Name">What kind of finding it is, such as "contradiction".</param>
/// <param name="Code">The diagnostic code, such as <c>CMP0100</c>.</param>
/// <param name="OtherClauses">The other clauses the finding concerns (for a contradiction, the clause it clashes with).</param>
public sealed record CatalogFindingReference(int Number, string Name, string Code, IReadOnlyList<string> OtherClauses);

/// <summary>Turns the analysis's findings into catalogue entries: names and plain-English meanings by diagnostic code.</summary>
internal static class CatalogFindings
{
    public static CatalogAnalysis Create(RuleSet ruleSet, AnalysisOptions options)
    {
        var findings = RuleSetAnalyzer.AnalyzeFindings(ruleSet, options);
        return new CatalogAnalysis
        {
            AsOf = options.ResolveToday(),
            Findings = findings.Select((finding, index) => Entry(ruleSet, finding, index + 1)).ToArray(),
        };
    }

    /// <summary>The findings that concern each clause, by qualified clause id.</summary>
    public static ILookup<string, CatalogFindingReference> ByClause(CatalogAnalysis? analysis) =>
        (analysis?.Findings ?? [])
            .SelectMany(f => f.Clauses.Distinct(StringComparer.Ordinal).Select(clause => (clause, reference: new CatalogFindingReference(
                f.Number, f.Name, f.Diagnostic.Code, f.Clauses.Where(other => other != clause).ToArray()))))
            .ToLookup(p => p.clause, p => p.reference, StringComparer.Ordinal);

    private static CatalogFinding Entry(RuleSet ruleSet, Finding finding, int number)
    {
        var diagnostic = finding.Diagnostic;
        var kind = finding.Clauses.Select(ruleSet.FindClause).OfType<Clause>().FirstOrDefault()?.AppliesTo ?? "subject";
        return new CatalogFinding
        {
            Number = number,
            Name = Name(diagnostic.Code),
            Diagnostic = diagnostic,
            Message = Marked(diagnostic.Message),
            Hint = diagnostic.Hint is { } hint ? Marked(hint) : null,
            Meaning = Meaning(diagnostic.Hint == AnalysisMessages.NeverSatisfiableOnHint ? DatedNeverSatisfiable : diagnostic.Code, kind, finding.Date),
            Clauses = finding.Clauses,
            Waiver = finding.Waiver,
            Counterexample = finding.Counterexample,
        };
    }

    /// <summary>The name of a kind of finding, by diagnostic code.</summary>
    internal static string Name(string code) => code switch
    {
        DiagnosticCodes.Contradiction => "contradiction",
        DiagnosticCodes.MutuallyExclusive => "clauses that exclude each other",
        DiagnosticCodes.NotAnalysed => "not analysed",
        DiagnosticCodes.AnalysisBudgetSpent => "analysis stopped at its budget",
        DiagnosticCodes.WhenNeverHolds => "a clause that never applies",
        DiagnosticCodes.ExceptionAlwaysHolds => "a clause its exceptions always excuse",
        DiagnosticCodes.SupersededThroughout => "a clause superseded throughout",
        DiagnosticCodes.AlwaysSatisfied => "a clause that can never be broken",
        DiagnosticCodes.NeverSatisfiable => "a clause that can never be met",
        DiagnosticCodes.ExceptionNeverHolds => "an exception that never applies",
        DiagnosticCodes.ExpiredWaiver => "an expired waiver",
        DiagnosticCodes.WaiverExpiringSoon => "a waiver that expires soon",
        DiagnosticCodes.WaiverNeverMatches => "a waiver that never matches",
        DiagnosticCodes.WaiverCoversNoViolation => "a waiver that covers no violation",
        _ => "finding",
    };

    /// <summary>The meaning of a CMP0114 that holds on some dates only (outside the windows of the clause's dated exceptions).</summary>
    private const string DatedNeverSatisfiable = DiagnosticCodes.NeverSatisfiable + " on dates";

    private static Prose Meaning(string code, string kind, DateOnly? date)
    {
        var on = date is { } d ? $"On {Operand.Format(d)}" : "On some date";
        var kinds = ConditionRenderer.Plural(kind);
        return ProseBuilder.Of(code switch
        {
            DiagnosticCodes.Contradiction =>
                $"{on} both clauses apply to the {kind} below, and it breaks both. Changing what the clauses demand of it does not help: "
                + $"whatever satisfies one of them breaks the other, so no {kind} like it can satisfy both.",
            DiagnosticCodes.MutuallyExclusive =>
                $"{on} both clauses apply to the {kind} below. Whatever it does about what they demand, one of them is broken: "
                + $"no {kind} like it can satisfy both.",
            DiagnosticCodes.NotAnalysed =>
                "This part of the rules is outside what the analysis decides exactly, so it is not checked for contradictions "
                + "or dead conditions: the tests must cover it.",
            DiagnosticCodes.AnalysisBudgetSpent =>
                "The analysis spent the budget it is given for a rule set of this size and stopped, so the clauses named here "
                + "are not all checked for contradictions or dead conditions: the tests must cover them.",
            DiagnosticCodes.WhenNeverHolds => $"The clause applies to no {kind}, so it never judges anything.",
            DiagnosticCodes.ExceptionAlwaysHolds or DiagnosticCodes.AlwaysSatisfied =>
                $"The clause can never be broken, so it never changes the outcome for any {kind}.",
            DiagnosticCodes.SupersededThroughout => "The clause never applies: on every day it is in effect, a clause that supersedes it is too.",
            DiagnosticCodes.NeverSatisfiable => $"Every {kind} the clause applies to breaks it.",
            DatedNeverSatisfiable =>
                $"On the dates named, every {kind} the clause applies to breaks it: only an exception with dates of its own lets one "
                + "meet it, and only while that exception is in force.",
            DiagnosticCodes.ExceptionNeverHolds => $"The exception never matters: no {kind} that would break the clause meets it.",
            DiagnosticCodes.ExpiredWaiver => $"The waiver no longer applies: the {kinds} it covered are judged by the clause again.",
            DiagnosticCodes.WaiverExpiringSoon => $"When the waiver expires, the {kinds} it covers are judged by the clause again.",
            DiagnosticCodes.WaiverNeverMatches => $"The waiver can never apply: no {kind} it matches is one its clause applies to.",
            DiagnosticCodes.WaiverCoversNoViolation =>
                $"The waiver never changes an outcome: every {kind} it matches already satisfies the clause or is exempt.",
            _ => "See the diagnostic.",
        });
    }

    /// <summary>Diagnostic text, whose quoted parts are in backticks, as prose with those parts as code. Text with an odd
    /// number of backticks stays plain.</summary>
    internal static Prose Marked(string text)
    {
        var parts = text.Split('`');
        if (parts.Length % 2 == 0)
        {
            return ProseBuilder.Of(text);
        }

        var builder = new ProseBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                builder.Code(parts[i]);
            }
            else
            {
                builder.Text(parts[i]);
            }
        }

        return builder.Build();
    }

    /// <summary>"For example, judged as of 2026-03-01, this deployment gets `violated` from `a` and `violated` from `b`, and the
    /// outcome `violation`:" — each clause's status in the counterexample's verdict, in the finding's clause order.</summary>
    internal static Prose Statuses(CatalogFinding finding, Counterexample counterexample, string kind)
    {
        var builder = new ProseBuilder().Text($"For example, judged as of {Operand.Format(counterexample.AsOf)}, this {kind} gets ");
        var clauses = finding.Clauses.Where(counterexample.Statuses.ContainsKey).ToArray();
        for (var i = 0; i < clauses.Length; i++)
        {
            if (i > 0)
            {
                builder.Text(i == clauses.Length - 1 ? " and " : ", ");
            }

            builder.Code(VerdictNames.Name(counterexample.Statuses[clauses[i]])).Text(" from ").Code(clauses[i]);
        }

        return builder.Text(", and the outcome ").Code(VerdictNames.Name(counterexample.Outcome)).Text(":").Build();
    }
}
