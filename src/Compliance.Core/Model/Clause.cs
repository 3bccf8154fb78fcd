using Compliance.Conditions;

namespace Compliance.Model;

/// <summary>A contract clause, loaded and compiled.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Clause
{
    internal Clause(string contract, string localId, string? section, string title, string text, string kind,
        EffectiveWindow effective, Condition? when, ClauseMode mode, Condition condition, Effect effect,
        MessageTemplate? message, string? remediation, IReadOnlyList<ClauseException> exceptions,
        IReadOnlyList<string> supersedes, SourceLocation location)
    {
        Contract = contract;
        LocalId = localId;
        Id = contract + "/" + localId;
        Section = section;
        Title = title;
        Text = text;
        AppliesTo = kind;
        Effective = effective;
        When = when;
        Mode = mode;
        Condition = condition;
        Effect = effect;
        Message = message;
        Remediation = remediation;
        Exceptions = exceptions;
        Supersedes = supersedes;
        Location = location;
        Source = location.FileAndLine;
    }

    /// <summary>The qualified id, <c>contract/clause</c>.</summary>
    public string Id { get; }

    /// <summary>The id within its contract.</summary>
    public string LocalId { get; }

    /// <summary>The id of the contract that holds the clause.</summary>
    public string Contract { get; }

    /// <summary>The contract's section number, if given.</summary>
    public string? Section { get; }

    /// <summary>A short title.</summary>
    public string Title { get; }

    /// <summary>The contract's words.</summary>
    public string Text { get; }

    /// <summary>The subject kind the clause applies to.</summary>
    public string AppliesTo { get; }

    /// <summary>The dates on which the clause is in effect.</summary>
    public EffectiveWindow Effective { get; }

    /// <summary>Which subjects the clause applies to; <see langword="null"/> for every subject of the kind.</summary>
    public Condition? When { get; }

    /// <summary>Whether <see cref="Condition"/> is required or forbidden.</summary>
    public ClauseMode Mode { get; }

    /// <summary>The <c>require</c> or <c>forbid</c> condition.</summary>
    public Condition Condition { get; }

    /// <summary>What a violation means.</summary>
    public Effect Effect { get; }

    /// <summary>The message shown when violated, with <c>{path}</c> placeholders.</summary>
    public MessageTemplate? Message { get; }

    /// <summary>How to fix a violation.</summary>
    public string? Remediation { get; }

    /// <summary>Carve-outs that exempt a subject that would violate the clause.</summary>
    public IReadOnlyList<ClauseException> Exceptions { get; }

    /// <summary>Qualified ids of the clauses this one supersedes while in effect.</summary>
    public IReadOnlyList<string> Supersedes { get; }

    /// <summary>Where the clause's <c>id</c> was written.</summary>
    public SourceLocation Location { get; }

    /// <summary><see cref="Location"/> as <c>file:line</c>, made once for the verdicts that name the clause.</summary>
    internal string Source { get; }
}

/// <summary>A clause's carve-out: when its condition holds, a subject that would violate the clause is exempt.</summary>
/// <param name="Id">The exception's id, unique in its clause.</param>
/// <param name="Reason">Why the carve-out exists.</param>
/// <param name="When">Which subjects are exempt.</param>
/// <param name="Location">Where the exception's <c>id</c> was written.</param>
public sealed record ClauseException(string Id, string? Reason, Condition When, SourceLocation Location)
{
    /// <summary>The dates on which the carve-out exists; outside them the clause is judged as if it were not written.</summary>
    /// <value>The default is <see cref="EffectiveWindow.Always"/>.</value>
    public EffectiveWindow Effective { get; init; } = EffectiveWindow.Always;

    /// <summary>The contract's section that writes the carve-out, when it has one of its own.</summary>
    /// <value>The default is <see langword="null"/>: the exception has no section of its own.</value>
    public string? Section { get; init; }
}

/// <summary>The dates on which a clause is in effect: <see cref="From"/> inclusive, <see cref="Until"/> exclusive.</summary>
/// <param name="From">The first day in effect; <see langword="null"/> for no start.</param>
/// <param name="Until">The first day no longer in effect; <see langword="null"/> for no end.</param>
public sealed record EffectiveWindow(DateOnly? From, DateOnly? Until)
{
    /// <summary>A window with no start and no end.</summary>
    public static EffectiveWindow Always { get; } = new(null, null);

    /// <summary>Whether the window includes the date.</summary>
    public bool Contains(DateOnly date) => (From is null || date >= From) && (Until is null || date < Until);

    /// <summary>Whether the end was written as the last day in force (<c>through</c>) rather than the first day no longer in
    /// force (<c>until</c>); <see cref="Until"/> is the day after that last day either way.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Inclusive { get; init; }

    /// <summary>The last day in force, the day before <see cref="Until"/>; <see langword="null"/> for no end.</summary>
    public DateOnly? LastDay => Until?.AddDays(-1);
}

/// <summary>A contract: its id, title, parties and clauses.</summary>
/// <param name="Id">The contract's id, unique in the rule set.</param>
/// <param name="Title">The contract's title.</param>
/// <param name="Parties">The parties to the contract.</param>
/// <param name="Clauses">The clauses, in file order.</param>
/// <param name="Location">Where the contract's <c>id</c> was written.</param>
public sealed record Contract(string Id, string Title, IReadOnlyList<string> Parties, IReadOnlyList<Clause> Clauses, SourceLocation Location)
{
    /// <summary>The contract's defined terms, in file order.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<Definition> Definitions { get; init; } = [];
}

/// <summary>A contract's defined term: a list of values (<c>$term</c>) or a condition (<c>is: term</c>).</summary>
/// <param name="Term">The term's qualified id, title and section.</param>
/// <param name="Text">The contract's definition in its words, if given.</param>
/// <param name="Values">For a defined list, its values as written (the lists it names spliced in); otherwise <see langword="null"/>.</param>
/// <param name="Condition">For a defined condition, its form compiled for the first clause that uses it; <see langword="null"/> for
/// a list, or a condition nothing uses.</param>
/// <param name="Location">Where the definition's <c>id</c> was written.</param>
public sealed record Definition(DefinedTerm Term, string? Text, IReadOnlyList<string>? Values, Condition? Condition, SourceLocation Location);

/// <summary>A waiver: an approved, dated permission to violate one clause for some subjects.</summary>
/// <param name="Id">The waiver's id, unique in the rule set.</param>
/// <param name="ClauseId">The qualified id of the waived clause.</param>
/// <param name="When">Which subjects the waiver covers; <see langword="null"/> for every subject the clause applies to.</param>
/// <param name="Reason">Why it was granted.</param>
/// <param name="ApprovedBy">Who approved it.</param>
/// <param name="Expires">The first day on which the waiver no longer applies.</param>
/// <param name="Location">Where the waiver's <c>id</c> was written.</param>
public sealed record Waiver(string Id, string ClauseId, Condition? When, string? Reason, string? ApprovedBy, DateOnly Expires, SourceLocation Location)
{
    /// <summary>Whether the waiver applies on the date (it is ignored on or after <see cref="Expires"/>).</summary>
    public bool IsActiveOn(DateOnly date) => date < Expires;

    /// <summary>Whether the end was written as the last day the waiver counts (<c>through</c>) rather than the first day it no
    /// longer counts (<c>expires</c>); <see cref="Expires"/> is the day after that last day either way.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Inclusive { get; init; }

    /// <summary>The last day the waiver counts, the day before <see cref="Expires"/>.</summary>
    public DateOnly LastDay => Expires.AddDays(-1);
}
