using System.Globalization;
using System.Text.Json;
using Compliance.Cli;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Rules.Subjects;

namespace Compliance.Benchmarks;

/// <summary>The batch measurement of <c>compliance diff</c>: the bundled rules against the bundled rules with the disputed
/// clause read OpenAI and Amazon's way (samples/readings), over the generated JSON-lines input, each run its own process,
/// alternating with <c>compliance check --format jsonl --detail failing</c> of the same input in the same sitting, so that
/// the ratio of the two is measured under the same load.</summary>
/// <remarks>Usage: <c>batch-diff [--lines N] [--cli PATH/compliance.dll] [--rounds N]</c>. Each diff's report must say that it
/// judged every line.</remarks>
internal static class DiffBatch
{
    public static int Run(string[] args)
    {
        var lines = int.Parse(Option(args, "--lines") ?? "1000000", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var root = Repository.Root();
        var cli = Option(args, "--cli") ?? Path.Combine(root, "src", "Compliance.Cli", "bin", "Release", "net10.0", "compliance.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"batch-diff: `{cli}` does not exist; build it first: dotnet build src/Compliance.Cli -c Release");
            return 2;
        }

        var input = Path.Combine(Path.GetTempPath(), $"compliance-bench-{lines}.jsonl");
        if (!File.Exists(input))
        {
            Generate.WriteSubjects(input, lines);
        }

        var rules = Path.Combine(root, "rules");
        var reading = NewReading(root);
        var output = Path.Combine(Path.GetTempPath(), $"compliance-bench-diff-{Environment.ProcessId}.out");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load before: {Batch.LoadAverage()}");
        Console.WriteLine("| round | run | lines | seconds | subjects/s | peak working set | CPU (cores busy) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        var checks = new List<double>();
        var diffs = new List<double>();
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                var check = Batch.Measure(cli, ["check", "--rules", rules, "--input", input, "--format", "jsonl", "--detail", "failing", "--fail-on", "none",
                    "--output", output]);
                if (check.ExitCode != 0)
                {
                    Console.Error.WriteLine($"batch-diff: check exited {check.ExitCode}: {check.Stderr}");
                    return 1;
                }

                Row(round, "check", lines, check);
                checks.Add(check.Seconds);

                var diff = Batch.Measure(cli, ["diff", "--base", rules, "--rules", reading, "--input", input, "--format", "json", "--output", output]);
                if (diff.ExitCode != 0)
                {
                    Console.Error.WriteLine($"batch-diff: diff exited {diff.ExitCode}: {diff.Stderr}");
                    return 1;
                }

                using (var report = JsonDocument.Parse(File.ReadAllText(output)))
                {
                    var judged = report.RootElement.GetProperty("subjects").GetProperty("judged").GetInt32();
                    if (judged != lines)
                    {
                        Console.Error.WriteLine($"batch-diff: diff judged {judged} subjects of {lines}");
                        return 1;
                    }
                }

                Row(round, "diff", lines, diff);
                diffs.Add(diff.Seconds);
            }
        }
        finally
        {
            File.Delete(output);
            Directory.Delete(reading, recursive: true);
        }

        var (checkMedian, diffMedian) = (Median(checks), Median(diffs));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nmedian check {checkMedian:0.00} s, median diff {diffMedian:0.00} s: diff takes {diffMedian / checkMedian:0.00}× check's time "
            + $"(runs at {checkMedian / diffMedian:0.00}× its speed); load after: {Batch.LoadAverage()}"));
        return 0;
    }

    /// <summary>A copy of the bundled rules with the disputed clause read OpenAI and Amazon's way.</summary>
    public static string NewReading(string root)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"compliance-bench-reading-{Environment.ProcessId}");
        foreach (var file in Directory.GetFiles(Path.Combine(root, "rules"), "*.yaml"))
        {
            Directory.CreateDirectory(folder);
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        File.Copy(Path.Combine(root, "samples", "readings", "openai-amazon", "msft-openai.yaml"), Path.Combine(folder, "msft-openai.yaml"), overwrite: true);
        return folder;
    }

    /// <summary>For the smoke run: <c>diff</c> through the command line over <paramref name="input"/> reports the same
    /// counts as judging every subject under each rule set apart, sequentially, and comparing.</summary>
    public static string? Verify(string root, string input)
    {
        var rules = Path.Combine(root, "rules");
        var reading = NewReading(root);
        var output = input + ".diff.json";
        try
        {
            using var error = new StringWriter();
            var exit = CliApp.Run(["diff", "--base", rules, "--rules", reading, "--input", input, "--format", "json", "--output", output],
                TextReader.Null, TextWriter.Null, error);
            if (exit != 0)
            {
                return $"diff exited {exit}: {error}";
            }

            var before = new RuleSetLoader().Load(rules);
            var after = new RuleSetLoader().Load(reading);
            var options = new EvaluationOptions { MaxDegreeOfParallelism = 1 };
            var (judged, changed) = (0, 0);
            foreach (var subject in new SubjectReader(after.Kinds).ReadPath(input))
            {
                judged++;
                var (a, b) = (before.Evaluate(subject, options), after.Evaluate(subject, options));
                var statuses = (Verdicts.Verdict v) => string.Join(",", v.Clauses.Select(c => c.Id + "=" + c.Status).Order(StringComparer.Ordinal));
                changed += a.Outcome != b.Outcome || statuses(a) != statuses(b) ? 1 : 0;
            }

            using var report = JsonDocument.Parse(File.ReadAllText(output));
            var subjects = report.RootElement.GetProperty("subjects");
            var reported = (subjects.GetProperty("judged").GetInt32(), subjects.GetProperty("changed").GetInt32());
            return reported == (judged, changed) ? null : $"diff reports {reported}, checking twice and comparing gives {(judged, changed)}";
        }
        finally
        {
            File.Delete(output);
            Directory.Delete(reading, recursive: true);
        }
    }

    private static void Row(int round, string run, int lines, Batch.RunResult result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {round} | {run} | {lines:N0} | {result.Seconds:0.00} | {lines / result.Seconds:N0} | {result.PeakMegabytes:0} MB | {result.CpuSeconds / result.Seconds:0.00} |"));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
