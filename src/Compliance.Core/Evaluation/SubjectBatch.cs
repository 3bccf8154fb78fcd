namespace Compliance.Evaluation;

/// <summary>A run of consecutive subjects from the inputs, the unit of work of a batch run
/// (<see cref="RuleSet.EvaluateBatches{TEncoded}"/>): either subjects already read, or raw input that
/// <see cref="Read"/> parses, so that whoever takes the batch (a worker of the parallel run) does the parsing.</summary>
/// <remarks>Make one from subjects with the constructor, or read a file or a stream as batches with
/// <c>Compliance.Rules.Subjects.SubjectReader.ReadBatches</c>, whose batches of JSON lines hold the raw bytes. Thread-safe:
/// the first <see cref="Read"/> parses (and gives a pooled buffer back); every later one returns the same subjects.</remarks>
public sealed class SubjectBatch
{
    private readonly Lock _gate = new();
    private Func<IReadOnlyList<SubjectInput>>? _parse;
    private IReadOnlyList<SubjectInput>? _inputs;

    /// <summary>A batch of subjects already read.</summary>
    /// <param name="inputs">The subjects, in input order; copied.</param>
    public SubjectBatch(IEnumerable<SubjectInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var copy = inputs.ToArray();
        foreach (var input in copy)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
        }

        _inputs = Verdicts.ReadOnlyArray<SubjectInput>.Own(copy);
        Count = copy.Length;
    }

    /// <summary>A batch of raw input that <paramref name="parse"/> turns into at most <paramref name="count"/> subjects.</summary>
    internal SubjectBatch(int count, Func<IReadOnlyList<SubjectInput>> parse)
    {
        _parse = parse;
        Count = count;
    }

    /// <summary>How many subjects the batch holds; for raw input not parsed yet, how many lines, blank ones included (which
    /// give no subject), so the subjects may be fewer.</summary>
    public int Count { get; }

    /// <summary>The subjects, in input order; raw input is parsed on the first call.</summary>
    public IReadOnlyList<SubjectInput> Read()
    {
        if (Volatile.Read(ref _inputs) is { } ready)
        {
            return ready;
        }

        lock (_gate)
        {
            if (_inputs is null)
            {
                var parse = _parse!;
                _parse = null;
                Volatile.Write(ref _inputs, parse());
            }

            return _inputs;
        }
    }
}
