using System.Globalization;

namespace Compliance.Rules.Expressions;

/// <summary>The work one evaluation of one expression may do. <see cref="ExpressionCost"/> rewrites the compiled tree so
/// that every lambda call, every element a sequence operation reads and every text operation charges this budget before
/// it runs; when the budget runs out, or a text would grow past <see cref="MaxTextLength"/>, it throws
/// <see cref="ExpressionBudgetException"/>, which the evaluator turns into the clause status <c>error</c> like any other
/// expression fault.</summary>
/// <remarks>One instance per evaluation, created by the compiled expression itself, so a rule set judged from many
/// threads gives each evaluation its own budget. Not thread-safe, and never shared.</remarks>
internal sealed class ExpressionBudget
{
    /// <summary>The steps one evaluation may take: a lambda call, an element read by <c>Contains</c>, <c>Count()</c>,
    /// <c>Sum()</c>, <c>Min()</c> or <c>Max()</c>, or a text operation (one step, plus one per
    /// <see cref="CharactersPerStep"/> characters it reads or writes).</summary>
    public const long MaxSteps = 10_000_000;

    /// <summary>The longest text an expression may build, in characters: four times the default line limit for subjects.</summary>
    public const int MaxTextLength = 4 * 1024 * 1024;

    /// <summary>Characters of text a text operation handles for one step (text operations are vectorised: this many
    /// characters cost about as much as one lambda call).</summary>
    public const int CharactersPerStep = 32;

    private long _remaining = MaxSteps;

    /// <summary>One lambda call.</summary>
    public void Step()
    {
        if (--_remaining < 0)
        {
            throw ExpressionBudgetException.OutOfSteps();
        }
    }

    private void Charge(long steps)
    {
        _remaining -= steps;
        if (_remaining < 0)
        {
            throw ExpressionBudgetException.OutOfSteps();
        }
    }

    private static long Length(string? text) => text?.Length ?? 0;

    private void ChargeText(long characters) => Charge(1 + (characters / CharactersPerStep));

    /// <summary>A sequence operation that may read every element of <paramref name="source"/> without calling a lambda.</summary>
    public void Elements<T>(IEnumerable<T>? source) => Charge(source switch
    {
        null => 1,
        string text => 1 + text.Length,
        _ when source.TryGetNonEnumeratedCount(out var count) => 1 + count,

        // A sequence of unknown length is a `Where` or `Select` over the subject's data: each element it yields is charged
        // by its lambda.
        _ => 1,
    });

    /// <summary>A text operation that reads <paramref name="text"/>.</summary>
    public void Text(string? text) => ChargeText(Length(text));

    /// <summary>A text operation that reads both texts (a comparison).</summary>
    public void Text(string? first, string? second) => ChargeText(Length(first) + Length(second));

    /// <summary>A search for <paramref name="value"/> in <paramref name="text"/>, whose worst case reads
    /// <paramref name="value"/> once for each position of <paramref name="text"/>.</summary>
    public void Search(string? text, string? value) => ChargeText(Length(text) * Math.Max(1, Length(value)));

    /// <summary>Text joined from parts: refused before it is built when it would be longer than <see cref="MaxTextLength"/>.</summary>
    public void Join(string? first, string? second) => Joined(Length(first) + Length(second));

    /// <inheritdoc cref="Join(string?, string?)"/>
    public void Join(string? first, string? second, string? third) => Joined(Length(first) + Length(second) + Length(third));

    /// <inheritdoc cref="Join(string?, string?)"/>
    public void Join(string? first, string? second, string? third, string? fourth) =>
        Joined(Length(first) + Length(second) + Length(third) + Length(fourth));

    private void Joined(long length)
    {
        if (length > MaxTextLength)
        {
            throw ExpressionBudgetException.TextTooLong();
        }

        ChargeText(length);
    }
}

/// <summary>An expression's evaluation ran out of <see cref="ExpressionBudget"/>; its clause is <c>error</c>.</summary>
internal sealed class ExpressionBudgetException : Exception
{
    private ExpressionBudgetException(string message) : base(message)
    {
    }

    public static ExpressionBudgetException OutOfSteps() => new(string.Create(CultureInfo.InvariantCulture,
        $"it did more work than the limit of {ExpressionBudget.MaxSteps:N0} steps on this subject"));

    public static ExpressionBudgetException TextTooLong() => new(string.Create(CultureInfo.InvariantCulture,
        $"it would build text longer than the limit of {ExpressionBudget.MaxTextLength:N0} characters"));
}
