using System.Globalization;
using BenchmarkDotNet.Running;
using Compliance.Benchmarks;

// dotnet run -c Release --project benchmarks/Compliance.Benchmarks -- [--smoke | batch ... | compare ... | batch-diff ... | library-batch ... | generate ... | BenchmarkDotNet options]
switch (args.FirstOrDefault())
{
    case "--smoke":
        return Smoke.Run();
    case "probe":
        return Probe.Run(args.Length > 1 ? args[1] : null);
    case "stages":
        return args.Contains("--judge") ? Stages.Judge(args[1], args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : "bundled",
                args.Contains("failing") ? Compliance.Verdicts.VerdictDetail.Failing : Compliance.Verdicts.VerdictDetail.Full)
            : args.Contains("--allocations")
            ? Stages.Allocations(args[1], args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : "bundled",
                args.Contains("full") ? "full" : "failing")
            : Stages.Run(args[1], args.Length > 2 ? args[2] : "bundled");
    case "batch":
        return Batch.Run(args[1..]);
    case "compare":
        return Compare.Run(args[1..]);
    case "batch-diff":
        return DiffBatch.Run(args[1..]);
    case "library-batch":
        return LibraryBatch.Run(args[1..]);
    case "generate" when args.Length == 4 && args[1] == "subjects":
        Generate.WriteSubjects(args[3], int.Parse(args[2], CultureInfo.InvariantCulture));
        return 0;
    case "generate" when args.Length == 4 && args[1] == "rules":
        Generate.WriteRules(Generate.Varied(int.Parse(args[2], CultureInfo.InvariantCulture)), args[3]);
        return 0;
    case "generate" when args.Length == 5 && args[1] == "otlp":
        // The same calls as JSON lines and as an OTLP JSON export, as OtlpCheckBenchmarks compares them (for `stages`).
        OtlpCheckBenchmarks.Write(int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
        return 0;
    case "generate":
        Console.Error.WriteLine("usage: generate subjects COUNT FILE | generate rules COUNT FOLDER | generate otlp COUNT JSONL OTLP");
        return 2;
    default:
        BenchmarkSwitcher.FromTypes([typeof(EvaluateBenchmarks), typeof(BundledBenchmarks), typeof(LoadBenchmarks), typeof(LintBenchmarks), typeof(RuntimeBenchmarks), typeof(OtlpCheckBenchmarks)]).Run(args);
        return 0;
}
