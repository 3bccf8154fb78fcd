using System.Buffers;
using System.Globalization;
using System.Text;

namespace Compliance.Cli.Output;

/// <summary>Escapes the characters that would let text a user wrote (an id, a key, a value, a path) act on the terminal
/// or the CI log it is printed to, rather than be read: every C0 control (line feed and carriage return among them),
/// DEL, every C1 control (NEL and the single-character CSI among them), the Unicode line and paragraph separators,
/// the bidirectional controls that reorder what is shown (Trojan Source), and a lone surrogate.</summary>
/// <remarks>
/// <para>Line feed, carriage return and tab become <c>\n</c>, <c>\r</c> and <c>\t</c>; every other such character
/// becomes <c>\uXXXX</c> (<c>\u001b</c> for ESC). A backslash is left as it is, so that Windows paths stay readable:
/// the escaping is for safety, not to be undone.</para>
/// <para><see cref="SafeText"/> applies it to every piece of text the plain-text outputs write; nothing else needs to.</para>
/// </remarks>
internal static class TextEscaper
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create(EscapedCharacters());

    /// <summary>Whether <paramref name="c"/> is written escaped (a surrogate is, unless it is one half of a pair).</summary>
    public static bool IsEscaped(char c) => Escaped.Contains(c);

    /// <summary>The text with every character <see cref="IsEscaped"/> names written as an escape.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(Escaped) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        Append(builder, text);
        return builder.ToString();
    }

    /// <summary>The text escaped as <see cref="Escape(string)"/> does, except for the characters in
    /// <paramref name="keep"/>, which are written as they are (XML keeps tab and line breaks in its own syntax).</summary>
    public static string Escape(string text, string keep)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (keep.Length == 0 || text.AsSpan().IndexOfAny(Escaped) < 0)
        {
            return Escape(text);
        }

        var builder = new StringBuilder(text.Length + 16);
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || keep.Contains(text[i], StringComparison.Ordinal))
            {
                Append(builder, text.AsSpan(start, i - start));
                if (i < text.Length)
                {
                    builder.Append(text[i]);
                }

                start = i + 1;
            }
        }

        return builder.ToString();
    }

    /// <summary>Appends the text to <paramref name="builder"/>, escaped.</summary>
    public static void Append(StringBuilder builder, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var next = text.IndexOfAny(Escaped);
            if (next < 0)
            {
                builder.Append(text);
                return;
            }

            builder.Append(text[..next]);
            var c = text[next];
            if (char.IsHighSurrogate(c) && next + 1 < text.Length && char.IsLowSurrogate(text[next + 1]))
            {
                builder.Append(c).Append(text[next + 1]);
                text = text[(next + 2)..];
                continue;
            }

            AppendEscape(builder, c);
            text = text[(next + 1)..];
        }
    }

    private static void AppendEscape(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '\n':
                builder.Append(@"\n");
                break;
            case '\r':
                builder.Append(@"\r");
                break;
            case '\t':
                builder.Append(@"\t");
                break;
            default:
                builder.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string EscapedCharacters()
    {
        var characters = new StringBuilder();
        for (var c = '\u0000'; c <= '\u001f'; c++)
        {
            characters.Append(c);
        }

        for (var c = '\u007f'; c <= '\u009f'; c++)
        {
            characters.Append(c);
        }

        // The line and paragraph separators; the bidirectional marks, embeddings, overrides and isolates.
        characters.Append('\u2028').Append('\u2029').Append('\u061c').Append('\u200e').Append('\u200f');
        for (var c = '\u202a'; c <= '\u202e'; c++)
        {
            characters.Append(c);
        }

        for (var c = '\u2066'; c <= '\u2069'; c++)
        {
            characters.Append(c);
        }

        for (var c = '\ud800'; c <= '\udfff'; c++)
        {
            characters.Append(c);
        }

        return characters.ToString();
    }
}
