using Compliance.Model;
using Compliance.Subjects;

namespace Compliance.Verdicts;

/// <summary>The judgement of one subject on one date.</summary>
public sealed record Verdict
{
    /// <summary>The subject's id (or <c>file:line</c> when it had none).</summary>
    public required string Subject { get; init; }

    /// <summary>The subject's kind; <see langword="null"/> when it could not be told.</summary>
    public required string? Kind { get; init; }

    /// <summary>Where the subject came from, as <c>file:line</c>; <see langword="null"/> for subjects made in code.</summary>
    public string? Source { get; init; }

    /// <summary>The date the clauses were judged as of.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>The outcome.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>Every clause that applied, in rule-set order (with tracing, also those that did not).</summary>
    /// <remarks>Read-only however it is cast (verdicts share it): a list given here is copied unless it is one the engine made.</remarks>
    public required IReadOnlyList<ClauseResult> Clauses { get => _clauses; init => _clauses = ReadOnlyArray<ClauseResult>.From(value); }

    private readonly ReadOnlyArray<ClauseResult> _clauses = ReadOnlyArray<ClauseResult>.Empty;

    /// <summary>The clauses, read in place (no enumerator to allocate).</summary>
    internal ReadOnlySpan<ClauseResult> ClauseSpan => _clauses.Span;

    /// <summary>Why the subject could not be judged; empty for a valid subject.</summary>
    /// <remarks>Read-only however it is cast; a list given here is copied.</remarks>
    public IReadOnlyList<SubjectError> Errors { get => _errors; init => _errors = ReadOnlyArray<SubjectError>.From(value); }

    private readonly ReadOnlyArray<SubjectError> _errors = ReadOnlyArray<SubjectError>.Empty;

    /// <summary>The errors, read in place.</summary>
    internal ReadOnlySpan<SubjectError> ErrorSpan => _errors.Span;

    /// <summary>Whether the outcome is at least as severe as <paramref name="threshold"/>.</summary>
    public bool IsAtOrAbove(Outcome threshold) => Outcome <= threshold;
}

/// <summary>One clause's result for one subject.</summary>
public sealed record ClauseResult
{
    /// <summary>The qualified clause id, <c>contract/clause</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The contract's id.</summary>
    public required string Contract { get; init; }

    /// <summary>The contract section, if any.</summary>
    public string? Section { get; init; }

    /// <summary>The clause's title.</summary>
    public required string Title { get; init; }

    /// <summary>The contract's words.</summary>
    public required string Text { get; init; }

    /// <summary>The status.</summary>
    public required ClauseStatus Status { get; init; }

    /// <summary>The clause's effect.</summary>
    public required Effect Effect { get; init; }

    /// <summary>The rendered message: for a violated clause, its message (or title); for an error, what failed.</summary>
    public string? Message { get; init; }

    /// <summary>How to fix a violation.</summary>
    public string? Remediation { get; init; }

    /// <summary>The subject values the clause read, by path, in the order read.</summary>
    /// <remarks>Read-only however it is cast (results share it): a list given here is copied unless it is one the engine made.</remarks>
    public IReadOnlyList<Fact> Facts { get => _facts; init => _facts = ReadOnlyArray<Fact>.From(value); }

    private readonly ReadOnlyArray<Fact> _facts = ReadOnlyArray<Fact>.Empty;

    /// <summary>The facts, read in place.</summary>
    internal ReadOnlySpan<Fact> FactSpan => _facts.Span;

    /// <summary>The id of the exception that exempted the subject.</summary>
    public string? Exception { get; init; }

    /// <summary>The id of the waiver that waived the violation.</summary>
    public string? Waiver { get; init; }

    /// <summary>Where the clause is written, as <c>file:line</c>.</summary>
    public required string Source { get; init; }

    /// <summary>With tracing, why a clause did not apply or was superseded.</summary>
    public string? Reason { get; init; }
}

/// <summary>A subject value a clause read.</summary>
/// <param name="Path">The path, such as <c>cloud</c> or <c>calls[1].cloud</c>.</param>
/// <param name="Value">The value: text, number, boolean, a list (a read-only <see cref="IReadOnlyList{T}"/> of values), a map
/// (a read-only <see cref="IReadOnlyDictionary{TKey, TValue}"/>), or <see langword="null"/> when missing.</param>
public sealed record Fact(string Path, object? Value)
{
    private readonly object? _value = FactValues.Freeze(Value);

    /// <summary>The value: text, number, boolean, a read-only list, a read-only map, or <see langword="null"/> when missing.</summary>
    /// <remarks>An array or dictionary given here is copied into a read-only one (verdicts share facts).</remarks>
    public object? Value { get => _value; init => _value = FactValues.Freeze(value); }
}
