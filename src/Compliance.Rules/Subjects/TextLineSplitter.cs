namespace Compliance.Rules.Subjects;

/// <summary>Splits text (such as standard input) into lines of characters, as <see cref="JsonLineSplitter"/> splits bytes:
/// at <c>\n</c>, without the <c>\r</c> before it, with a line longer than the limit (in characters, counting a <c>\r</c>)
/// reported as too long and skipped, and with no line after a final line break.</summary>
/// <remarks>A line is valid until the next call to <see cref="Next"/>. Not thread-safe.</remarks>
internal sealed class TextLineSplitter(TextReader reader, int maxLineLength)
{
    private readonly char[] _block = new char[4096];
    private char[] _line = new char[256];
    private int _start;
    private int _end;
    private bool _eof;
    private int _lineNumber;

    /// <summary>Reads the next line.</summary>
    /// <param name="line">The line, without its line break (empty when too long).</param>
    /// <param name="lineNumber">Its 1-based number.</param>
    /// <param name="tooLong">Whether it is longer than the limit.</param>
    /// <returns>False at the end of the text.</returns>
    public bool Next(out ReadOnlyMemory<char> line, out int lineNumber, out bool tooLong)
    {
        var length = 0;
        tooLong = false;
        lineNumber = ++_lineNumber;
        while (true)
        {
            if (_start == _end && !Fill())
            {
                // The end: a last line without a line break (which keeps a final `\r`), or none.
                line = _line.AsMemory(0, length);
                return length > 0 || tooLong;
            }

            var block = _block.AsSpan(_start, _end - _start);
            var newline = block.IndexOf('\n');
            var part = newline < 0 ? block : block[..newline];
            _start += part.Length + (newline < 0 ? 0 : 1);
            if (!tooLong)
            {
                if (length + part.Length > maxLineLength)
                {
                    tooLong = true;
                    length = 0;
                }
                else
                {
                    Append(part, length);
                    length += part.Length;
                }
            }

            if (newline >= 0)
            {
                if (length > 0 && _line[length - 1] == '\r')
                {
                    length--;
                }

                line = _line.AsMemory(0, length);
                return true;
            }
        }
    }

    private void Append(ReadOnlySpan<char> part, int length)
    {
        if (length + part.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(length + part.Length, Math.Min(_line.Length * 2, maxLineLength)));
        }

        part.CopyTo(_line.AsSpan(length));
    }

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        _start = 0;
        _end = reader.Read(_block, 0, _block.Length);
        _eof = _end == 0;
        return !_eof;
    }
}
