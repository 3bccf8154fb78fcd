using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Compliance.Evaluation;

namespace Compliance.Conditions;

/// <summary>A condition of the rule language, compiled and ready to evaluate.</summary>
/// <remarks>Conditions form an immutable tree that front ends can walk (to render it). Each node's <see cref="Evaluate"/>
/// is the one definition of its meaning: the evaluator runs it, and <see cref="ConditionExplainer"/> observes it through
/// the scope's <see cref="EvaluationScope.Observer"/> rather than walking the tree again. Instances are thread-safe.</remarks>
public abstract class Condition
{
    private protected Condition(SourceLocation location) => Location = location;

    /// <summary>Where the condition was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>Whether the condition holds on <paramref name="target"/>; throws <see cref="ConditionFaultException"/> when it
    /// cannot be evaluated. Nodes evaluate their children through <see cref="Run"/>, never directly.</summary>
    internal abstract bool Evaluate(object target, EvaluationScope scope);

    /// <summary>Evaluates this node: straight on when nobody observes (one null check, no call), or through the scope's
    /// observer, which sees the node begin and end around the same <see cref="Evaluate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Run(object target, EvaluationScope scope) =>
        scope.Observer is { } observer ? observer.Observe(this, target, scope) : Evaluate(target, scope);
}

/// <summary><c>all: [...]</c>, or a map of several entries: every condition holds.</summary>
public sealed class AllCondition : Condition
{
    private readonly Condition[] _items;

    internal AllCondition(IReadOnlyList<Condition> items, SourceLocation location) : base(location)
    {
        Items = items;
        _items = [.. items];
    }

    /// <summary>The conditions that must all hold.</summary>
    public IReadOnlyList<Condition> Items { get; }

    internal override bool Evaluate(object target, EvaluationScope scope)
    {
        foreach (var item in _items)
        {
            if (!item.Run(target, scope))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary><c>any: [...]</c>: at least one condition holds.</summary>
public sealed class AnyCondition : Condition
{
    private readonly Condition[] _items;

    internal AnyCondition(IReadOnlyList<Condition> items, SourceLocation location) : base(location)
    {
        Items = items;
        _items = [.. items];
    }

    /// <summary>The conditions of which one must hold.</summary>
    public IReadOnlyList<Condition> Items { get; }

    internal override bool Evaluate(object target, EvaluationScope scope)
    {
        foreach (var item in _items)
        {
            if (item.Run(target, scope))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>not: cond</c>: the condition does not hold.</summary>
public sealed class NotCondition : Condition
{
    internal NotCondition(Condition inner, SourceLocation location) : base(location) => Inner = inner;

    /// <summary>The negated condition.</summary>
    public Condition Inner { get; }

    internal override bool Evaluate(object target, EvaluationScope scope) => !Inner.Run(target, scope);
}

/// <summary><c>is: term</c>: a defined condition of a contract, holding when the definition's condition holds.</summary>
public sealed class TermCondition : Condition
{
    internal TermCondition(DefinedTerm term, Condition inner, SourceLocation location) : base(location)
    {
        Term = term;
        Inner = inner;
    }

    /// <summary>The definition named.</summary>
    public DefinedTerm Term { get; }

    /// <summary>The definition's condition, compiled for the subject it is used on.</summary>
    public Condition Inner { get; }

    internal override bool Evaluate(object target, EvaluationScope scope) => Inner.Run(target, scope);
}

/// <summary>A contract's defined term as a condition or a list names it.</summary>
/// <param name="Id">The qualified id, <c>contract/term</c>.</param>
/// <param name="Title">The term as the contract writes it (<c>Permitted Partners</c>), if given.</param>
/// <param name="Section">The contract's section that defines it, if given.</param>
public sealed record DefinedTerm(string Id, string? Title, string? Section)
{
    /// <summary>The term's name for people: its title, else its id within the contract.</summary>
    public string Name => Title ?? Id[(Id.IndexOf('/', StringComparison.Ordinal) + 1)..];
}

/// <summary><c>path: {op: operand}</c>: compares the value at a path with operands.</summary>
public sealed class ComparisonCondition : Condition
{
    private readonly LeafTest _test;

    internal ComparisonCondition(FieldPath path, Operator op, IReadOnlyList<Operand> operands, Regex? regex, SourceLocation location,
        DefinedTerm? term = null)
        : base(location)
    {
        Path = path;
        Operator = op;
        Operands = operands;
        Regex = regex;
        Literal = regex is null ? null : LiteralPattern.Of(regex);
        Term = term;
        _test = LeafTest.For(this, regex);
    }

    /// <summary>The defined list the operands came from (<c>in: $permitted-partners</c>); <see langword="null"/> when they were
    /// written out.</summary>
    public DefinedTerm? Term { get; }

    /// <summary>The path compared.</summary>
    public FieldPath Path { get; }

    /// <summary>The operator.</summary>
    public Operator Operator { get; }

    /// <summary>The operands: one, or several for <c>in</c>/<c>notIn</c>/<c>startsWith</c>/<c>endsWith</c>.</summary>
    public IReadOnlyList<Operand> Operands { get; }

    /// <summary>For <c>matches</c>, the compiled pattern with its options and timeout.</summary>
    internal Regex? Regex { get; }

    /// <summary>For a <c>matches</c> pattern that is plain text, the ordinal test that gives the regex's answer.</summary>
    internal LiteralPattern? Literal { get; }

    /// <summary>Whether evaluating this comparison can fault (a regex that times out): not a case-sensitive literal pattern,
    /// which never runs the regex.</summary>
    internal bool MayFault => Operator == Operator.Matches && Literal is not { IgnoreCase: false };

    internal override bool Evaluate(object target, EvaluationScope scope)
    {
        scope.Record(Path, target);
        return _test.Test(target);
    }
}

/// <summary><c>path: {some|every|none: cond}</c>: a condition on the elements of a list.</summary>
public sealed class QuantifierCondition : Condition
{
    internal QuantifierCondition(FieldPath path, Quantifier quantifier, Condition inner, SourceLocation location)
        : base(location)
    {
        Path = path;
        Quantifier = quantifier;
        Inner = inner;
    }

    /// <summary>The list path.</summary>
    public FieldPath Path { get; }

    /// <summary>The quantifier.</summary>
    public Quantifier Quantifier { get; }

    /// <summary>The condition each element is tested against.</summary>
    public Condition Inner { get; }

    internal override bool Evaluate(object target, EvaluationScope scope)
    {
        var value = Path.Get(target);
        if (value is not IEnumerable list)
        {
            scope.Record(Path, target);
            return Quantifier != Quantifier.Some;
        }

        // Arrays and lists by index, so that no enumerator is allocated; other sequences by enumeration.
        var index = 0;
        if (list is IList indexed)
        {
            for (; index < indexed.Count; index++)
            {
                if (Settles(Element(indexed[index], index, scope), out var answer))
                {
                    return answer;
                }
            }
        }
        else
        {
            foreach (var element in list)
            {
                if (Settles(Element(element, index++, scope), out var answer))
                {
                    return answer;
                }
            }
        }

        if (index == 0)
        {
            scope.Record(Path, target);
        }

        return Quantifier != Quantifier.Some;
    }

    /// <summary>Whether <see cref="Inner"/> holds on one element; a missing element holds nothing.</summary>
    internal bool Element(object? element, int index, EvaluationScope scope)
    {
        scope.Enter(Path.Text, index);
        try
        {
            return element is not null && Inner.Run(element, scope);
        }
        finally
        {
            scope.Exit();
        }
    }

    /// <summary>Whether one element's result settles the quantifier, and if so its answer.</summary>
    private bool Settles(bool holds, out bool answer)
    {
        switch (Quantifier)
        {
            case Quantifier.Some when holds:
                answer = true;
                return true;
            case Quantifier.Every when !holds:
            case Quantifier.None when holds:
                answer = false;
                return true;
            default:
                answer = false;
                return false;
        }
    }
}

/// <summary><c>expression: "..."</c>: a C#-style expression compiled from the rule file.</summary>
public sealed class ExpressionCondition : Condition
{
    private readonly Func<object, bool> _predicate;

    internal ExpressionCondition(string text, Func<object, bool> predicate, SourceLocation location) : base(location)
    {
        Text = text;
        _predicate = predicate;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    internal override bool Evaluate(object target, EvaluationScope scope)
    {
        try
        {
            return _predicate(target);
        }
        catch (Exception ex) when (ex is not ConditionFaultException)
        {
            throw new ConditionFaultException($"expression `{Text}` failed: {ex.Message}", timedOut: ex is System.Text.RegularExpressions.RegexMatchTimeoutException);
        }
    }
}

internal static class FieldPathHelpers
{
    public static bool HasElements(object? value) => value switch
    {
        null => false,
        ICollection c => c.Count > 0,
        IEnumerable e => e.GetEnumerator().MoveNext(),
        _ => true,
    };
}

/// <summary>Raised when a condition cannot be evaluated (regex timeout, expression fault); the clause's status becomes <c>error</c>.</summary>
/// <param name="message">What failed.</param>
/// <param name="timedOut">Whether a pattern ran out of time (these count against <see cref="Evaluation.EvaluationOptions.MaxRegexTimeouts"/>).</param>
internal sealed class ConditionFaultException(string message, bool timedOut = false) : Exception(message)
{
    public bool TimedOut { get; } = timedOut;
}
