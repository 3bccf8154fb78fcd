using System.Text.RegularExpressions;
using Compliance.Rules.Diagnostics;
using YamlDotNet.Core;

namespace Compliance.Rules.Yaml;

/// <summary>YAML mistakes said in plain words (the texts are in <see cref="LoadMessages"/>) at the offending character: the parser's complaint is read against the text
/// it was reading, so that a tab, a value that needs quotes or a number with thousands separators is named as such.</summary>
internal static partial class YamlErrors
{
    [GeneratedRegex(@"^(?<indent>[ ]*)(?:-[ ]+)*(?<key>[^\s:#{}\[\],][^:#{}\[\],]*?):[ ]+")]
    private static partial Regex BlockKey();

    /// <summary>A plain explanation of a parser error when the text shows its cause; otherwise <see langword="null"/>.</summary>
    public static Diagnostic? Explain(string text, string file, YamlException ex, string files = "rule files")
    {
        var lines = text.Split('\n');
        var message = (ex.InnerException as YamlException ?? ex).Message;
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
                if (tab >= 0 && tab < indent)
                {
                    return Diagnostic.Error(DiagnosticCodes.YamlSyntax, new SourceLocation(file, i + 1, tab + 1), LoadMessages.Tab, LoadMessages.TabHint);
                }
            }
        }

        var row = (int)ex.Start.Line - 1;
        var column = (int)ex.Start.Column - 1;
        if (row < 0 || row >= lines.Length || column < 0 || column >= lines[row].TrimEnd('\r').Length)
        {
            return null;
        }

        var line = lines[row].TrimEnd('\r');
        var at = new SourceLocation(file, row + 1, column + 1);
        var c = line[column];
        if (c is '%' or '@' or '`' && message.Contains("cannot start any token", StringComparison.Ordinal))
        {
            return Diagnostic.Error(DiagnosticCodes.YamlSyntax, at, LoadMessages.NeedsQuotes(ValueAt(line, column), c, "a reserved character"), LoadMessages.Quoted(ValueAt(line, column)));
        }

        // `{vendor: !OpenAI}`: the scanner wants a space after a tag; the value is text that begins with `!`.
        if (message.Contains("while scanning a tag", StringComparison.OrdinalIgnoreCase) && TagStart(line) is { } bang)
        {
            var value = ValueAt(line, bang);
            return Diagnostic.Error(DiagnosticCodes.YamlTag, new SourceLocation(file, row + 1, bang + 1),
                LoadMessages.NeedsQuotes(value, '!', $"a tag, which {files} do not allow"), LoadMessages.Quoted(value));
        }

        if (c == ':' && column + 1 < line.Length && line[column + 1] == ' ' && KeyBefore(line, column) is { } key)
        {
            var value = ValueAt(line, key.ValueStart);
            return Diagnostic.Error(DiagnosticCodes.YamlSyntax, at, LoadMessages.ColonInValue(key.Name),
                $"write it in quotes: `{key.Name}: \"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"`");
        }

        return null;
    }

    /// <summary>The column of the first <c>!</c> on the line that begins a value (after a space or a flow indicator).</summary>
    private static int? TagStart(string line)
    {
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '!' && line[i - 1] is ' ' or '{' or '[' or ',')
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The plain value that starts at a column: up to the end of the line, a comment or the end of a flow item.</summary>
    public static string ValueAt(string line, int column)
    {
        var end = column;
        while (end < line.Length && line[end] is not (',' or '}' or ']') && !(line[end] == '#' && end > column && line[end - 1] == ' '))
        {
            end++;
        }

        return line[column..end].TrimEnd();
    }

    /// <summary>The key whose value holds the colon at a column: the last <c>key: </c> before it in the same flow item or
    /// block line.</summary>
    private static (string Name, int ValueStart)? KeyBefore(string line, int column)
    {
        if (column < 1 || column > line.Length)
        {
            return null;
        }

        var start = Math.Max(line.LastIndexOfAny(['{', ','], column - 1) + 1, 0);
        while (start < column && line[start] == ' ')
        {
            start++;
        }

        var match = BlockKey().Match(line[start..column]);
        return match.Success ? (match.Groups["key"].Value.Trim(), start + match.Length) : null;
    }

    /// <summary>Whether a flow-map key is the tail of a number with thousands separators (<c>gt: 100,000</c> reads as
    /// <c>gt: 100</c> and a key <c>000</c>); gives the number as written.</summary>
    public static string? ThousandsAt(string text, int index)
    {
        if (index < 2 || index >= text.Length || text[index - 1] != ',' || !char.IsAsciiDigit(text[index - 2]))
        {
            return null;
        }

        var start = index - 1;
        while (start > 0 && (char.IsAsciiDigit(text[start - 1]) || (text[start - 1] == ',' && start > 1 && char.IsAsciiDigit(text[start - 2]))))
        {
            start--;
        }

        var end = index;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || (text[end] == ',' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))))
        {
            end++;
        }

        if (start > 0 && text[start - 1] is '-' or '+' or '.')
        {
            start--;
        }

        var number = text[start..end];
        return number.Split(',').Skip(1).All(group => group.Length == 3) ? number : null;
    }
}
