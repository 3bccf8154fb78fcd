using System.Globalization;
using System.Text;

namespace Compliance.Cli.Output;

/// <summary>Makes user text safe to print in a CI log: control characters (C0 other than those the caller keeps, DEL,
/// C1), the Unicode line and paragraph separators, and the bidirectional overrides and isolates (which can make a log
/// line read other than it is) become visible <c>\u001b</c> escapes.</summary>
internal static class ControlCharacters
{
    /// <summary>Whether a character is escaped by <see cref="Escape"/>.</summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>The text with every unsafe character but those in <paramref name="keep"/> written as <c>\uXXXX</c>.</summary>
    public static string Escape(string text, string keep = "")
    {
        if (!text.Any(c => IsUnsafe(c) && !keep.Contains(c, StringComparison.Ordinal)))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c) && !keep.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
