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
        var encoder = new VerdictJsonWriter(VerdictDetail.Failing);

        // Judged as `check --detail failing --format jsonl` judges: only the clauses the encoder writes are built.
        var options = new EvaluationOptions { Detail = VerdictDetail.Failing };
        for (var round = 0; round < 2; round++)
        {
            // The batch pipeline's stages, as each worker runs them, on this thread alone: split the file into batches of
            // lines, bind each batch, judge its subjects, encode their lines; this thread's CPU time and allocation each.
            var (split, bind, judge, encode) = (default(Cost), default(Cost), default(Cost), default(Cost));
            var n = 0;
            var mark = Cost.Now();
            foreach (var batch in reader.ReadBatches(file))
            {
                split += Cost.Since(ref mark);
                var inputs = batch.Read();
                bind += Cost.Since(ref mark);
                var verdicts = new Verdict[inputs.Count];
                for (var i = 0; i < verdicts.Length; i++)
                {
                    verdicts[i] = rules.Evaluate(inputs[i], options);
                }

                judge += Cost.Since(ref mark);
                encoder.Encode(verdicts).Dispose();
                encode += Cost.Since(ref mark);
                n += verdicts.Length;
            }

            Console.WriteLine($"{n} subjects, one thread, CPU µs and bytes allocated per subject: split {split.Per(n)}, bind {bind.Per(n)}, "
                + $"judge (failing) {judge.Per(n)}, encode (failing) {encode.Per(n)}; total {(split + bind + judge + encode).Per(n)}");
        }

        for (var round = 0; round < 3; round++)
        {
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gcs = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var clock = Stopwatch.StartNew();
            var output = Path.Combine(Path.GetTempPath(), $"compliance-stages-{Environment.ProcessId}.jsonl");
            var exit = Compliance.Cli.CliApp.Run(["check", "--rules", rulesPath, "--input", file, "--format", "jsonl",
                "--detail", round == 2 ? "full" : "failing", "--fail-on", "none", "--output", output], TextReader.Null, TextWriter.Null, Console.Error);
            var seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();

            // Taken before the report is counted: reading its lines back allocates a string a line and costs CPU.
            var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            gcs = GC.CollectionCount(0) - gcs;
            paused = GC.GetTotalPauseDuration() - paused;
            var n = File.ReadLines(output).LongCount();
            File.Delete(output);
            Console.WriteLine($"in-process check --detail {(round == 2 ? "full" : "failing")}: exit {exit}, {seconds:0.00} s, {cpuSeconds / seconds:0.00} cores, "
                + $"CPU {cpuSeconds / n * 1e6:0.00} µs and {allocated / (double)n:0} B allocated per subject, {gcs} gen0 GCs pausing {paused.TotalMilliseconds:0} ms");
        }

        return 0;
    }

    /// <summary>Judging alone, on this thread: the first 50,000 subjects bound once, then judged in 15 rounds; the least and
    /// the median CPU time a subject took (the least is the round the other processes disturbed least):
    /// <c>stages FILE [bundled|40|RULES] --judge [failing]</c>; <c>failing</c> judges with
    /// <see cref="EvaluationOptions.Detail"/> <see cref="VerdictDetail.Failing"/>, keeping only the failing clauses.</summary>
    public static int Judge(string file, string choice, VerdictDetail detail)
    {
        var options = new EvaluationOptions { Detail = detail };
        var rules = new RuleSetLoader().Load(Batch.RulesPath(Repository.Root(), choice));
        var inputs = new SubjectReader(rules.Kinds).ReadBatches(file).SelectMany(b => b.Read()).Take(50_000).ToArray();
        var rounds = new List<double>();
        for (var round = 0; round < 16; round++)
        {
            var mark = Cost.Now();
            foreach (var input in inputs)
            {
                rules.Evaluate(input, options);
            }

            var spent = Cost.Since(ref mark);
            if (round > 0)
            {
                rounds.Add(spent.Nanoseconds / 1000.0 / inputs.Length);
            }
        }

        rounds.Sort();
        Console.WriteLine($"judge (detail {(detail == VerdictDetail.Failing ? "failing" : "full")}), {inputs.Length} subjects, 15 rounds, CPU µs per subject: least {rounds[0]:0.000}, median {rounds[rounds.Count / 2]:0.000}");
        return 0;
    }

    /// <summary>Which types the in-process check allocates, sampled (the runtime's allocation tick, about one event per
    /// 100 KB): <c>stages FILE [bundled|40|RULES] --allocations [full]</c>. The share of each type is of the sampled bytes.</summary>
    public static int Allocations(string file, string choice, string detail)
    {
        var rulesPath = Batch.RulesPath(Repository.Root(), choice);
        var output = Path.Combine(Path.GetTempPath(), $"compliance-stages-{Environment.ProcessId}.jsonl");
        string[] check = ["check", "--rules", rulesPath, "--input", file, "--format", "jsonl", "--detail", detail, "--fail-on", "none", "--output", output];
        Compliance.Cli.CliApp.Run(check, TextReader.Null, TextWriter.Null, Console.Error); // warm up
        using var listener = new AllocationListener();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        Compliance.Cli.CliApp.Run(check, TextReader.Null, TextWriter.Null, Console.Error);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var n = File.ReadLines(output).LongCount();
        File.Delete(output);
        var samples = listener.Samples();
        var total = samples.Sum(s => s.Value);
        Console.WriteLine($"check --detail {detail}: {allocated / (double)n:0} B allocated per subject; sampled by type:");
        foreach (var (type, bytes) in samples.OrderByDescending(s => s.Value).Take(25))
        {
            Console.WriteLine($"  {bytes * 100.0 / total,5:0.0}%  {allocated * (bytes / (double)total) / n,6:0} B  {type}");
        }

        return 0;
    }

    /// <summary>This thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>, which time spent waiting for a core does not count)
    /// and bytes allocated.</summary>
    private readonly record struct Cost(long Nanoseconds, long Bytes)
    {
        public static Cost operator +(Cost a, Cost b) => new(a.Nanoseconds + b.Nanoseconds, a.Bytes + b.Bytes);

        public static Cost Now() => new(ThreadCpuNanoseconds(), GC.GetAllocatedBytesForCurrentThread());

        /// <summary>What this thread spent since <paramref name="mark"/>, which moves to now.</summary>
        public static Cost Since(ref Cost mark)
        {
            var now = Now();
            var spent = new Cost(now.Nanoseconds - mark.Nanoseconds, now.Bytes - mark.Bytes);
            mark = now;
            return spent;
        }

        public string Per(int n) => $"{Nanoseconds / 1000.0 / n:0.00} µs {Bytes / (double)n:0} B";

        private static long ThreadCpuNanoseconds()
        {
            if (!OperatingSystem.IsLinux() || ClockGetTime(3, out var time) != 0)
            {
                return Stopwatch.GetTimestamp() * (1_000_000_000 / Stopwatch.Frequency);
            }

            return time.Seconds * 1_000_000_000 + time.Nanoseconds;
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private sealed class AllocationListener : System.Diagnostics.Tracing.EventListener
    {
        private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);

        public Dictionary<string, long> Samples()
        {
            lock (_bytes)
            {
                return new Dictionary<string, long>(_bytes, StringComparer.Ordinal);
            }
        }

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs data)
        {
            if (data.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || data.PayloadNames is not { } names)
            {
                return;
            }

            var type = names.IndexOf("TypeName") is var t and >= 0 ? data.Payload![t] as string ?? "?" : "?";
            var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(data.Payload![a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            lock (_bytes)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
