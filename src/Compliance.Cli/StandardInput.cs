using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Compliance.Cli;

/// <summary>Standard input as text: UTF-8 decoded as it arrives, with each byte of a sequence that is not UTF-8 given as
/// a lone low surrogate (U+DC80 to U+DCFF, as Python's <c>surrogateescape</c>), which valid UTF-8 never decodes to. The
/// subject reader refuses a line holding one (an <c>indeterminate</c> verdict naming <c>-:line</c> and the column), where
/// a <see cref="StreamReader"/> would have put U+FFFD in the bytes' place and the line would have been judged as text.
/// (A <see cref="DecoderFallback"/> cannot do this: the runtime refuses a lone surrogate from one.) A UTF-8 byte-order
/// mark is skipped; other encodings are not read.</summary>
/// <remarks>Reads what the stream has, never waiting for more than one character's bytes, so that lines from a slow
/// producer are judged as they come. Not thread-safe.</remarks>
internal sealed class StandardInput(Stream stream) : TextReader
{
    private readonly byte[] _bytes = new byte[1 << 16];
    private readonly char[] _chars = new char[1 << 16];
    private int _byteStart;
    private int _byteEnd;
    private int _charPos;
    private int _charEnd;
    private bool _eof;
    private bool _started;

    public override int Peek() => Fill() ? _chars[_charPos] : -1;

    public override int Read() => Fill() ? _chars[_charPos++] : -1;

    private bool Fill()
    {
        while (_charPos == _charEnd)
        {
            if (_eof && _byteStart == _byteEnd)
            {
                return false;
            }

            if (!_eof)
            {
                if (_byteStart > 0)
                {
                    Buffer.BlockCopy(_bytes, _byteStart, _bytes, 0, _byteEnd - _byteStart);
                    _byteEnd -= _byteStart;
                    _byteStart = 0;
                }

                var read = stream.Read(_bytes, _byteEnd, _bytes.Length - _byteEnd);
                _eof = read == 0;
                _byteEnd += read;
            }

            if (!_started)
            {
                if (_byteEnd < 3 && !_eof)
                {
                    continue;
                }

                _started = true;
                if (_bytes.AsSpan(0, _byteEnd).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    _byteStart = 3;
                }
            }

            Decode();
        }

        return true;
    }

    private void Decode()
    {
        var pending = _bytes.AsSpan(_byteStart, _byteEnd - _byteStart);
        var status = Utf8.ToUtf16(pending, _chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: _eof);
        (_charPos, _charEnd) = (0, written);
        _byteStart += read;
        if (status == OperationStatus.InvalidData)
        {
            // The bytes of the one invalid sequence (a lone continuation byte, a truncated or overlong sequence, an encoded
            // surrogate), each as its own escape. The chars decoded so far plus these fit: no byte gives more than one char.
            Rune.DecodeFromUtf8(_bytes.AsSpan(_byteStart, _byteEnd - _byteStart), out _, out var invalid);
            for (var i = 0; i < Math.Max(1, invalid); i++)
            {
                _chars[_charEnd++] = (char)(0xDC00 | _bytes[_byteStart++]);
            }
        }

        // NeedMoreData: a character split between reads; its first bytes wait for the rest.
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
