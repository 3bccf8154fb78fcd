using Compliance.Evaluation;
using CsCheck;
using NUnit.Framework;

namespace Compliance.Core.Tests.Evaluation;

/// <summary>The batch pipeline: results in source order, the source read lazily and once, failures in their place.</summary>
public class OrderedParallelTests
{
    [Test]
    public void Map_AnySizeDegreeAndChunk_EqualsTheSequentialMapInOrder()
    {
        Gen.Select(Gen.Int[0, 3000], Gen.Int[1, 4], Gen.Int[1, 100]).Sample((count, degree, chunk) =>
        {
            var source = Enumerable.Range(0, count);
            var mapped = OrderedParallel.Map(source, i => i * 3 + 1, degree, chunk).ToArray();
            Assert.That(mapped, Is.EqualTo(source.Select(i => i * 3 + 1).ToArray()));
        }, iter: 200, threads: 1);
    }

    [Test]
    public void Map_UsesSeveralThreads()
    {
        // Each item waits until two threads have mapped something: with a single thread it would wait out the timeout.
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        using var both = new CountdownEvent(2);
        _ = OrderedParallel.Map(Enumerable.Range(0, 200), i =>
        {
            if (threads.TryAdd(Environment.CurrentManagedThreadId, true))
            {
                both.Signal();
            }

            both.Wait(TimeSpan.FromSeconds(10));
            return i;
        }, degree: 2, chunkSize: 8).ToArray();

        Assert.That(threads.Count, Is.EqualTo(2));
    }

    [Test]
    public void Map_ReadsAheadOnlyAFewChunks()
    {
        var read = 0;
        IEnumerable<int> Source()
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                Interlocked.Increment(ref read);
                yield return i;
            }
        }

        using var results = OrderedParallel.Map(Source(), i => i, degree: 2, chunkSize: 10).GetEnumerator();
        Assert.That(results.MoveNext(), Is.True);
        Thread.Sleep(200);

        // Two workers, four chunks each ahead of the consumer at most, plus the chunks in hand.
        Assert.That(Volatile.Read(ref read), Is.LessThanOrEqualTo(2 * 4 * 10 + 20));
    }

    [Test]
    public void Map_FailingItem_YieldsTheResultsBeforeItThenThrowsItsException()
    {
        var yielded = new List<int>();
        var failure = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var value in OrderedParallel.Map(Enumerable.Range(0, 500), i => i == 321 ? throw new InvalidOperationException("bad 321") : i,
                degree: 2, chunkSize: 16))
            {
                yielded.Add(value);
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Is.EqualTo("bad 321"));
            Assert.That(yielded, Is.EqualTo(Enumerable.Range(0, 321)));
        });
    }

    [Test]
    public void Map_FailingSource_YieldsWhatWasReadThenThrowsTheSourcesException()
    {
        IEnumerable<int> Source()
        {
            for (var i = 0; i < 100; i++)
            {
                yield return i;
            }

            throw new IOException("disk gone");
        }

        var yielded = new List<int>();
        var failure = Assert.Throws<IOException>(() =>
        {
            foreach (var value in OrderedParallel.Map(Source(), i => i, degree: 2, chunkSize: 7))
            {
                yielded.Add(value);
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Is.EqualTo("disk gone"));
            Assert.That(yielded, Is.EqualTo(Enumerable.Range(0, 100)));
        });
    }

    [Test]
    public void Map_StoppedEarly_DisposesTheSource()
    {
        var disposed = false;
        IEnumerable<int> Source()
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                }
            }
            finally
            {
                disposed = true;
            }
        }

        var first = OrderedParallel.Map(Source(), i => i, degree: 2, chunkSize: 4).Take(10).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(Enumerable.Range(0, 10)));
            Assert.That(disposed, Is.True);
        });
    }

    [Test]
    public void Map_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();
        var results = OrderedParallel.Map(Enumerable.Range(0, 1_000_000), i =>
        {
            Thread.SpinWait(100);
            return i;
        }, degree: 2, chunkSize: 10, cancel.Token);

        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var value in results)
            {
                if (value == 50)
                {
                    cancel.Cancel();
                }
            }
        });
    }
}
