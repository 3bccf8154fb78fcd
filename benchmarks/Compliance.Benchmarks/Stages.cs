using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Benchmarks;

/// <summary>Where a batch's time goes, stage by stage, on one thread, then the whole check in process with its CPU time and
/// allocation per subject: <c>stages FILE [bundled|40|RULES]</c>.</summary>
internal static class Stages
{
    public static int Run(string file, string choice = "bundled")
    {
        var rulesPath = Batch.RulesPath(Repository.Root(), choice);
        var rules = new RuleSetLoader().Load(rulesPath);
        var reader = new SubjectReader(rules.Kinds);
        for (var round = 0; round < 2; round++)
        {
            var readCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var readAllocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var inputs = reader.ReadPath(file).ToList();
            var parse = clock.Elapsed.TotalSeconds;
            // On a shared machine the wall clock means little: the process's CPU time for the read, on this one thread (and
            // the collector's), says more.
            Console.WriteLine($"read and parse: CPU {(Process.GetCurrentProcess().TotalProcessorTime - readCpu).TotalSeconds / inputs.Count * 1e6:0.00} µs "
                + $"and {(GC.GetTotalAllocatedBytes(precise: true) - readAllocated) / (double)inputs.Count:0} B allocated per subject");
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
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gcs = GC.CollectionCount(0);
            var clock = Stopwatch.StartNew();
            var output = Path.Combine(Path.GetTempPath(), $"compliance-stages-{Environment.ProcessId}.jsonl");
            var exit = Compliance.Cli.CliApp.Run(["check", "--rules", rulesPath, "--input", file, "--format", "jsonl",
                "--detail", round == 2 ? "full" : "failing", "--fail-on", "none", "--output", output], TextReader.Null, TextWriter.Null, Console.Error);
            var seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var n = File.ReadLines(output).LongCount();
            File.Delete(output);
            var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"in-process check --detail {(round == 2 ? "full" : "failing")}: exit {exit}, {seconds:0.00} s, {cpuSeconds / seconds:0.00} cores, "
                + $"CPU {cpuSeconds / n * 1e6:0.00} µs and {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)n:0} B allocated per subject, "
                + $"{GC.CollectionCount(0) - gcs} gen0 GCs");
        }

        return 0;
    }
}
