using System.Buffers;
using System.Text;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Cli.Output;

/// <summary>The JSON-lines report of a batch run, produced in parallel: each worker parses a batch of input lines, judges
/// them and writes their verdict lines into a buffer; the buffers are written out in input order.</summary>
/// <remarks>The same bytes as <see cref="JsonLinesFormat"/> writes, one verdict a line. At most a few batches are in
/// flight at once, so the memory used does not grow with the input.</remarks>
internal static class JsonLinesBatches
{
    /// <summary>Judges every batch and writes its verdict lines; returns the summary.</summary>
    /// <param name="progress">Counts the subjects as their lines are written; <see langword="null"/> for none.</param>
    public static VerdictSummary Write(IEnumerable<SubjectBatch> batches, RuleSet rules, EvaluationOptions options, VerdictDetail detail,
        TextWriter writer, ProgressLine? progress)
    {
        var encoded = OrderedParallel.Map(batches, batch => Encode(batch, rules, options, detail), options.MaxDegreeOfParallelism, chunkSize: 1);
        if (progress is not null)
        {
            encoded = progress.Track(encoded, e => e.Subjects);
        }

        var counts = new int[Enum.GetValues<Outcome>().Length];
        var subjects = 0;
        foreach (var batch in encoded)
        {
            try
            {
                Utf8Text.Write(writer, batch.Bytes.AsSpan(0, batch.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(batch.Bytes);
            }

            subjects += batch.Subjects;
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] += batch.Counts[i];
            }
        }

        return new VerdictSummary
        {
            Subjects = subjects,
            Violation = counts[(int)Outcome.Violation],
            Indeterminate = counts[(int)Outcome.Indeterminate],
            Review = counts[(int)Outcome.Review],
            Warning = counts[(int)Outcome.Warning],
            Compliant = counts[(int)Outcome.Compliant],
            NotApplicable = counts[(int)Outcome.NotApplicable],
        };
    }

    private static Encoded Encode(SubjectBatch batch, RuleSet rules, EvaluationOptions options, VerdictDetail detail)
    {
        var inputs = batch.Read();
        var buffer = Buffers.Take();
        var counts = new int[Enum.GetValues<Outcome>().Length];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var verdict = rules.Evaluate(inputs[i], options);
                counts[(int)verdict.Outcome]++;
                buffer.Json.Reset(buffer.Output);
                VerdictJson.WriteVerdict(buffer.Json, verdict, detail);
                buffer.Json.Flush();
                buffer.Output.Write("\n"u8);
            }

            var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, buffer.Output.WrittenCount));
            buffer.Output.WrittenSpan.CopyTo(bytes);
            return new Encoded(bytes, buffer.Output.WrittenCount, inputs.Count, counts);
        }
        finally
        {
            Buffers.Give(buffer);
        }
    }

    private sealed record Encoded(byte[] Bytes, int Length, int Subjects, int[] Counts);

    /// <summary>A worker's output buffer and JSON writer, reused from batch to batch.</summary>
    private sealed class Buffers
    {
        [ThreadStatic]
        private static Buffers? _cached;

        private Buffers()
        {
            Json = new Utf8JsonWriter(Output, VerdictJson.WriterOptions(indented: false));
        }

        public ArrayBufferWriter<byte> Output { get; } = new(1 << 16);

        public Utf8JsonWriter Json { get; }

        public static Buffers Take()
        {
            var buffers = _cached ?? new Buffers();
            _cached = null;
            buffers.Output.ResetWrittenCount();
            return buffers;
        }

        public static void Give(Buffers buffers)
        {
            if (buffers.Output.Capacity <= 1 << 22)
            {
                _cached = buffers;
            }
        }
    }

    /// <summary>Writes UTF-8 text to a writer: straight to the stream under a UTF-8 <see cref="StreamWriter"/> without a
    /// byte order mark (standard output, a report file), else decoded into the writer.</summary>
    private static class Utf8Text
    {
        public static void Write(TextWriter writer, ReadOnlySpan<byte> text)
        {
            if (writer is StreamWriter { Encoding: UTF8Encoding encoding } stream && encoding.Preamble.Length == 0)
            {
                stream.Flush();
                stream.BaseStream.Write(text);
                return;
            }

            // Each batch ends a line, so it holds whole characters.
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
    }
}
