using System.Reflection;
using BenchmarkDotNet.Attributes;
using Compliance.Cli;
using Compliance.Verdicts;

namespace Compliance.Benchmarks;

/// <summary>A quick run for CI: each benchmark's setup (which checks that the compared engines agree) and one call of each
/// benchmark method, then a small batch through the command line checked against a sequential run, and a small diff
/// checked against judging under each rule set apart. No timing.</summary>
internal static class Smoke
{
    public static int Run()
    {
        var checks = 0;
        foreach (var type in new[] { typeof(EvaluateBenchmarks), typeof(BundledBenchmarks), typeof(LoadBenchmarks), typeof(LintBenchmarks), typeof(RuntimeBenchmarks), typeof(OtlpCheckBenchmarks) })
        {
            var benchmark = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties().Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null))
            {
                property.SetValue(benchmark, property.GetCustomAttribute<ParamsAttribute>()!.Values[0]);
            }

            Invoke<GlobalSetupAttribute>(benchmark);
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                var result = method.Invoke(benchmark, null);
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                }

                Console.WriteLine($"smoke: {type.Name}.{method.Name} ran");
                checks++;
            }

            Invoke<GlobalCleanupAttribute>(benchmark);
        }

        var folder = Path.Combine(Path.GetTempPath(), $"compliance-bench-smoke-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "subjects.jsonl");
            Generate.WriteSubjects(input, 3000);
            foreach (var (rules, detail) in new[] { "bundled", "40" }.SelectMany(r => new[] { "failing", "full" },
                (r, d) => (Batch.RulesPath(Repository.Root(), r), d)))
            {
                var output = Path.Combine(folder, $"{detail}.jsonl");
                using var error = new StringWriter();
                var exit = CliApp.Run(["check", "--rules", rules, "--input", input, "--format", "jsonl", "--detail", detail, "--fail-on", "none",
                    "--output", output], TextReader.Null, TextWriter.Null, error);
                var verified = Batch.Verify(rules, input, output, detail == "full" ? VerdictDetail.Full : VerdictDetail.Failing, int.MaxValue, out var problem);
                if (exit != 0 || problem is not null || verified != 3000)
                {
                    Console.Error.WriteLine($"smoke: the batch of {rules} with --detail {detail} failed (exit {exit}, {verified} lines): {problem} {error}");
                    return 1;
                }

                Console.WriteLine($"smoke: batch of {Path.GetFileName(rules)}, --detail {detail}: {verified} verdicts, in input order, equal to a sequential run");
                checks++;

                var summary = LibraryBatch.Write(rules, input, output, detail == "full" ? VerdictDetail.Full : VerdictDetail.Failing);
                verified = Batch.Verify(rules, input, output, detail == "full" ? VerdictDetail.Full : VerdictDetail.Failing, int.MaxValue, out problem);
                if (problem is not null || verified != 3000 || summary.Subjects != 3000)
                {
                    Console.Error.WriteLine($"smoke: the library batch with detail {detail} failed ({verified} lines, {summary.Subjects} counted): {problem}");
                    return 1;
                }

                Console.WriteLine($"smoke: library batch of {Path.GetFileName(rules)}, detail {detail}: {verified} verdicts, in input order, equal to a sequential run");
                checks++;
            }

            if (DiffBatch.Verify(Repository.Root(), input) is { } different)
            {
                Console.Error.WriteLine($"smoke: the diff batch failed: {different}");
                return 1;
            }

            Console.WriteLine("smoke: diff batch: the counts equal judging under each rule set and comparing");
            checks++;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Console.WriteLine($"smoke: {checks} passed, 0 failed");
        return 0;
    }

    private static void Invoke<T>(object benchmark)
        where T : Attribute
    {
        foreach (var method in benchmark.GetType().GetMethods().Where(m => m.GetCustomAttribute<T>() is not null))
        {
            method.Invoke(benchmark, null);
        }
    }
}
