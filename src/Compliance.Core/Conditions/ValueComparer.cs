namespace Compliance.Conditions;

/// <summary>Equality and ordering between subject values and rule operands, per the rule language.</summary>
internal static class ValueComparer
{
    public static bool AreEqual(object actual, Operand operand) => operand.Value switch
    {
        string s => actual switch
        {
            string a => string.Equals(a, s, StringComparison.OrdinalIgnoreCase),
            Enum e => string.Equals(e.ToString(), s, StringComparison.OrdinalIgnoreCase),
            _ => false,
        },
        Enum e => actual is Enum a ? a.Equals(e) : actual is string t && string.Equals(t, e.ToString(), StringComparison.OrdinalIgnoreCase),
        double d => TryNumber(actual, out var n) && n == d,
        bool b => actual is bool a && a == b,
        DateOnly or DateTimeOffset => Compare(actual, operand) == 0,
        _ => Equals(actual, operand.Value),
    };

    /// <summary>Orders a subject value against an operand; <see langword="null"/> when they do not compare.</summary>
    public static int? Compare(object actual, Operand operand)
    {
        switch (operand.Value)
        {
            case double d:
                return TryNumber(actual, out var n) ? n.CompareTo(d) : null;
            case DateOnly date:
                return TryInstant(actual, out var instant) ? DateOnly.FromDateTime(instant.UtcDateTime).CompareTo(date) : null;
            case DateTimeOffset at:
                return TryInstant(actual, out var i) ? i.CompareTo(at) : null;
            case string s when actual is string a:
                return string.Compare(a, s, StringComparison.OrdinalIgnoreCase);
            default:
                return null;
        }
    }

    public static bool TryNumber(object value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case float f: number = f; return true;
            case decimal m: number = (double)m; return true;
            case long l: number = l; return true;
            case int i: number = i; return true;
            case short s: number = s; return true;
            case byte b: number = b; return true;
            case uint u: number = u; return true;
            case ulong ul: number = ul; return true;
            default: number = 0; return false;
        }
    }

    public static bool TryInstant(object value, out DateTimeOffset instant)
    {
        switch (value)
        {
            case DateTimeOffset t: instant = t; return true;
            case DateTime t: instant = t.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(t, TimeSpan.Zero) : new DateTimeOffset(t); return true;
            case DateOnly d: instant = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero); return true;
            default: instant = default; return false;
        }
    }
}
