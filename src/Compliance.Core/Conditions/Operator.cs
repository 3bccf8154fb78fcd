namespace Compliance.Conditions;

/// <summary>A comparison operator of the rule language.</summary>
public enum Operator
{
    /// <summary><c>equals</c>: the value equals the operand (text ignores case).</summary>
    Equals,

    /// <summary><c>notEquals</c>: the value is missing or differs from the operand.</summary>
    NotEquals,

    /// <summary><c>in</c>: the value is one of the operands.</summary>
    In,

    /// <summary><c>notIn</c>: the value is missing or none of the operands.</summary>
    NotIn,

    /// <summary><c>exists</c>: the value is present (or, with <c>false</c>, absent).</summary>
    Exists,

    /// <summary><c>gt</c>: greater than.</summary>
    GreaterThan,

    /// <summary><c>gte</c>: greater than or equal to.</summary>
    GreaterThanOrEqual,

    /// <summary><c>lt</c>: less than.</summary>
    LessThan,

    /// <summary><c>lte</c>: less than or equal to.</summary>
    LessThanOrEqual,

    /// <summary><c>matches</c>: the text matches a regular expression.</summary>
    Matches,

    /// <summary><c>contains</c>: the text contains a substring, or the list holds a member (ignoring case).</summary>
    Contains,

    /// <summary><c>startsWith</c>: the text begins with one of the operands (ignoring case).</summary>
    StartsWith,

    /// <summary><c>endsWith</c>: the text ends with one of the operands (ignoring case).</summary>
    EndsWith,
}

/// <summary>A quantifier over a list.</summary>
public enum Quantifier
{
    /// <summary><c>some</c>: at least one element satisfies the condition.</summary>
    Some,

    /// <summary><c>every</c>: every element satisfies the condition (true on an empty list).</summary>
    Every,

    /// <summary><c>none</c>: no element satisfies the condition (true on an empty list).</summary>
    None,
}

/// <summary>Rule-file spellings of operators and quantifiers: the one table the compiler reads them by and every writer
/// spells them with.</summary>
public static class OperatorNames
{
    private static readonly (Operator Operator, string Name)[] OperatorTable =
    [
        (Operator.Equals, "equals"),
        (Operator.NotEquals, "notEquals"),
        (Operator.In, "in"),
        (Operator.NotIn, "notIn"),
        (Operator.Exists, "exists"),
        (Operator.GreaterThan, "gt"),
        (Operator.GreaterThanOrEqual, "gte"),
        (Operator.LessThan, "lt"),
        (Operator.LessThanOrEqual, "lte"),
        (Operator.Matches, "matches"),
        (Operator.Contains, "contains"),
        (Operator.StartsWith, "startsWith"),
        (Operator.EndsWith, "endsWith"),
    ];

    private static readonly (Quantifier Quantifier, string Name)[] QuantifierTable =
    [
        (Quantifier.Some, "some"),
        (Quantifier.Every, "every"),
        (Quantifier.None, "none"),
    ];

    /// <summary>The operators by their rule-file spelling, in the order of <see cref="Operator"/>.</summary>
    internal static IReadOnlyDictionary<string, Operator> Operators { get; } =
        OperatorTable.ToDictionary(e => e.Name, e => e.Operator, StringComparer.Ordinal);

    /// <summary>The quantifiers by their rule-file spelling, in the order of <see cref="Quantifier"/>.</summary>
    internal static IReadOnlyDictionary<string, Quantifier> Quantifiers { get; } =
        QuantifierTable.ToDictionary(e => e.Name, e => e.Quantifier, StringComparer.Ordinal);

    /// <summary>The rule-file spelling of an operator, such as <c>notEquals</c>.</summary>
    public static string Name(Operator op) =>
        (uint)op < (uint)OperatorTable.Length && OperatorTable[(int)op].Operator == op
            ? OperatorTable[(int)op].Name
            : throw new ArgumentOutOfRangeException(nameof(op));

    /// <summary>The rule-file spelling of a quantifier, such as <c>some</c>.</summary>
    public static string Name(Quantifier quantifier) =>
        (uint)quantifier < (uint)QuantifierTable.Length && QuantifierTable[(int)quantifier].Quantifier == quantifier
            ? QuantifierTable[(int)quantifier].Name
            : throw new ArgumentOutOfRangeException(nameof(quantifier));
}
