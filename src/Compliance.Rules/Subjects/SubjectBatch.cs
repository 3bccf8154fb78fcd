using System.Buffers;
using Compliance.Evaluation;

namespace Compliance.Rules.Subjects;

/// <summary>A run of consecutive subjects from the inputs: either already read, or raw JSON lines that
/// <see cref="Read"/> parses, so that whoever takes the batch (a worker of a parallel run) does the parsing.</summary>
/// <remarks>A batch of raw lines holds its bytes in a pooled buffer, given back when it is read; read it once.</remarks>
internal sealed class SubjectBatch
{
    /// <summary>The most raw lines in a batch.</summary>
    public const int MaxLines = 256;

    /// <summary>The most subjects in a batch of subjects already read from a stream (small, so that a slow stream's
    /// verdicts still come out soon).</summary>
    public const int MaxReadyLines = 16;

    /// <summary>The bytes a batch of raw lines aims to stay under.</summary>
    public const int MaxBytes = 1 << 16;

    private readonly IReadOnlyList<SubjectInput>? _ready;
    private readonly SubjectReader? _reader;
    private readonly string? _display;
    private byte[]? _buffer;
    private readonly Line[] _lines = [];

    public SubjectBatch(IReadOnlyList<SubjectInput> ready)
    {
        _ready = ready;
        Count = ready.Count;
    }

    private SubjectBatch(SubjectReader reader, string display, byte[] buffer, Line[] lines, int count)
    {
        _reader = reader;
        _display = display;
        _buffer = buffer;
        _lines = lines;
        Count = count;
    }

    /// <summary>How many subjects, or lines (blank ones included), the batch holds.</summary>
    public int Count { get; }

    /// <summary>The subjects, parsed now for raw lines; blank lines give none.</summary>
    public IReadOnlyList<SubjectInput> Read()
    {
        if (_ready is not null)
        {
            return _ready;
        }

        var buffer = _buffer ?? throw new InvalidOperationException("a batch of raw lines is read once");
        _buffer = null;
        try
        {
            var inputs = new List<SubjectInput>(Count);
            for (var i = 0; i < Count; i++)
            {
                var line = _lines[i];
                if (_reader!.ParseLine(buffer.AsSpan(line.Start, line.Length), _display!, line.Number, line.TooLong) is { } input)
                {
                    inputs.Add(input);
                }
            }

            return inputs;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct Line(int Start, int Length, int Number, bool TooLong);

    /// <summary>Collects raw lines into a batch.</summary>
    public sealed class Builder(SubjectReader reader, string display)
    {
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

        public SubjectBatch Build() => new(reader, display, _buffer, _lines, Count);
    }
}
