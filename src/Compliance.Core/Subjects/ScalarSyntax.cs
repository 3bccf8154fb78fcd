using System.Globalization;

namespace Compliance.Subjects;

/// <summary>How a single value of each <see cref="FieldType"/> is read from its text: the one place that decides it, for
/// subjects (every reader, through <see cref="FieldConverter"/>) and for the values rules compare with (the condition
/// compiler's operands).</summary>
/// <remarks>A quoted value (a JSON string, a quoted YAML scalar) is always text: it is never a number or a boolean. Text
/// comes as characters or, from the JSON-lines reader, as the UTF-8 bytes of a JSON token; both read alike.</remarks>
internal static class ScalarSyntax
{
    /// <summary>A whole number in a subject: an optional sign and digits, within a 64-bit integer.</summary>
    public static bool TryWhole(ReadOnlySpan<char> text, bool quoted, out long value)
    {
        value = 0;
        return !quoted && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <inheritdoc cref="TryWhole(ReadOnlySpan{char}, bool, out long)"/>
    public static bool TryWhole(ReadOnlySpan<byte> utf8, out long value) =>
        long.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>A number in a subject: finite, with an optional fraction and exponent.</summary>
    public static bool TryNumber(ReadOnlySpan<char> text, bool quoted, out double value)
    {
        value = 0;
        return !quoted && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <inheritdoc cref="TryNumber(ReadOnlySpan{char}, bool, out double)"/>
    public static bool TryNumber(ReadOnlySpan<byte> utf8, out double value) =>
        double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary><c>true</c> or <c>false</c>, in any case, unquoted.</summary>
    public static bool TryBoolean(ReadOnlySpan<char> text, bool quoted, out bool value)
    {
        value = false;
        return !quoted && bool.TryParse(text, out value);
    }

    /// <summary>A subject timestamp: RFC 3339, or a date alone (midnight UTC); quoted or not.</summary>
    public static bool TryTimestamp(string text, out DateTimeOffset instant) => Dates.TryParseSubjectTimestamp(text, out instant);

    /// <summary>A subject timestamp from UTF-8 text without escapes: <c>yyyy-MM-dd</c> and <c>yyyy-MM-ddTHH:mm:ssZ</c> are
    /// read from the bytes; any other spelling as <see cref="TryTimestamp(string, out DateTimeOffset)"/> reads it.</summary>
    public static bool TryTimestamp(ReadOnlySpan<byte> utf8, out DateTimeOffset instant) =>
        TryQuickTimestamp(utf8, out instant) || TryTimestamp(System.Text.Encoding.UTF8.GetString(utf8), out instant);

    /// <summary>A timestamp as OpenTelemetry writes one (<c>startTimeUnixNano</c>): digits alone, the nanoseconds since
    /// 1970-01-01T00:00:00Z, read to the 100 ns a <see cref="DateTimeOffset"/> holds, within its range.</summary>
    public static bool TryUnixNanoseconds(ReadOnlySpan<char> text, out DateTimeOffset instant)
    {
        instant = default;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var nanos) && FromUnixNanoseconds(nanos, out instant);
    }

    /// <inheritdoc cref="TryUnixNanoseconds(ReadOnlySpan{char}, out DateTimeOffset)"/>
    public static bool TryUnixNanoseconds(ReadOnlySpan<byte> utf8, out DateTimeOffset instant)
    {
        instant = default;
        return ulong.TryParse(utf8, NumberStyles.None, CultureInfo.InvariantCulture, out var nanos) && FromUnixNanoseconds(nanos, out instant);
    }

    /// <summary>The instant <paramref name="nanos"/> nanoseconds after 1970-01-01T00:00:00Z, if a <see cref="DateTimeOffset"/> holds it.</summary>
    public static bool FromUnixNanoseconds(ulong nanos, out DateTimeOffset instant)
    {
        var ticks = nanos / 100;
        var fits = ticks <= (ulong)(DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        instant = fits ? DateTimeOffset.UnixEpoch.AddTicks((long)ticks) : default;
        return fits;
    }

    /// <summary>The index of the enum member <paramref name="text"/> names, ignoring case (the first, if several do), or -1.</summary>
    public static int MemberIndex(IReadOnlyList<string> members, ReadOnlySpan<char> text)
    {
        for (var i = 0; i < members.Count; i++)
        {
            if (text.Equals(members[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the enum member ASCII text in UTF-8 names, ignoring case, as <see cref="MemberIndex"/> finds
    /// it (-1 for none), without decoding the text; <see langword="null"/> when that cannot be told this way, because the
    /// text or a member's name is not all ASCII (ignoring case is then Unicode's case mapping, not ASCII's), and
    /// <see cref="MemberIndex"/> must read the text as characters.</summary>
    public static int? AsciiMemberIndex(IReadOnlyList<string> members, ReadOnlySpan<byte> text)
    {
        if (!System.Text.Ascii.IsValid(text))
        {
            return null;
        }

        for (var i = 0; i < members.Count; i++)
        {
            if (!System.Text.Ascii.IsValid(members[i]))
            {
                return null;
            }

            if (System.Text.Ascii.EqualsIgnoreCase(text, members[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A number a rule compares a field with: finite, unquoted, and for a whole-number field with no fraction
    /// (<c>1.0</c> and <c>1e3</c> are whole).</summary>
    public static bool TryOperandNumber(string text, bool quoted, bool whole, out double value) =>
        TryNumber(text, quoted, out value) && (!whole || Math.Floor(value) == value);

    /// <summary>A date a rule compares a timestamp with, <c>2026-03-01</c>.</summary>
    public static bool TryOperandDate(string text, out DateOnly date) => Dates.TryParseDate(text, out date);

    /// <summary>An RFC 3339 timestamp a rule compares a timestamp with.</summary>
    public static bool TryOperandTimestamp(string text, out DateTimeOffset instant) => Dates.TryParseTimestamp(text, out instant);

    /// <summary>The common timestamp shapes, read from the bytes; false for anything else (which may still be valid).</summary>
    internal static bool TryQuickTimestamp(ReadOnlySpan<byte> text, out DateTimeOffset instant)
    {
        instant = default;
        if (text.Length is not (10 or 20) || text[4] != '-' || text[7] != '-'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        if (text.Length == 10)
        {
            instant = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
            return true;
        }

        if (text[10] is not ((byte)'T' or (byte)'t') || text[13] != ':' || text[16] != ':' || text[19] is not ((byte)'Z' or (byte)'z')
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        instant = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
