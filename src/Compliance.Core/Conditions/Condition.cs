using System.Collections;
using System.Text.RegularExpressions;
using Compliance.Evaluation;

namespace Compliance.Conditions;

/// <summary>A condition of the rule language, compiled and ready to evaluate.</summary>
/// <remarks>Conditions form an immutable tree that front ends can walk (to explain or render it).
/// Instances are thread-safe.</remarks>
public abstract class Condition
{
    private protected Condition(SourceLocation location) => Location = location;

    /// <summary>Where the condition was written.</summary>
    public SourceLocation Location { get; }

    internal abstract bool Evaluate(object target, EvaluationScope scope);
}

/// <summary><c>all: [...]</c>, or a map of several entries: every condition holds.</summary>
public sealed class AllCondition : Condition
{
    internal AllCondition(IReadOnlyList<Condition> items, SourceLocation location) : base(location) => Items = items;

    /// <summary>The conditions that must all hold.</summary>
    public IReadOnlyList<Condition> Items { get; }

    internal override bool Evaluate(object target, EvaluationScope scope)
    {
        foreach (var item in Items)
        {
            if (!item.Evaluate(target, scope))
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
    internal AnyCondition(IReadOnlyList<Condition> items, SourceLocation location) : base(location) => Items = items;

    /// <summary>The conditions of which one must hold.</summary>
    public IReadOnlyList<Condition> Items { get; }

    internal override bool Evaluate(object target, EvaluationScope scope)
    {
        foreach (var item in Items)
        {
            if (item.Evaluate(target, scope))
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

    internal override bool Evaluate(object target, EvaluationScope scope) => !Inner.Evaluate(target, scope);
}

/// <summary><c>path: {op: operand}</c>: compares the value at a path with operands.</summary>
public sealed class ComparisonCondition : Condition
{
    private readonly Regex? _regex;

    internal ComparisonCondition(FieldPath path, Operator op, IReadOnlyList<Operand> operands, Regex? regex, SourceLocation location)
        : base(location)
    {
        Path = path;
        Operator = op;
        Operands = operands;
        _regex = regex;
    }

    /// <summary>The path compared.</summary>
    public FieldPath Path { get; }

    /// <summary>The operator.</summary>
    public Operator Operator { get; }

    /// <summary>The operands: one, or several for <c>in</c>/<c>notIn</c>.</summary>
    public IReadOnlyList<Operand> Operands { get; }

    /// <summary>For <c>matches</c>, the compiled pattern with its options and timeout.</summary>
    internal Regex? Regex => _regex;

    internal override bool Evaluate(object target, EvaluationScope scope)
    {
        var actual = Path.Get(target);
        scope.Record(Path, actual);
        if (Operator == Operator.Exists)
        {
            var present = Path.Type switch
            {
                Subjects.FieldType.List => FieldPathHelpers.HasElements(actual),
                Subjects.FieldType.StringMap => FieldPathHelpers.HasElements(actual),
                _ => actual is not null,
            };
            return present == (bool)Operands[0].Value;
        }

        if (actual is null)
        {
            return Operator is Operator.NotEquals or Operator.NotIn;
        }

        switch (Operator)
        {
            case Operator.Equals:
                return ValueComparer.AreEqual(actual, Operands[0]);
            case Operator.NotEquals:
                return !ValueComparer.AreEqual(actual, Operands[0]);
            case Operator.In:
                return InOperands(actual);
            case Operator.NotIn:
                return !InOperands(actual);
            case Operator.GreaterThan:
                return ValueComparer.Compare(actual, Operands[0]) > 0;
            case Operator.GreaterThanOrEqual:
                return ValueComparer.Compare(actual, Operands[0]) >= 0;
            case Operator.LessThan:
                return ValueComparer.Compare(actual, Operands[0]) < 0;
            case Operator.LessThanOrEqual:
                return ValueComparer.Compare(actual, Operands[0]) <= 0;
            case Operator.Matches:
                return Match(actual);
            case Operator.Contains:
                return Contains(actual);
            default:
                return false;
        }
    }

    private bool InOperands(object actual)
    {
        foreach (var operand in Operands)
        {
            if (ValueComparer.AreEqual(actual, operand))
            {
                return true;
            }
        }

        return false;
    }

    private bool Match(object actual)
    {
        var text = actual as string ?? Operand.Format(actual);
        try
        {
            return _regex!.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ConditionFaultException(
                $"pattern `{Operands[0].Text}` on `{Path}` timed out after {_regex!.MatchTimeout.TotalMilliseconds:0} ms");
        }
    }

    private bool Contains(object actual)
    {
        var needle = Operands[0];
        if (actual is string s)
        {
            return s.Contains((string)needle.Value, StringComparison.OrdinalIgnoreCase);
        }

        if (actual is IEnumerable list)
        {
            foreach (var item in list)
            {
                if (item is not null && ValueComparer.AreEqual(item, needle))
                {
                    return true;
                }
            }
        }

        return false;
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
        var list = Path.Get(target) as IEnumerable;
        if (list is null)
        {
            scope.Record(Path, null);
            return Quantifier != Quantifier.Some;
        }

        var index = 0;
        foreach (var element in list)
        {
            bool holds;
            scope.Enter(Path.Text, index);
            try
            {
                holds = element is not null && Inner.Evaluate(element, scope);
            }
            finally
            {
                scope.Exit();
            }

            index++;
            switch (Quantifier)
            {
                case Quantifier.Some when holds:
                    return true;
                case Quantifier.Every when !holds:
                    return false;
                case Quantifier.None when holds:
                    return false;
            }
        }

        if (index == 0)
        {
            scope.Record(Path, list);
        }

        return Quantifier != Quantifier.Some;
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
            throw new ConditionFaultException($"expression `{Text}` failed: {ex.Message}");
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
internal sealed class ConditionFaultException(string message) : Exception(message);
