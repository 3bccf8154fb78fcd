using System.Text;

namespace Compliance.Rules.Compilation;

/// <summary>Recognises a <c>matches</c> pattern written as a wildcard (a glob such as <c>eu-*</c> or <c>*.azure.com</c>),
/// and says what was probably meant.</summary>
/// <remarks>
/// The rule, as docs/rule-language.md states it for editors: a pattern reads as a wildcard when it holds a <c>*</c>, and
/// besides <c>*</c> and <c>.</c> it uses no character that has a meaning in a regular expression
/// (<c>\ ^ $ + ? ( ) [ ] { } |</c>), and no <c>*</c> follows a <c>.</c> (<c>.*</c> is how a regular expression says
/// "anything", so whoever writes it knows the syntax). Every regular expression that uses its syntax for more than one
/// repeated character therefore never reads as a wildcard: <c>^gpt-.*$</c>, <c>a+b*</c>, <c>(eu|us)-.*</c>, <c>\*</c>,
/// <c>[*]</c>.
/// </remarks>
internal static class WildcardPattern
{
    private const string RegexSyntax = @"\^$+?()[]{}|";

    /// <summary>Whether the pattern reads as a wildcard (see the remarks on the class).</summary>
    public static bool ReadsAsWildcard(string pattern)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal) || pattern.AsSpan().IndexOfAny(RegexSyntax) >= 0)
        {
            return false;
        }

        return !pattern.Contains(".*", StringComparison.Ordinal);
    }

    /// <summary>The character a wildcard's first <c>*</c> repeats when read as a regular expression; <see langword="null"/>
    /// when it has none (a leading <c>*</c>, which does not compile).</summary>
    public static char? Repeated(string pattern)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        return star > 0 && pattern[star - 1] != '*' ? pattern[star - 1] : null;
    }

    /// <summary>What a wildcard probably meant: <c>startsWith: eu-</c> for <c>eu-*</c>, <c>endsWith: .azure.com</c> for
    /// <c>*.azure.com</c>, <c>contains: eu</c> for <c>*eu*</c>, each with the regular expression that says the same
    /// (<c>^eu-</c>); for other wildcards, the regular expression alone (<c>^eu-.*\.example\.com$</c>).</summary>
    public static string Meant(string pattern)
    {
        var leading = pattern.StartsWith('*');
        var trailing = pattern.EndsWith('*');
        var parts = pattern.Split('*', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "`exists: true`";
        }

        var regex = Regex(pattern, leading, trailing, parts);
        if (parts.Length != 1)
        {
            return $"the pattern `{regex}`";
        }

        var text = parts[0];
        var op = (leading, trailing) switch
        {
            (false, true) => "startsWith",
            (true, false) => "endsWith",
            (true, true) => "contains",
            _ => null,
        };
        return op is null ? $"the pattern `{regex}`" : $"`{op}: {Plain(text)}` (or the pattern `{regex}`)";
    }

    /// <summary>The glob as a regular expression: literal parts escaped, each <c>*</c> as <c>.*</c>, anchored at the ends
    /// that have no <c>*</c>.</summary>
    private static string Regex(string pattern, bool leading, bool trailing, string[] parts)
    {
        var result = new StringBuilder();
        if (!leading)
        {
            result.Append('^');
        }

        result.AppendJoin(".*", parts.Select(p => System.Text.RegularExpressions.Regex.Escape(p)));
        if (!trailing)
        {
            result.Append('$');
        }

        return result.ToString();
    }

    /// <summary>A text as a YAML value: in quotes when it would not read back as itself.</summary>
    private static string Plain(string text) =>
        text.Length > 0 && !text.StartsWith(' ') && !text.EndsWith(' ') && !text.Contains(": ", StringComparison.Ordinal)
        && !text.Contains(" #", StringComparison.Ordinal) && "&!%@`*'\"#|>?:,[]{}".IndexOf(text[0], StringComparison.Ordinal) < 0
            ? text
            : $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
