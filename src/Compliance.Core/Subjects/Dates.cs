using System.Globalization;
using System.Text.RegularExpressions;

namespace Compliance.Subjects;

/// <summary>Dates (<c>YYYY-MM-DD</c>) and RFC 3339 timestamps with an offset or <c>Z</c>; nothing else.</summary>
internal static partial class Dates
{
    /// <summary>A calendar day: a month from 01 to 12 and a day that month can have (29 February in any year; the
    /// parser then rejects it outside leap years), so that the JSON schema of rule files rejects <c>2027-13-45</c>.</summary>
    private const string Day = @"\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2\d))";

    /// <summary>A date, <c>2026-03-01</c> (also written into the JSON schema of rule files).</summary>
    public const string DateRegex = "^" + Day + "$";

    /// <summary>An RFC 3339 timestamp with an offset or <c>Z</c> (also written into the JSON schema of rule files).</summary>
    public const string TimestampRegex = "^" + Day + @"[Tt](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$";

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
