using System.Globalization;
using System.Security.Cryptography;

namespace Compliance.Benchmarks;

/// <summary>The paired measurement: two builds of the repository (a base and this one), run alternately on the same
/// generated batch, for each rule set and <c>--detail</c>, through the tool and through the public library API; prints
/// every run and then the medians.</summary>
/// <remarks>Usage: <c>compare --base DIR [--head DIR] [--base-cli DLL] [--head-cli DLL] [--base-library DLL] [--head-library DLL]
/// [--rounds 3] [--lines 1000000] [--rules bundled,40] [--details failing,full]</c>. <c>--base-cli</c> and <c>--head-cli</c>
/// name the tool to run in place of the build's <c>bin/Release/net10.0/compliance.dll</c>: the tool as
/// <c>dotnet tool install</c> put it, such as the ReadyToRun linux-x64 package's <c>compliance.dll</c>.
/// <c>--base-library</c> and <c>--head-library</c> name the library program to run in place of the build's
/// <c>Compliance.Benchmarks.dll</c>: the benchmarks published as a library user would publish their program, such as
/// <c>dotnet publish benchmarks/Compliance.Benchmarks -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o DIR</c>. DIR is a checkout whose tool and benchmarks were built with <c>-c Release</c>
/// (<c>dotnet build src/Compliance.Cli -c Release; dotnet build benchmarks/Compliance.Benchmarks -c Release</c>). Both
/// builds judge the same rule folders (this checkout's <c>rules</c> and <c>rules-40</c>), and for each configuration
/// their reports must be byte for byte the same, or the run fails.</remarks>
internal static class Compare
{
    public static int Run(string[] args)
    {
        var root = Repository.Root();
        var baseDir = Batch.Option(args, "--base");
        if (baseDir is null)
        {
            Console.Error.WriteLine("compare: --base DIR is required (a checkout of the commit to compare with, built in Release)");
            return 2;
        }

        var headDir = Batch.Option(args, "--head") ?? root;
        var rounds = int.Parse(Batch.Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var lines = int.Parse(Batch.Option(args, "--lines") ?? "1000000", CultureInfo.InvariantCulture);
        var ruleSets = (Batch.Option(args, "--rules") ?? "bundled,40").Split(',');
        var details = (Batch.Option(args, "--details") ?? "failing,full").Split(',');
        var builds = new[] { new Build("base", baseDir, Batch.Option(args, "--base-cli"), Batch.Option(args, "--base-library")),
            new Build("head", headDir, Batch.Option(args, "--head-cli"), Batch.Option(args, "--head-library")) };
        foreach (var build in builds)
        {
            if (!File.Exists(build.Cli))
            {
                Console.Error.WriteLine($"compare: `{build.Cli}` does not exist; build it: dotnet build src/Compliance.Cli -c Release");
                return 2;
            }
        }

        var input = Batch.Input(lines);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load before: {Batch.LoadAverage()}");
        Console.WriteLine($"base: {Describe(baseDir)}; head: {Describe(headDir)}; {lines:N0} lines; {rounds} rounds, base and head alternating");
        Console.WriteLine($"tools: base {builds[0].Cli}; head {builds[1].Cli}");
        Console.WriteLine($"library programs: base {builds[0].Benchmarks}; head {builds[1].Benchmarks}");
        Console.WriteLine();
        Console.WriteLine("| round | rules | detail | path | build | seconds | subjects/s | peak working set | cores busy | load |");
        Console.WriteLine("|---:|---|---|---|---|---:|---:|---:|---:|---|");
        var results = new List<(string Rules, string Detail, string Path, string Build, double Seconds, double CpuSeconds)>();
        var output = Path.Combine(Path.GetTempPath(), $"compliance-compare-{Environment.ProcessId}.jsonl");
        var failed = false;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var rules in ruleSets)
            {
                var rulesPath = Batch.RulesPath(root, rules);
                foreach (var detail in details)
                {
                    foreach (var path in new[] { "tool", "library" })
                    {
                        // Alternate which build goes first, so that neither always runs on a machine the other has warmed.
                        var order = round % 2 == 1 ? builds : builds.Reverse().ToArray();
                        var hashes = new List<string>();
                        foreach (var build in order)
                        {
                            string[] arguments = path == "tool"
                                ? [build.Cli, "check", "--rules", rulesPath, "--input", input, "--format", "jsonl", "--detail", detail, "--fail-on", "none",
                                    "--output", output]
                                : [build.Benchmarks, "library-batch", "--rules", rulesPath, "--input", input, "--detail", detail, "--output", output];
                            if (path == "library" && !File.Exists(build.Benchmarks))
                            {
                                continue;
                            }

                            var run = Batch.Measure(arguments[0], arguments[1..], path == "library" ? Batch.ToolRuntime : []);
                            if (run.ExitCode != 0)
                            {
                                Console.Error.WriteLine($"compare: {build.Name} {path} exited {run.ExitCode}: {run.Stderr}");
                                return 1;
                            }

                            if (path == "library" && !File.Exists(output))
                            {
                                // A build from before the library-batch mode (f986530 and older) prints its usage and writes nothing.
                                continue;
                            }

                            hashes.Add(Hash(output));
                            File.Delete(output);
                            results.Add((rules, detail, path, build.Name, run.Seconds, run.CpuSeconds));
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"| {round} | {rules} | {detail} | {path} | {build.Name} | {run.Seconds:0.00} | {lines / run.Seconds:N0} | {run.PeakMegabytes:0} MB | "
                                + $"{run.CpuSeconds / run.Seconds:0.00} | {Batch.LoadAverage()} |"));
                        }

                        if (hashes.Distinct().Count() > 1)
                        {
                            Console.Error.WriteLine($"compare: base and head wrote different reports for {rules}, {detail}, {path}");
                            failed = true;
                        }
                    }
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Medians of {rounds} runs, subjects/s (load after: {Batch.LoadAverage()}):");
        Console.WriteLine();
        Console.WriteLine("| rules | detail | path | base | head | head / base | head: library / tool time | CPU µs a subject, base | CPU µs, head |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => (r.Rules, r.Detail, r.Path)))
        {
            double Median(string build) => MedianOf(group.Where(r => r.Build == build).Select(r => r.Seconds));
            double Cpu(string build) => MedianOf(group.Where(r => r.Build == build).Select(r => r.CpuSeconds)) / lines * 1e6;
            var (b, h) = (Median("base"), Median("head"));
            var tool = MedianOf(results.Where(r => r.Rules == group.Key.Rules && r.Detail == group.Key.Detail && r.Path == "tool" && r.Build == "head")
                .Select(r => r.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Rules} | {group.Key.Detail} | {group.Key.Path} | {Rate(lines, b)} | {Rate(lines, h)} | "
                + $"{(double.IsNaN(b) ? "" : $"{b / h - 1:+0%;-0%;0%}")} | {(group.Key.Path == "library" ? $"{h / tool:0.00}×" : "")} | "
                + $"{(double.IsNaN(b) ? "" : $"{Cpu("base"):0.00}")} | {Cpu("head"):0.00} |"));
        }

        return failed ? 1 : 0;
    }

    private sealed record Build(string Name, string Directory, string? InstalledCli, string? PublishedLibrary)
    {
        public string Cli => InstalledCli ?? Path.Combine(Directory, "src", "Compliance.Cli", "bin", "Release", "net10.0", "compliance.dll");

        public string Benchmarks => PublishedLibrary
            ?? Path.Combine(Directory, "benchmarks", "Compliance.Benchmarks", "bin", "Release", "net10.0", "Compliance.Benchmarks.dll");
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Rate(int lines, double seconds) => double.IsNaN(seconds) ? "" : (lines / seconds).ToString("N0", CultureInfo.InvariantCulture);

    private static string Hash(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static string Describe(string directory)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", ["-C", directory, "log", "-1", "--format=%h %s"]) { RedirectStandardOutput = true };
            using var git = System.Diagnostics.Process.Start(start)!;
            var line = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return $"{directory} ({(line.Length > 60 ? line[..60] + "…" : line)})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return directory;
        }
    }
}
