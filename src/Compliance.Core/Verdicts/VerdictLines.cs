using System.Buffers;
using System.Text;

namespace Compliance.Verdicts;

/// <summary>Verdicts encoded as JSON lines by <see cref="VerdictJsonWriter.Encode"/>: UTF-8 bytes in a pooled buffer,
/// each line ended by <c>\n</c>.</summary>
/// <remarks>The bytes do not change; <see cref="Dispose"/> gives the buffer back to the pool, after which the lines can no
/// longer be read. Write them from one thread at a time.</remarks>
public sealed class VerdictLines : IDisposable
{
    private byte[]? _bytes;

    private VerdictLines(byte[] bytes, int length, int count)
    {
        _bytes = bytes;
        Length = length;
        Count = count;
    }

    /// <summary>How many lines (verdicts) there are.</summary>
    public int Count { get; }

    /// <summary>How many bytes the lines take.</summary>
    public int Length { get; }

    /// <summary>The lines as UTF-8 bytes.</summary>
    /// <exception cref="ObjectDisposedException">The lines were disposed of.</exception>
    public ReadOnlySpan<byte> Utf8 => Bytes().AsSpan(0, Length);

    /// <summary>Writes the lines to a stream.</summary>
    /// <exception cref="ObjectDisposedException">The lines were disposed of.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Utf8);
    }

    /// <summary>Writes the lines to a text writer: under a UTF-8 <see cref="StreamWriter"/> without a byte order mark
    /// (standard output, a report file), the writer is flushed and the bytes go straight to its stream; any other writer
    /// is given the decoded text.</summary>
    /// <exception cref="ObjectDisposedException">The lines were disposed of.</exception>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = Utf8;
        if (writer is StreamWriter { Encoding: UTF8Encoding encoding } stream && encoding.Preamble.Length == 0)
        {
            stream.Flush();
            stream.BaseStream.Write(text);
            return;
        }

        // The lines end with a line break, so they hold whole characters.
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, Encoding.UTF8.GetMaxCharCount(text.Length)));
        try
        {
            var written = Encoding.UTF8.GetChars(text, chars);
            writer.Write(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Gives the buffer back to the pool. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _bytes, null) is { } bytes)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Takes over a buffer rented from <see cref="ArrayPool{T}.Shared"/> whose first <paramref name="length"/>
    /// bytes are the lines; it goes back to the pool on <see cref="Dispose"/>.</summary>
    internal static VerdictLines Own(byte[] pooled, int length, int count) => new(pooled, length, count);

    private byte[] Bytes() => _bytes ?? throw new ObjectDisposedException(nameof(VerdictLines), "the verdict lines were disposed of");
}
