using System.Diagnostics;
using Compliance.Evaluation;

namespace Compliance.Benchmarks;

/// <summary>Rough per-subject costs of parts of evaluation, for finding where time goes: <c>probe</c>.</summary>
internal static class Probe
{
    public static int Run(string? only = null)
    {
        if (only is not null)
        {
            var rules = Workload.Load(only == "one" ? [Generate.Twenty[6]] : Generate.Twenty);
            var all = Generate.Subjects(64).Select(s => SubjectInput.From(s)).ToArray();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < 8)
            {
                foreach (var input in all)
                {
                    rules.Evaluate(input, Workload.Options);
                }
            }

            return 0;
        }

        var subjects = Generate.Subjects(64);
        var inputs = subjects.Select(s => SubjectInput.From(s)).ToArray();
        var twenty = Workload.Load(Generate.Twenty);
        var onlyDeployments = Workload.Load(Generate.Twenty.Where(c => c.Kind == "deployment").ToArray());
        var oneClause = Workload.Load([Generate.Twenty[6]]);
        var noWhen = Workload.Load(Generate.Twenty.Select(c => c with { When = null, Exception = null }).Where(c => c.Kind == "call").ToArray());
        var calls = inputs.Where(i => i.Subject is Compliance.Subjects.CallSubject).ToArray();
        var verdicts = inputs.Select(i => twenty.Evaluate(i, Workload.Options)).ToArray();
        var again = inputs.Select(i => twenty.Evaluate(i, Workload.Options)).ToArray();
        var clauses = verdicts.Sum(v => v.Clauses.Count);
        var violated = verdicts.Sum(v => v.Clauses.Count(c => c.Status == Compliance.Verdicts.ClauseStatus.Violated));
        var shared = verdicts.Zip(again).Sum(p => p.First.Clauses.Zip(p.Second.Clauses).Count(c => ReferenceEquals(c.First, c.Second)));
        var facts = verdicts.Sum(v => v.Clauses.Sum(c => c.Facts.Count));
        Console.WriteLine($"per subject: {clauses / 64.0:0.0} clauses, {violated / 64.0:0.0} violated, {facts / 64.0:0.0} facts; shared on a second pass: {shared * 100.0 / clauses:0}%");
        Time("20 clauses, all subjects", inputs, i => twenty.Evaluate(i, Workload.Options));
        Time("20 clauses, calls", calls, i => twenty.Evaluate(i, Workload.Options));
        Time("no call clauses, calls", calls, i => onlyDeployments.Evaluate(i, Workload.Options));
        Time("1 clause (c07, no when), calls", calls, i => oneClause.Evaluate(i, Workload.Options));
        Time("10 call clauses without when, calls", calls, i => noWhen.Evaluate(i, Workload.Options));
        Time("if-chain, calls", calls, i => IfChain.Judge(i.Subject!, Generate.AsOf));
        return 0;
    }

    private static void Time<T>(string what, SubjectInput[] inputs, Func<SubjectInput, T> run)
    {
        for (var warm = 0; warm < 20000; warm++)
        {
            foreach (var input in inputs)
            {
                run(input);
            }
        }

        var best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var clock = Stopwatch.StartNew();
            const int Loops = 5000;
            for (var loop = 0; loop < Loops; loop++)
            {
                foreach (var input in inputs)
                {
                    run(input);
                }
            }

            best = Math.Min(best, clock.Elapsed.TotalNanoseconds / (Loops * inputs.Length));
        }

        Console.WriteLine($"{what}: {best:0} ns per subject");
    }
}
