using System.Buffers;
using Compliance.Evaluation;
using Compliance.Verdicts;

namespace Compliance.Rules.Subjects;

/// <summary>Reads one raw line of JSON lines: <see langword="null"/> for a blank line.</summary>
/// <param name="line">The line's UTF-8 bytes, valid for the call only.</param>
/// <param name="display">The input's name, as sources show it.</param>
/// <param name="number">The line's 1-based number.</param>
/// <param name="tooLong">Whether the line was longer than the limit (and so not kept).</param>
internal delegate SubjectInput? LineParser(ReadOnlyMemory<byte> line, string display, int number, bool tooLong);

/// <summary>Collects raw JSON lines into a <see cref="SubjectBatch"/> whose <see cref="SubjectBatch.Read"/> parses them
/// with the parse function given, so that whoever takes the batch (a worker of a parallel run) does the parsing.</summary>
/// <remarks>The batch holds the bytes in a pooled buffer, given back when it is read.</remarks>
internal sealed class LineBatchBuilder(LineParser parse, string display)
{
    /// <summary>The most raw lines in a batch.</summary>
    public const int MaxLines = 256;

    /// <summary>The most subjects in a batch of subjects already read from a stream (small, so that a slow stream's
    /// verdicts still come out soon).</summary>
    public const int MaxReadyLines = 16;

    /// <summary>The bytes a batch aims to stay under.</summary>
    public const int MaxBytes = 1 << 16;

    private readonly Line[] _lines = new Line[MaxLines];
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(MaxBytes);
    private int _used;

    public int Count { get; private set; }

    /// <summary>Adds a line, unless the batch is full (by lines, or by bytes when it already holds some).</summary>
    public bool TryAdd(ReadOnlySpan<byte> line, int number, bool tooLong)
    {
        if (Count == MaxLines || (Count > 0 && _used + line.Length > _buffer.Length))
        {
            return false;
        }

        if (_used + line.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_used + line.Length);
            _buffer.AsSpan(0, _used).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        line.CopyTo(_buffer.AsSpan(_used));
        _lines[Count++] = new Line(_used, line.Length, number, tooLong);
        _used += line.Length;
        return true;
    }

    /// <summary>The batch of the lines added; the builder is not used after.</summary>
    public SubjectBatch Build()
    {
        var (buffer, lines, count) = (_buffer, _lines, Count);
        return new SubjectBatch(count, () => Parse(buffer, lines, count));
    }

    /// <summary>The subjects of the lines; blank lines give none. Gives the buffer back.</summary>
    private IReadOnlyList<SubjectInput> Parse(byte[] buffer, Line[] lines, int count)
    {
        try
        {
            var inputs = new List<SubjectInput>(count);
            for (var i = 0; i < count; i++)
            {
                var line = lines[i];
                if (parse(buffer.AsMemory(line.Start, line.Length), display, line.Number, line.TooLong) is { } input)
                {
                    inputs.Add(input);
                }
            }

            return ReadOnlyArray<SubjectInput>.Own([.. inputs]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct Line(int Start, int Length, int Number, bool TooLong);
}
