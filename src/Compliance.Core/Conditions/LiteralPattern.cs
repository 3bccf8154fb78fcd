using System.Text;
using System.Text.RegularExpressions;

namespace Compliance.Conditions;

/// <summary>A <c>matches</c> pattern that is plain text, optionally anchored (<c>^asia-</c>, <c>-eu$</c>, <c>^gpt-5$</c>,
/// <c>openai</c>), tested with ordinal string operations instead of the regex engine, with the regex's own answer.</summary>
/// <remarks>
/// Recognised only when the regex has no options but <see cref="RegexOptions.CultureInvariant"/> (and
/// <see cref="RegexOptions.NonBacktracking"/>, which does not change what matches), and its text is an optional
/// <c>(?i)</c>, an optional <c>^</c>, literal characters (letters, digits, non-ASCII text, and the punctuation that is not
/// regex syntax, or any punctuation escaped with <c>\</c>) and an optional <c>$</c>. Without <c>Multiline</c>, <c>^</c>
/// is the start of the text and <c>$</c> its end or the position before a final <c>\n</c>; without <c>(?i)</c> a literal
/// matches exactly its own UTF-16 code units, which is an ordinal comparison. With <c>(?i)</c>, the regex's invariant case
/// table and <see cref="StringComparison.OrdinalIgnoreCase"/> agree on ASCII (A–Z with a–z and nothing else), but not
/// beyond (the regex takes U+212A KELVIN SIGN for <c>k</c>): such a literal must be ASCII, and text whose compared part is
/// not ASCII goes to the regex (<see cref="TryMatch"/> answers <see langword="false"/>). A case-sensitive literal never
/// needs the regex, so it cannot time out. Immutable and thread-safe.
/// </remarks>
internal sealed class LiteralPattern
{
    private readonly string _literal;
    private readonly bool _start;
    private readonly bool _end;

    private LiteralPattern(string literal, bool start, bool end, bool ignoreCase)
    {
        _literal = literal;
        _start = start;
        _end = end;
        IgnoreCase = ignoreCase;
    }

    /// <summary>Whether the pattern starts with <c>(?i)</c>; then some text still needs the regex.</summary>
    public bool IgnoreCase { get; }

    /// <summary>The literal pattern <paramref name="regex"/> is, or <see langword="null"/> when it is anything else.</summary>
    public static LiteralPattern? Of(Regex regex)
    {
        if ((regex.Options & ~(RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)) != 0
            || (regex.Options & RegexOptions.CultureInvariant) == 0)
        {
            return null;
        }

        var text = regex.ToString();
        var at = 0;
        var ignoreCase = text.StartsWith("(?i)", StringComparison.Ordinal);
        if (ignoreCase)
        {
            at = 4;
        }

        var start = at < text.Length && text[at] == '^';
        if (start)
        {
            at++;
        }

        var literal = new StringBuilder();
        var end = false;
        while (at < text.Length)
        {
            var c = text[at];
            if (c == '$' && at == text.Length - 1)
            {
                end = true;
                break;
            }

            if (c == '\\')
            {
                // An escaped punctuation character is itself; an escaped letter or digit is a class, an anchor or a reference.
                if (at + 1 >= text.Length || !IsPunctuation(text[at + 1]))
                {
                    return null;
                }

                literal.Append(text[at + 1]);
                at += 2;
                continue;
            }

            if (IsSyntax(c) || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return null;
            }

            literal.Append(c);
            at++;
        }

        var made = literal.ToString();
        if (ignoreCase && !Ascii.IsValid(made))
        {
            return null;
        }

        return new LiteralPattern(made, start, end, ignoreCase);
    }

    /// <summary>Tests <paramref name="text"/> as the regex would.</summary>
    /// <returns>Whether the answer is known: always, without <c>(?i)</c>; with it, when the text compared is ASCII.</returns>
    public bool TryMatch(string text, out bool matches)
    {
        var span = text.AsSpan();
        var n = _literal.Length;
        bool? result;
        switch (_start, _end)
        {
            case (true, true):
                // `^L$`: the whole text, or the whole text but a final line break.
                result = span.Length == n ? Equal(span) : span.Length == n + 1 && span[^1] == '\n' ? Equal(span[..^1]) : false;
                break;
            case (true, false):
                result = span.Length >= n ? Equal(span[..n]) : false;
                break;
            case (false, true):
                // `L$`: at the end, or just before a final line break.
                var atEnd = span.Length >= n ? Equal(span[^n..]) : false;
                if (atEnd != true && span.Length > n && span[^1] == '\n')
                {
                    var beforeBreak = Equal(span[^(n + 1)..^1]);
                    result = beforeBreak == true ? true : atEnd is null || beforeBreak is null ? null : false;
                }
                else
                {
                    result = atEnd;
                }

                break;
            default:
                result = IgnoreCase && !Ascii.IsValid(span) ? null
                    : span.IndexOf(_literal, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) >= 0;
                break;
        }

        matches = result == true;
        return result is not null;
    }

    /// <summary>Whether a part of the text as long as the literal is the literal; <see langword="null"/> when only the regex
    /// can say (ignoring case, on text that is not ASCII).</summary>
    private bool? Equal(ReadOnlySpan<char> part)
    {
        if (!IgnoreCase)
        {
            return part.SequenceEqual(_literal);
        }

        return Ascii.IsValid(part) ? part.Equals(_literal, StringComparison.OrdinalIgnoreCase) : null;
    }

    /// <summary>The characters with a meaning in a .NET pattern outside a class (and <c>#</c>, a comment under <c>(?x)</c>).</summary>
    private static bool IsSyntax(char c) => c is '\\' or '*' or '+' or '?' or '|' or '{' or '}' or '[' or ']' or '(' or ')' or '^' or '$' or '.' or '#';

    private static bool IsPunctuation(char c) => c < 128 && !char.IsAsciiLetterOrDigit(c) && !char.IsWhiteSpace(c) && !char.IsControl(c);
}
