using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Benchmarks;

/// <summary>The batch of <c>check --format jsonl</c>, written with the public library API only (no command line): load the
/// rules, read the input as batches, judge and encode them on the workers, write the lines in input order. What a library
/// user writes to get the command line's throughput; the batch measurement runs it as its own process beside the tool.</summary>
/// <remarks>Usage: <c>library-batch --rules PATH --input FILE --output FILE [--detail full|failing]</c>.</remarks>
internal static class LibraryBatch
{
    public static int Run(string[] args)
    {
        string Required(string name) => Option(args, name) ?? throw new ArgumentException($"library-batch: {name} is required");
        var detail = Option(args, "--detail") == "failing" ? VerdictDetail.Failing : VerdictDetail.Full;
        var summary = Write(Required("--rules"), Required("--input"), Required("--output"), detail);
        Console.WriteLine($"{summary.Subjects} subjects, {summary.Violation} violation");
        return 0;
    }

    /// <summary>Judges every subject of <paramref name="input"/> and writes its verdict lines to <paramref name="output"/>.</summary>
    public static VerdictSummary Write(string rules, string input, string output, VerdictDetail detail)
    {
        var ruleSet = new RuleSetLoader().Load(rules);
        var batches = new SubjectReader(ruleSet.Kinds).ReadBatches(input);
        var lines = new VerdictJsonWriter(detail);
        var summary = VerdictSummary.Empty;
        // A new file, not one truncated: FileMode.Create truncates even a file it has just made, and ext4 then writes the
        // whole file back to disk when it is closed (about 0.2 s for 1.3 GB of lines); a new file is written back later,
        // as the tool's report is (docs/library.md, "The batch pipeline").
        File.Delete(output);
        using var stream = new FileStream(output, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        foreach (var batch in ruleSet.EvaluateBatches(batches, lines.Encode, new EvaluationOptions { Detail = detail }))
        {
            using (batch.Encoded)
            {
                batch.Encoded.WriteTo(stream);
            }

            summary = summary.Plus(batch.Summary);
        }

        return summary;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
