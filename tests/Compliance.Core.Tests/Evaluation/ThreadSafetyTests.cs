using Compliance.Core.Tests.TestSupport;
using Compliance.Evaluation;
using Compliance.Rules;
using Compliance.Subjects;
using Compliance.Verdicts;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>One loaded rule set, evaluated from many threads at once, gives exactly the verdicts it gives one at a time.</summary>
public class ThreadSafetyTests
{
    private const int Evaluations = 10_000;

    private static RuleSet BundledRules() =>
        new RuleSetLoader(new RuleSetLoaderOptions { TimeProvider = FixedTimeProvider.On(2026, 3, 1) })
            .Load(Path.Combine(TestPaths.RepoRoot(), "rules"));

    /// <summary>A fixed pool of calls and deployments that between them reach every status of the bundled rules.</summary>
    private static object[] Subjects()
    {
        var random = new Random(20260301);
        string Pick(params string[] values) => values[random.Next(values.Length)];
        CallSubject Call(int i) => new()
        {
            Id = $"call-{i}",
            Vendor = Pick("OpenAI", "openai", "Anthropic"),
            Model = Pick("gpt-5", "gpt-5-mini"),
            Mode = random.Next(2) == 0 ? RuntimeMode.Stateless : RuntimeMode.Stateful,
            Cloud = random.Next(10) == 0 ? null : Pick("Azure", "AWS", "GCP"),
            Endpoint = Pick("https://contoso.openai.azure.com/openai", "https://api.openai.com/v1", "https://x.example"),
            Tokens = random.Next(10_000),
            Tags = random.Next(4) == 0 ? new Dictionary<string, string> { ["purpose"] = "safety-research" } : new Dictionary<string, string>(),
            Timestamp = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(24 * 365 * 4)),
        };

        return Enumerable.Range(0, 64).Select<int, object>(i => i % 2 == 0
            ? Call(i)
            : new DeploymentSubject
            {
                Id = i % 9 == 0 ? "chatgpt-gcp-overflow" : $"deployment-{i}",
                Product = Pick("Frontier", "ChatGPT", "Stargate"),
                Vendor = "OpenAI",
                Runtime = random.Next(2) == 0 ? RuntimeMode.Stateless : RuntimeMode.Stateful,
                HostCloud = Pick("Azure", "AWS", "GCP"),
                Distributor = Pick("AWS", "Microsoft", "OpenAI", "Oracle"),
                SoldAsApi = random.Next(3) == 0,
                Partners = Enumerable.Range(0, random.Next(4)).Select(_ => Pick("Microsoft", "SoftBank", "Oracle", "Amazon")).ToArray(),
                CapacityMw = random.Next(3) == 0 ? null : random.Next(4000),
                Calls = Enumerable.Range(0, random.Next(3)).Select(j => Call(1000 * i + j)).ToArray(),
                Timestamp = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(24 * 365 * 4)),
            }).ToArray();
    }

    private static readonly EvaluationOptions[] Options =
    [
        new() { AsOf = new DateOnly(2024, 6, 1) },
        new() { AsOf = new DateOnly(2026, 3, 1), Trace = true },
        new() { TimeProvider = FixedTimeProvider.On(2026, 3, 1) },
    ];

    [Test]
    public void Evaluate_FromManyThreads_GivesTheSameVerdictsAsOneThread()
    {
        var rules = BundledRules();
        var subjects = Subjects();
        var expected = new string[subjects.Length, Options.Length];
        for (var s = 0; s < subjects.Length; s++)
        {
            for (var o = 0; o < Options.Length; o++)
            {
                expected[s, o] = VerdictJson.Serialize(rules.Evaluate(subjects[s], Options[o]));
            }
        }

        var actual = new string[Evaluations];
        Parallel.For(0, Evaluations, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            actual[i] = VerdictJson.Serialize(rules.Evaluate(subjects[i % subjects.Length], Options[i % Options.Length])));

        var mismatches = Enumerable.Range(0, Evaluations)
            .Where(i => actual[i] != expected[i % subjects.Length, i % Options.Length])
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Is.Empty, mismatches.Length == 0 ? "" : $"first mismatch: {actual[mismatches[0]]}");
            Assert.That(Enumerable.Range(0, subjects.Length).Select(s => expected[s, 1]).Distinct().Count(), Is.GreaterThan(subjects.Length / 2),
                "the pool gives varied verdicts");
        });
    }

    /// <summary>A thread keeps the caches of the last two plans (rule set and kind) it judged: four plans in turn on one
    /// thread miss that memory on every subject, and must still use each plan's own caches, never another's.</summary>
    [Test]
    public void Evaluate_FourPlansInTurnOnOneThread_GivesWhatEachRuleSetGivesAlone()
    {
        // Two rule sets with different clauses at the same positions, each with call and deployment clauses.
        var rules = new[]
        {
            BundledRules(),
            new RuleSetLoader().Load(Path.Combine(TestPaths.RepoRoot(), "benchmarks", "Compliance.Benchmarks", "rules-40")),
        };
        var subjects = Subjects();
        var options = new EvaluationOptions { AsOf = new DateOnly(2026, 3, 1) };

        // Each rule set alone, on a thread of its own that has judged nothing else.
        string[] Alone(RuleSet set)
        {
            string[] verdicts = [];
            var thread = new Thread(() => verdicts = subjects.Select(s => VerdictJson.Serialize(set.Evaluate(s, options))).ToArray());
            thread.Start();
            thread.Join();
            return verdicts;
        }

        var expected = rules.Select(Alone).ToArray();

        // The subjects alternate calls and deployments, so the plans go A-call, B-call, A-deployment, B-deployment; twice
        // over, so that the second pass meets caches the first one filled.
        var mismatches = new List<string>();
        for (var pass = 0; pass < 2; pass++)
        {
            for (var s = 0; s < subjects.Length; s++)
            {
                for (var r = 0; r < rules.Length; r++)
                {
                    var actual = VerdictJson.Serialize(rules[r].Evaluate(subjects[s], options));
                    if (actual != expected[r][s])
                    {
                        mismatches.Add($"rule set {r}, subject {s}: {actual}");
                    }
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Is.Empty);
            Assert.That(expected[0].Zip(expected[1]).Count(pair => pair.First != pair.Second), Is.GreaterThan(subjects.Length / 2),
                "the two rule sets judge the subjects differently");
        });
    }

    [Test]
    public void EvaluateMany_LargeBatch_KeepsInputOrderAndEqualsOneAtATime()
    {
        var rules = BundledRules();
        var subjects = Subjects();
        var inputs = Enumerable.Range(0, 2_000).Select(i => SubjectInput.From(subjects[i % subjects.Length], $"batch:{i + 1}")).ToArray();

        var batch = rules.EvaluateMany(inputs, Options[1] with { MaxDegreeOfParallelism = 8 }).Select(v => VerdictJson.Serialize(v)).ToArray();
        var sequential = inputs.Select(i => VerdictJson.Serialize(rules.Evaluate(i, Options[1]))).ToArray();

        Assert.That(batch, Is.EqualTo(sequential));
    }
}
