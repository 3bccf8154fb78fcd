using System.Text;

namespace Compliance.Rules.Subjects;

/// <summary>Splits a UTF-8 stream into lines of bytes, as <see cref="SubjectReader"/>'s text reader splits characters:
/// at <c>\n</c>, without a trailing <c>\r</c>, with a line longer than the limit (in characters, counting the <c>\r</c>)
/// reported as too long and skipped, and with no line after a final line break.</summary>
/// <remarks>A line is valid until the next call to <see cref="Next"/>. Not thread-safe.</remarks>
internal sealed class JsonLineSplitter(Stream stream, int maxLineLength)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;
    private int _lineNumber;

    /// <summary>The bytes the current line is in.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Whether the stream starts with a UTF-16 or UTF-32 byte order mark, which this splitter does not read.
    /// Call before <see cref="Next"/>.</summary>
    public bool StartsWithWideEncoding()
    {
        Fill();
        _started = true;
        var head = _buffer.AsSpan(0, _end);
        if (head.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            _start = 3;
        }

        return head.StartsWith(new byte[] { 0xFE, 0xFF }) || head.StartsWith(new byte[] { 0xFF, 0xFE })
            || head.StartsWith(new byte[] { 0x00, 0x00, 0xFE, 0xFF });
    }

    /// <summary>Reads the next line.</summary>
    /// <param name="start">Where the line starts in <see cref="Buffer"/>.</param>
    /// <param name="length">Its length in bytes, without the line break and the <c>\r</c> before it.</param>
    /// <param name="lineNumber">Its 1-based number.</param>
    /// <param name="tooLong">Whether it is longer than the limit; then it is not in the buffer.</param>
    /// <returns>False at the end of the stream.</returns>
    public bool Next(out int start, out int length, out int lineNumber, out bool tooLong)
    {
        if (!_started)
        {
            StartsWithWideEncoding();
        }

        var searched = _start;
        var skipping = false;
        while (true)
        {
            var newline = _buffer.AsSpan(searched, _end - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var end = searched + newline;
                lineNumber = ++_lineNumber;
                if (skipping)
                {
                    (start, length, tooLong) = (0, 0, true);
                }
                else
                {
                    (start, length, tooLong) = Line(_start, end, atEnd: false);
                }

                _start = end + 1;
                return true;
            }

            if (_eof)
            {
                if (!skipping && _start == _end)
                {
                    (start, length, lineNumber, tooLong) = (0, 0, 0, false);
                    return false;
                }

                lineNumber = ++_lineNumber;
                (start, length, tooLong) = skipping ? (0, 0, true) : Line(_start, _end, atEnd: true);
                _start = _end;
                if (skipping)
                {
                    // The too-long line was the last: nothing follows it.
                    _eof = true;
                }

                return true;
            }

            // No line break in what is buffered: keep it and read more. Beyond four bytes a character (plus the
            // limit's margin), the line is certainly too long: drop what was read of it and skip to its end.
            if (!skipping && _end - _start > (4L * maxLineLength) + 4)
            {
                skipping = true;
            }

            if (skipping)
            {
                _start = _end = 0;
            }
            else if (_start > 0)
            {
                System.Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            searched = _end;
            Fill();
        }
    }

    private (int Start, int Length, bool TooLong) Line(int start, int end, bool atEnd)
    {
        // The text reader counts every character it appends, the \r before a line break included.
        var counted = end - start;
        if (counted > maxLineLength && Encoding.UTF8.GetCharCount(_buffer, start, counted) > maxLineLength)
        {
            return (0, 0, true);
        }

        var length = !atEnd && counted > 0 && _buffer[end - 1] == '\r' ? counted - 1 : counted;
        return (start, length, false);
    }

    private void Fill()
    {
        while (!_eof && _end < _buffer.Length)
        {
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            _end += read;
            if (_end - _start >= 1 << 15)
            {
                break;
            }
        }
    }
}
