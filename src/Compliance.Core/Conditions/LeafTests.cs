using System.Collections;
using System.Text.RegularExpressions;
using Compliance.Subjects;

namespace Compliance.Conditions;

/// <summary>A comparison compiled for the shape of its path: reads the value with a typed reader (no boxing) and compares
/// it with operands converted once, at load time. Each subclass gives exactly the answer of <see cref="GenericLeaf"/>,
/// which follows <see cref="ValueComparer"/>; it is only faster.</summary>
internal abstract class LeafTest
{
    public abstract bool Test(object target);

    /// <summary>Picks the fastest test that keeps the comparison's meaning.</summary>
    public static LeafTest For(ComparisonCondition condition, Regex? regex)
    {
        var path = condition.Path;
        var op = condition.Operator;
        var operands = condition.Operands;
        switch (path.Shape)
        {
            case ValueShape.String when op is Operator.Equals or Operator.NotEquals or Operator.In or Operator.NotIn or Operator.Exists
                or Operator.Matches or Operator.StartsWith or Operator.EndsWith || (op == Operator.Contains && path.Type == FieldType.String):
                return new StringLeaf((Func<object, string?>)path.Reader, op, Texts(operands), regex, condition);
            case ValueShape.Enum when op is not (Operator.Matches or Operator.Contains) && AllOf<Enum>(operands):
                return new EquatableLeaf<long>((Func<object, long?>)path.Reader, op, operands.Select(o => Convert.ToInt64(o.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            case ValueShape.Number when op is not (Operator.Matches or Operator.Contains) && AllOf<double>(operands):
                return new NumberLeaf((Func<object, double?>)path.Reader, op, operands.Select(o => o.Value is bool b ? (b ? 1d : 0d) : (double)o.Value).ToArray());
            case ValueShape.Boolean when op is not (Operator.Matches or Operator.Contains) && AllOf<bool>(operands):
                return new EquatableLeaf<bool>((Func<object, bool?>)path.Reader, op, operands.Select(o => (bool)o.Value).ToArray());
            case ValueShape.Timestamp when op is not (Operator.Matches or Operator.Contains)
                && operands.All(o => o.Value is DateOnly or DateTimeOffset || op == Operator.Exists):
                return new TimestampLeaf((Func<object, DateTimeOffset?>)path.Reader, op, operands.Select(o => o.Value).ToArray());
        }

        return new GenericLeaf(condition, regex);
    }

    private static bool AllOf<T>(IReadOnlyList<Operand> operands) => operands.All(o => o.Value is T || o.Value is bool);

    private static string[] Texts(IReadOnlyList<Operand> operands) => operands.Select(o => o.Value as string ?? string.Empty).ToArray();

    /// <summary>The answer on a missing value: only <c>notEquals</c> and <c>notIn</c> hold (<c>exists</c> is handled apart).</summary>
    protected static bool Missing(Operator op) => op is Operator.NotEquals or Operator.NotIn;

    /// <summary>The answer of an ordering operator for a comparison result.</summary>
    protected static bool Ordered(Operator op, int comparison) => op switch
    {
        Operator.GreaterThan => comparison > 0,
        Operator.GreaterThanOrEqual => comparison >= 0,
        Operator.LessThan => comparison < 0,
        Operator.LessThanOrEqual => comparison <= 0,
        _ => false,
    };
}

/// <summary>Text: equality ignores case; <c>contains</c> is a substring; <c>matches</c> runs the regex.</summary>
internal sealed class StringLeaf(Func<object, string?> read, Operator op, string[] operands, Regex? regex, ComparisonCondition condition) : LeafTest
{
    private readonly bool _exists = op == Operator.Exists && condition.Operands[0].Value is true;

    // A long `in` list is looked up, not scanned: `StringComparer.OrdinalIgnoreCase` hashes as `string.Equals` with
    // `OrdinalIgnoreCase` compares, so the answer is the same, and the rule-set analysis, which tests every value the
    // list names against it, stays linear in the list.
    private readonly HashSet<string>? _set = op is Operator.In or Operator.NotIn && operands.Length > 8
        ? new HashSet<string>(operands, StringComparer.OrdinalIgnoreCase)
        : null;

    public override bool Test(object target)
    {
        var actual = read(target);
        if (op == Operator.Exists)
        {
            return (actual is not null) == _exists;
        }

        if (actual is null)
        {
            return Missing(op);
        }

        switch (op)
        {
            case Operator.Equals:
                return string.Equals(actual, operands[0], StringComparison.OrdinalIgnoreCase);
            case Operator.NotEquals:
                return !string.Equals(actual, operands[0], StringComparison.OrdinalIgnoreCase);
            case Operator.In:
                return In(actual);
            case Operator.NotIn:
                return !In(actual);
            case Operator.Contains:
                return actual.Contains(operands[0], StringComparison.OrdinalIgnoreCase);
            case Operator.Matches:
                return GenericLeaf.Match(regex!, actual, condition);
            case Operator.StartsWith:
                return GenericLeaf.StartsWith(actual, operands);
            case Operator.EndsWith:
                return GenericLeaf.EndsWith(actual, operands);
            default:
                return false;
        }
    }

    private bool In(string actual)
    {
        if (_set is not null)
        {
            return _set.Contains(actual);
        }

        foreach (var operand in operands)
        {
            if (string.Equals(actual, operand, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An enum member (compared by its value as <see cref="long"/>) or <c>true</c>/<c>false</c>: equality only.
/// Generic over a value type, so the JIT makes one specialised copy per type and nothing is boxed.</summary>
internal sealed class EquatableLeaf<T>(Func<object, T?> read, Operator op, T[] operands) : LeafTest
    where T : struct, IEquatable<T>
{
    // `exists` has a boolean operand, stored in the array as a T: for bool itself, or 0/1 for enum values.
    private readonly bool _existsExpected = op == Operator.Exists && !operands[0].Equals(default);

    public override bool Test(object target)
    {
        var value = read(target);
        if (op == Operator.Exists)
        {
            return value.HasValue == _existsExpected;
        }

        if (value is not { } actual)
        {
            return Missing(op);
        }

        return op switch
        {
            Operator.Equals => actual.Equals(operands[0]),
            Operator.NotEquals => !actual.Equals(operands[0]),
            Operator.In => Array.IndexOf(operands, actual) >= 0,
            Operator.NotIn => Array.IndexOf(operands, actual) < 0,
            _ => false,
        };
    }
}

/// <summary>A number (whole or not), compared as <see cref="double"/>, ordered with <see cref="double.CompareTo(double)"/>.</summary>
internal sealed class NumberLeaf(Func<object, double?> read, Operator op, double[] operands) : LeafTest
{
    public override bool Test(object target)
    {
        var value = read(target);
        if (op == Operator.Exists)
        {
            return value.HasValue == (operands[0] != 0);
        }

        if (value is not { } actual)
        {
            return Missing(op);
        }

        switch (op)
        {
            case Operator.Equals:
                return actual == operands[0];
            case Operator.NotEquals:
                return actual != operands[0];
            case Operator.In:
                return In(actual);
            case Operator.NotIn:
                return !In(actual);
            default:
                return Ordered(op, actual.CompareTo(operands[0]));
        }
    }

    private bool In(double actual)
    {
        foreach (var operand in operands)
        {
            if (actual == operand)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An instant: against a date in a rule, its UTC calendar date; against a timestamp, the instant.</summary>
internal sealed class TimestampLeaf(Func<object, DateTimeOffset?> read, Operator op, object[] operands) : LeafTest
{
    public override bool Test(object target)
    {
        var value = read(target);
        if (op == Operator.Exists)
        {
            return value.HasValue == (bool)operands[0];
        }

        if (value is not { } actual)
        {
            return Missing(op);
        }

        switch (op)
        {
            case Operator.Equals:
                return Compare(actual, operands[0]) == 0;
            case Operator.NotEquals:
                return Compare(actual, operands[0]) != 0;
            case Operator.In:
                return In(actual);
            case Operator.NotIn:
                return !In(actual);
            default:
                return Ordered(op, Compare(actual, operands[0]));
        }
    }

    private static int Compare(DateTimeOffset actual, object operand) => operand is DateOnly date
        ? DateOnly.FromDateTime(actual.UtcDateTime).CompareTo(date)
        : actual.CompareTo((DateTimeOffset)operand);

    private bool In(DateTimeOffset actual)
    {
        foreach (var operand in operands)
        {
            if (Compare(actual, operand) == 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Any comparison, through <see cref="ValueComparer"/> on the value read as an object: lists, maps, list elements,
/// and whatever the typed leaves do not cover.</summary>
internal sealed class GenericLeaf(ComparisonCondition condition, Regex? regex) : LeafTest
{
    private readonly string[] _texts = condition.Operator is Operator.StartsWith or Operator.EndsWith
        ? condition.Operands.Select(o => o.Value as string ?? string.Empty).ToArray()
        : [];

    public override bool Test(object target)
    {
        var path = condition.Path;
        var operands = condition.Operands;
        var actual = path.Get(target);
        if (condition.Operator == Operator.Exists)
        {
            var present = path.Type is FieldType.List or FieldType.StringMap
                ? FieldPathHelpers.HasElements(actual)
                : actual is not null;
            return present == (bool)operands[0].Value;
        }

        if (actual is null)
        {
            return Missing(condition.Operator);
        }

        switch (condition.Operator)
        {
            case Operator.Equals:
                return ValueComparer.AreEqual(actual, operands[0]);
            case Operator.NotEquals:
                return !ValueComparer.AreEqual(actual, operands[0]);
            case Operator.In:
                return InOperands(actual, operands);
            case Operator.NotIn:
                return !InOperands(actual, operands);
            case Operator.GreaterThan:
                return ValueComparer.Compare(actual, operands[0]) > 0;
            case Operator.GreaterThanOrEqual:
                return ValueComparer.Compare(actual, operands[0]) >= 0;
            case Operator.LessThan:
                return ValueComparer.Compare(actual, operands[0]) < 0;
            case Operator.LessThanOrEqual:
                return ValueComparer.Compare(actual, operands[0]) <= 0;
            case Operator.Matches:
                return Match(regex!, actual as string ?? Operand.Format(actual), condition);
            case Operator.Contains:
                return Contains(actual, operands[0]);
            case Operator.StartsWith:
                return actual is string start && StartsWith(start, _texts);
            case Operator.EndsWith:
                return actual is string end && EndsWith(end, _texts);
            default:
                return false;
        }
    }

    /// <summary><c>startsWith</c>: the text begins with any of the operands, ignoring case.</summary>
    public static bool StartsWith(string actual, string[] operands)
    {
        foreach (var operand in operands)
        {
            if (actual.StartsWith(operand, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>endsWith</c>: the text ends with any of the operands, ignoring case.</summary>
    public static bool EndsWith(string actual, string[] operands)
    {
        foreach (var operand in operands)
        {
            if (actual.EndsWith(operand, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Match(Regex regex, string text, ComparisonCondition condition)
    {
        if (condition.Literal is { } literal && literal.TryMatch(text, out var matches))
        {
            return matches;
        }

        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ConditionFaultException(
                $"pattern `{condition.Operands[0].Text}` on `{condition.Path}` timed out after {regex.MatchTimeout.TotalMilliseconds:0} ms",
                timedOut: true);
        }
    }

    private static bool InOperands(object actual, IReadOnlyList<Operand> operands)
    {
        foreach (var operand in operands)
        {
            if (ValueComparer.AreEqual(actual, operand))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(object actual, Operand needle)
    {
        if (actual is string s)
        {
            return s.Contains((string)needle.Value, StringComparison.OrdinalIgnoreCase);
        }

        if (actual is IList indexed)
        {
            // Arrays and lists: by index, so that no enumerator is allocated.
            for (var i = 0; i < indexed.Count; i++)
            {
                if (indexed[i] is { } item && ValueComparer.AreEqual(item, needle))
                {
                    return true;
                }
            }

            return false;
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
