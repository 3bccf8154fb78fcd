using System.Globalization;
using System.Text.RegularExpressions;

namespace Compliance.Subjects;

/// <summary>Dates (<c>YYYY-MM-DD</c>) and RFC 3339 timestamps with an offset or <c>Z</c>; nothing else.</summary>
internal static partial class Dates
{
    /// <summary>A date, <c>2026-03-01</c> (also written into the JSON schema of rule files).</summary>
    public const string DateRegex = @"^\d{4}-\d{2}-\d{2}$";

    /// <summary>An RFC 3339 timestamp with an offset or <c>Z</c> (also written into the JSON schema of rule files).</summary>
    public const string TimestampRegex = @"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$";

    [GeneratedRegex(DateRegex, RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(TimestampRegex, RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        return DatePattern().IsMatch(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static bool TryParseTimestamp(string text, out DateTimeOffset instant)
    {
        instant = default;
        return TimestampPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    /// <summary>A subject timestamp: RFC 3339, or a date alone (midnight UTC).</summary>
    public static bool TryParseSubjectTimestamp(string text, out DateTimeOffset instant)
    {
        if (TryParseDate(text, out var date))
        {
            instant = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return TryParseTimestamp(text, out instant);
    }
}
