using System.Buffers;
using System.Text;

namespace Compliance.Cli.Output;

/// <summary>A write-only stream that decodes UTF-8 bytes into a <see cref="TextWriter"/>, so that
/// <see cref="System.Text.Json.Utf8JsonWriter"/> can write to standard output or a file alike.</summary>
/// <remarks>Keeps a partial character between writes; does not flush or close the writer.</remarks>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, _decoder.GetCharCount(buffer, flush: false)));
        try
        {
            var written = _decoder.GetChars(buffer, chars, flush: false);
            writer.Write(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public override void Flush()
    {
        // Bytes are handed to the writer as they are written; the writer's owner decides when it flushes.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
