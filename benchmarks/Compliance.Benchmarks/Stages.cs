using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Benchmarks;

/// <summary>Where a batch's time goes, stage by stage, on one thread: <c>stages FILE</c>.</summary>
internal static class Stages
{
    public static int Run(string file)
    {
        var rules = new RuleSetLoader().Load(Path.Combine(Repository.Root(), "rules"));
        var reader = new SubjectReader(rules.Kinds);
        for (var round = 0; round < 2; round++)
        {
            var clock = Stopwatch.StartNew();
            var inputs = reader.ReadPath(file).ToList();
            var parse = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var verdicts = new List<Verdict>(inputs.Count);
            foreach (var input in inputs)
            {
                verdicts.Add(rules.Evaluate(input));
            }

            var evaluate = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var buffer = new ArrayBufferWriter<byte>();
            using var json = new Utf8JsonWriter(buffer, VerdictJson.WriterOptions(false));
            foreach (var verdict in verdicts)
            {
                json.Reset(buffer);
                VerdictJson.WriteVerdict(json, verdict, VerdictDetail.Failing);
                json.Flush();
                if (buffer.WrittenCount > 1 << 20)
                {
                    buffer.ResetWrittenCount();
                }
            }

            var write = clock.Elapsed.TotalSeconds;
            var n = inputs.Count;
            Console.WriteLine($"{n} subjects: read and parse {parse / n * 1e6:0.00} µs, evaluate {evaluate / n * 1e6:0.00} µs, "
                + $"serialize (failing) {write / n * 1e6:0.00} µs per subject");
        }

        for (var round = 0; round < 3; round++)
        {
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var exit = Compliance.Cli.CliApp.Run(["check", "--rules", Path.Combine(Repository.Root(), "rules"), "--input", file, "--format", "jsonl",
                "--detail", "failing", "--fail-on", "none", "--output", "/tmp/stages.out"], TextReader.Null, TextWriter.Null, Console.Error);
            process.Refresh();
            var gcs = GC.CollectionCount(0);
            Console.WriteLine($"in-process check: exit {exit}, {clock.Elapsed.TotalSeconds:0.00} s, CPU {(process.TotalProcessorTime - cpu).TotalSeconds / clock.Elapsed.TotalSeconds:0.00} cores, gen0 GCs so far {gcs}");
        }

        return 0;
    }
}
