using System.Text;

namespace Compliance.Cli.Output;

/// <summary>What a piece of fixed text stands for, shown in colour on a terminal.</summary>
internal enum Tone
{
    /// <summary>Fails the run: a violation, an error (red).</summary>
    Failure,

    /// <summary>Could not be decided (magenta).</summary>
    Unknown,

    /// <summary>Needs a person: a review, a warning in a rule file (yellow).</summary>
    Attention,

    /// <summary>Worth a look: a warning outcome (cyan).</summary>
    Notice,

    /// <summary>Passes: compliant, passed (green).</summary>
    Success,

    /// <summary>Beside the point: not applicable (dim).</summary>
    Muted,

    /// <summary>A heading (bold).</summary>
    Strong,
}

/// <summary>The one way the command line writes text for people, on standard output and standard error: line by line,
/// with every piece of text escaped by <see cref="TextEscaper"/>, so that nothing a user wrote (an id, a key, a value,
/// a path, a message) can end a line, start one, move the cursor or be read as a command by the terminal or by the CI
/// system that reads the log.</summary>
/// <remarks>
/// <para>Only <see cref="EndLine"/> ends a line: a line feed inside any text is written as <c>\n</c>. A finished line
/// whose first visible characters would read as a GitHub Actions workflow command (<c>::</c>, <c>##[</c>) has that
/// first character escaped, and an Azure Pipelines logging command (<c>##vso[</c>, read anywhere in a line) has its
/// bracket escaped: the plain-text outputs never mean to write either, and a line can start with a user's path
/// (<c>lint</c>'s <c>path:line:col</c>).</para>
/// <para>Colour is written only for <see cref="Tone"/>s, around fixed words, and only when <see cref="Color"/> is on.</para>
/// </remarks>
internal sealed class SafeText(TextWriter writer, bool color = false)
{
    private const string Reset = "\u001b[0m";

    private readonly StringBuilder _line = new();

    /// <summary>Whether tones are written as ANSI colours (only for a terminal).</summary>
    public bool Color { get; } = color;

    /// <summary>Appends text to the current line, escaped.</summary>
    public SafeText Write(string? text)
    {
        TextEscaper.Append(_line, text);
        return this;
    }

    /// <summary>Appends a character to the current line, escaped.</summary>
    public SafeText Write(char c)
    {
        TextEscaper.Append(_line, [c]);
        return this;
    }

    /// <summary>Appends text in the colour of <paramref name="tone"/>, when colour is on.</summary>
    public SafeText Write(Tone tone, string text)
    {
        if (!Color)
        {
            return Write(text);
        }

        _line.Append(Sgr(tone));
        TextEscaper.Append(_line, text);
        _line.Append(Reset);
        return this;
    }

    /// <summary>Appends text in the colour of <paramref name="tone"/>, then blanks up to <paramref name="width"/> characters,
    /// outside the colour.</summary>
    public SafeText Write(Tone tone, string text, int width) =>
        Write(tone, text).Write(new string(' ', Math.Max(0, width - text.Length)));

    /// <summary>Ends the current line.</summary>
    public SafeText EndLine()
    {
        Neutralize(_line);
        _line.Append('\n');
        writer.Write(_line);
        _line.Clear();
        return this;
    }

    /// <summary>Writes <paramref name="text"/> as a whole line.</summary>
    public void Line(string text) => _ = Write(text).EndLine();

    /// <summary>Writes an empty line.</summary>
    public void BlankLine() => _ = EndLine();

    /// <summary>Rewrites the line the cursor is on (a progress line on a terminal): a carriage return, then the text.</summary>
    /// <exception cref="InvalidOperationException">A line is being written.</exception>
    public void Overwrite(string text)
    {
        if (_line.Length > 0)
        {
            throw new InvalidOperationException("a line is being written");
        }

        TextEscaper.Append(_line, text);
        Neutralize(_line);
        writer.Write('\r');
        writer.Write(_line);
        _line.Clear();
    }

    /// <summary>Ends a progress line left by <see cref="Overwrite"/>.</summary>
    public void EndOverwrite() => writer.Write('\n');

    /// <summary>Escapes what would make the line a workflow command of a CI system.</summary>
    internal static void Neutralize(StringBuilder line)
    {
        var start = 0;
        while (start < line.Length && char.IsWhiteSpace(line[start]))
        {
            start++;
        }

        if (StartsWith(line, start, "::") || StartsWith(line, start, "##["))
        {
            var c = line[start];
            line.Remove(start, 1).Insert(start, c == ':' ? @"\u003a" : @"\u0023");
        }

        for (var at = IndexOfAzureCommand(line, 0); at >= 0; at = IndexOfAzureCommand(line, at))
        {
            line.Remove(at + 5, 1).Insert(at + 5, @"\u005b");
        }
    }

    private static bool StartsWith(StringBuilder line, int start, string prefix)
    {
        if (line.Length - start < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (line[start + i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where <c>##vso[</c> starts, in any case, from <paramref name="from"/>; -1 when nowhere.</summary>
    private static int IndexOfAzureCommand(StringBuilder line, int from)
    {
        const string command = "##vso[";
        for (var i = from; i + command.Length <= line.Length; i++)
        {
            var found = true;
            for (var j = 0; j < command.Length && found; j++)
            {
                found = char.ToLowerInvariant(line[i + j]) == command[j];
            }

            if (found)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Sgr(Tone tone) => tone switch
    {
        Tone.Failure => "\u001b[31m",
        Tone.Unknown => "\u001b[35m",
        Tone.Attention => "\u001b[33m",
        Tone.Notice => "\u001b[36m",
        Tone.Success => "\u001b[32m",
        Tone.Muted => "\u001b[2m",
        _ => "\u001b[1m",
    };
}
