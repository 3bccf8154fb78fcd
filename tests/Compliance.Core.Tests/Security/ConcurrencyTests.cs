using Compliance.Verdicts;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Security;

/// <summary>One loaded rule set, judged from many threads at once, gives every thread the same verdicts.</summary>
public sealed class ConcurrencyTests
{
    [Test]
    public void OneRuleSet_EvaluatedFrom8Threads_5000TimesEach_GivesIdenticalVerdicts()
    {
        var subjects = Gen.Select(Generators.Subject, Generators.Options).Array[64].Single(_ => true, "0lmVF7R8MCC1");
        var expected = subjects.Select(p => VerdictJson.Serialize(Generators.Bundled.Evaluate(p.Item1, p.Item2))).ToArray();
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(8);

        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 5000; i++)
            {
                var k = (i * 7 + t) % subjects.Length;
                var actual = VerdictJson.Serialize(Generators.Bundled.Evaluate(subjects[k].Item1, subjects[k].Item2));
                if (actual != expected[k])
                {
                    mismatches.Add($"thread {t}, evaluation {i}, subject {k}:\n{actual}\nexpected\n{expected[k]}");
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.That(mismatches, Is.Empty);
    }
}
