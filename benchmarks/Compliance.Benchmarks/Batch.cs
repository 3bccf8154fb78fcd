using System.Diagnostics;
using System.Globalization;
using System.Text;
using Compliance.Rules;
using Compliance.Rules.Subjects;
using Compliance.Verdicts;

namespace Compliance.Benchmarks;

/// <summary>The batch measurement: <c>compliance check --format jsonl</c> over a generated JSON-lines file, run as its own
/// process (so that its start, its rule loading and its peak working set are the real ones), for each <c>--detail</c>;
/// then the same batch through the public library API (<see cref="LibraryBatch"/>), also as its own process.</summary>
/// <remarks>Usage: <c>batch [--lines N] [--cli PATH/compliance.dll] [--rules bundled|40|PATH] [--verify N|all]</c>: the bundled
/// rules (11 clauses, the default), the benchmarks' 40-clause set (<c>rules-40/</c>: three contracts) or a folder. The output is then
/// compared, line by line, with a sequential run through the public API (the first N lines, 50,000 by default): same
/// verdicts, same order.</remarks>
internal static class Batch
{
    public static int Run(string[] args)
    {
        var lines = int.Parse(Option(args, "--lines") ?? "1000000", CultureInfo.InvariantCulture);
        var root = Repository.Root();
        var cli = Option(args, "--cli") ?? Path.Combine(root, "src", "Compliance.Cli", "bin", "Release", "net10.0", "compliance.dll");
        var rules = RulesPath(root, Option(args, "--rules") ?? "bundled");
        var verify = Option(args, "--verify") ?? "50000";
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"batch: `{cli}` does not exist; build it first: dotnet build src/Compliance.Cli -c Release");
            return 2;
        }

        var input = Input(lines);

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, "
            + $".NET {Environment.Version}; load before: {LoadAverage()}; rules: {rules}");
        Console.WriteLine("| detail | lines | seconds | subjects/s | peak working set | CPU (cores busy) | output | verified |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        var failed = false;
        foreach (var detail in new[] { "failing", "full" })
        {
            var output = Path.Combine(Path.GetTempPath(), $"compliance-bench-{lines}-{detail}.out.jsonl");
            var run = Measure(cli, ["check", "--rules", rules, "--input", input, "--format", "jsonl", "--detail", detail, "--fail-on", "none",
                "--output", output]);
            if (run.ExitCode != 0)
            {
                Console.Error.WriteLine($"batch: check exited {run.ExitCode}: {run.Stderr}");
                return 1;
            }

            var checkedLines = Verify(rules, input, output, detail == "full" ? VerdictDetail.Full : VerdictDetail.Failing,
                verify == "all" ? int.MaxValue : int.Parse(verify, CultureInfo.InvariantCulture), out var problem);
            failed |= problem is not null;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {detail} | {lines:N0} | {run.Seconds:0.00} | {lines / run.Seconds:N0} | {run.PeakMegabytes:0} MB | {run.CpuSeconds / run.Seconds:0.00} | "
                + $"{new FileInfo(output).Length / 1e6:0} MB | {(problem ?? $"first {checkedLines:N0} lines equal a sequential run")} |"));
            File.Delete(output);

            // The same batch through the public library API, as its own process (LibraryBatch), with the tool's runtime settings.
            var library = Measure(typeof(Batch).Assembly.Location, ["library-batch", "--rules", rules, "--input", input, "--detail", detail,
                "--output", output], ToolRuntime);
            if (library.ExitCode != 0)
            {
                Console.Error.WriteLine($"batch: library-batch exited {library.ExitCode}: {library.Stderr}");
                return 1;
            }

            var libraryLines = Verify(rules, input, output, detail == "full" ? VerdictDetail.Full : VerdictDetail.Failing,
                verify == "all" ? int.MaxValue : int.Parse(verify, CultureInfo.InvariantCulture), out var libraryProblem);
            failed |= libraryProblem is not null;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {detail}, library API | {lines:N0} | {library.Seconds:0.00} | {lines / library.Seconds:N0} | {library.PeakMegabytes:0} MB | "
                + $"{library.CpuSeconds / library.Seconds:0.00} | {new FileInfo(output).Length / 1e6:0} MB | "
                + $"{(libraryProblem ?? $"first {libraryLines:N0} lines equal a sequential run")}; {library.Seconds / run.Seconds:0.00}× the tool's time |"));
            File.Delete(output);
        }

        // A cold start: the tool loading, validating and compiling 1,000 generated clauses, against the bundled rules, for a
        // ten-line input (process start and JIT included).
        var generated = Path.Combine(Path.GetTempPath(), $"compliance-bench-rules-1000-{Environment.ProcessId}");
        Generate.WriteRules(Generate.Varied(1000), generated);
        var small = Path.Combine(Path.GetTempPath(), $"compliance-bench-10-{Environment.ProcessId}.jsonl");
        Generate.WriteSubjects(small, 10);
        Console.WriteLine();
        Console.WriteLine("| cold start: check 10 lines with | seconds (best of 3) | peak working set |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, path) in new[] { ("bundled rules (11 clauses)", rules), ("generated rules (1,000 clauses)", generated) })
        {
            var best = Enumerable.Range(0, 3)
                .Select(_ => Measure(cli, ["check", "--rules", path, "--input", small, "--format", "jsonl", "--fail-on", "none"]))
                .MinBy(r => r.Seconds)!;
            if (best.ExitCode != 0)
            {
                Console.Error.WriteLine($"batch: check with {name} exited {best.ExitCode}: {best.Stderr}");
                failed = true;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {best.Seconds:0.00} | {best.PeakMegabytes:0} MB |"));
        }

        Directory.Delete(generated, recursive: true);
        File.Delete(small);
        Console.WriteLine($"load after: {LoadAverage()}");
        return failed ? 1 : 0;
    }

    internal static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>The rule folder a <c>--rules</c> choice names: <c>bundled</c> (the repository's <c>rules</c>), <c>40</c> (the
    /// benchmarks' 40-clause set) or a path.</summary>
    internal static string RulesPath(string root, string choice) => choice switch
    {
        "bundled" => Path.Combine(root, "rules"),
        "40" or "rules-40" => Path.Combine(root, "benchmarks", "Compliance.Benchmarks", "rules-40"),
        _ => choice,
    };

    /// <summary>The generated input of <paramref name="lines"/> lines in the temporary folder, written on first use.</summary>
    internal static string Input(int lines)
    {
        var input = Path.Combine(Path.GetTempPath(), $"compliance-bench-{lines}.jsonl");
        if (!File.Exists(input))
        {
            var generating = Stopwatch.StartNew();
            Generate.WriteSubjects(input, lines);
            Console.WriteLine($"generated {lines:N0} lines in {generating.Elapsed.TotalSeconds:0.0} s: {input} ({new FileInfo(input).Length / 1e6:0} MB)");
        }

        return input;
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal sealed record RunResult(int ExitCode, double Seconds, double PeakMegabytes, double CpuSeconds, string Stderr);

    /// <summary>Runs the tool and samples its peak working set (VmHWM) and CPU time from /proc until it exits.</summary>
    /// <summary>The runtime settings <c>Compliance.Cli.csproj</c> gives the tool (no instrumented JIT tier, the server garbage
    /// collector), as environment variables for a library program measured beside it: the library row measures the API, not
    /// a different runtime configuration.</summary>
    internal static readonly (string Name, string Value)[] ToolRuntime = [("DOTNET_TieredPGO", "0"), ("DOTNET_gcServer", "1")];

    internal static RunResult Measure(string cli, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        double peak = 0, cpu = 0;
        while (!process.WaitForExit(20))
        {
            (peak, cpu) = Sample(process.Id, peak, cpu);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        process.WaitForExit();
        _ = stdout.Result;
        return new RunResult(process.ExitCode, seconds, peak, cpu, stderr.Result);
    }

    private static (double PeakMegabytes, double CpuSeconds) Sample(int pid, double peak, double cpu)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Math.Max(peak, double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024);
                }
            }

            // utime and stime, in clock ticks (100 a second), are fields 14 and 15, after the parenthesised name.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            cpu = Math.Max(cpu, (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // The process ended between two samples.
        }

        return (peak, cpu);
    }

    /// <summary>Compares the tool's output with a sequential run through the public API: same lines, in the same order.</summary>
    public static int Verify(string rules, string input, string output, VerdictDetail detail, int limit, out string? problem)
    {
        problem = null;
        var ruleSet = new RuleSetLoader().Load(rules);
        var inputs = new SubjectReader(ruleSet.Kinds).ReadPath(input).Take(limit);
        using var actual = new StreamReader(output, Encoding.UTF8);
        var count = 0;
        foreach (var subject in inputs)
        {
            var expected = VerdictJson.Serialize(ruleSet.Evaluate(subject), detail);
            var line = actual.ReadLine();
            if (line != expected)
            {
                problem = $"line {count + 1} differs: {line} / {expected}";
                return count;
            }

            count++;
        }

        if (limit == int.MaxValue && actual.ReadLine() is { } extra)
        {
            problem = $"an extra line: {extra}";
        }

        return count;
    }
}
