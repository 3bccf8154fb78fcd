using System.Runtime.ExceptionServices;

namespace Compliance.Evaluation;

/// <summary>A streaming, order-keeping parallel map with bounded memory.</summary>
/// <remarks>Workers take chunks of the source in turn (the source is enumerated by one worker at a time, under a lock),
/// map them, and hand the results back by sequence number; the consumer yields them in source order. At most
/// <c>window</c> chunks are read ahead of the consumer, so a long source is never held in memory. An exception from the
/// source or the map surfaces at the consumer, in order, as itself. Stopping the enumeration early stops the workers
/// and disposes the source.</remarks>
internal static class OrderedParallel
{
    /// <summary>Maps every item of <paramref name="source"/> in parallel and yields the results in source order.</summary>
    /// <param name="source">The items; enumerated lazily, never twice.</param>
    /// <param name="map">The work for one item; called from worker threads.</param>
    /// <param name="degree">How many workers; 1 maps on the consuming thread, without workers.</param>
    /// <param name="chunkSize">How many items a worker takes at a time.</param>
    /// <param name="cancellationToken">Stops the workers; the consumer then throws <see cref="OperationCanceledException"/>.</param>
    public static IEnumerable<TOut> Map<TIn, TOut>(IEnumerable<TIn> source, Func<TIn, TOut> map, int degree, int chunkSize,
        CancellationToken cancellationToken = default)
    {
        if (degree <= 1)
        {
            return Sequential(source, map, cancellationToken);
        }

        return Parallel(source, map, degree, Math.Max(1, chunkSize), cancellationToken);
    }

    private static IEnumerable<TOut> Sequential<TIn, TOut>(IEnumerable<TIn> source, Func<TIn, TOut> map, CancellationToken cancellationToken)
    {
        foreach (var item in source)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return map(item);
        }
    }

    private static IEnumerable<TOut> Parallel<TIn, TOut>(IEnumerable<TIn> source, Func<TIn, TOut> map, int degree, int chunkSize,
        CancellationToken cancellationToken)
    {
        using var pipeline = new Pipeline<TIn, TOut>(source, map, degree, chunkSize, cancellationToken);
        pipeline.Start();
        while (true)
        {
            var chunk = pipeline.Next();
            for (var i = 0; i < chunk.Count; i++)
            {
                yield return chunk.Results[i];
            }

            chunk.Failure?.Throw();
            if (chunk.Last)
            {
                yield break;
            }

            pipeline.Consumed(chunk);
        }
    }

    /// <summary>Some items and their results; <see cref="Failure"/>, when set, is thrown after the results.</summary>
    private sealed class Chunk<TIn, TOut>(int capacity)
    {
        public TIn[] Items { get; } = new TIn[capacity];

        public TOut[] Results { get; } = new TOut[capacity];

        public int Count { get; set; }

        public long Sequence { get; set; }

        public ExceptionDispatchInfo? Failure { get; set; }

        /// <summary>Whether nothing follows this chunk (the source ended in it, or it failed).</summary>
        public bool Last { get; set; }
    }

    private sealed class Pipeline<TIn, TOut> : IDisposable
    {
        private readonly Func<TIn, TOut> _map;
        private readonly int _chunkSize;
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenSource _stop;
        private readonly object _gate = new();
        private readonly object _sourceGate = new();
        private readonly Dictionary<long, Chunk<TIn, TOut>> _done = [];
        private readonly Stack<Chunk<TIn, TOut>> _free = new();
        private readonly SemaphoreSlim _window;
        private readonly Thread[] _workers;
        private IEnumerator<TIn>? _source;
        private long _nextToRead;
        private long _nextToYield;
        private bool _sourceEnded;

        public Pipeline(IEnumerable<TIn> source, Func<TIn, TOut> map, int degree, int chunkSize, CancellationToken cancellationToken)
        {
            _map = map;
            _chunkSize = chunkSize;
            _cancellationToken = cancellationToken;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _window = new SemaphoreSlim(degree * 4);
            _source = source.GetEnumerator();
            _workers = new Thread[degree];
        }

        public void Start()
        {
            for (var i = 0; i < _workers.Length; i++)
            {
                _workers[i] = new Thread(Work) { IsBackground = true, Name = $"compliance-batch-{i}" };
                _workers[i].Start();
            }
        }

        /// <summary>The next chunk in source order, waiting for it.</summary>
        public Chunk<TIn, TOut> Next()
        {
            lock (_gate)
            {
                Chunk<TIn, TOut>? chunk;
                while (!_done.Remove(_nextToYield, out chunk))
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(_gate, 100);
                }

                _nextToYield++;
                return chunk;
            }
        }

        /// <summary>Returns a yielded chunk for reuse, and lets the workers read one more.</summary>
        public void Consumed(Chunk<TIn, TOut> chunk)
        {
            Array.Clear(chunk.Items, 0, chunk.Count);
            Array.Clear(chunk.Results, 0, chunk.Count);
            chunk.Count = 0;
            lock (_gate)
            {
                _free.Push(chunk);
            }

            _window.Release();
        }

        private void Work()
        {
            var token = _stop.Token;
            try
            {
                while (true)
                {
                    _window.Wait(token);
                    if (Read() is not { } chunk)
                    {
                        _window.Release();
                        return;
                    }

                    var sourceFailure = chunk.Failure;
                    chunk.Failure = null;
                    for (var i = 0; i < chunk.Count; i++)
                    {
                        try
                        {
                            chunk.Results[i] = _map(chunk.Items[i]);
                        }
                        catch (Exception exception)
                        {
                            // The results before the failing item are yielded, then the failure is thrown; nothing after.
                            chunk.Count = i;
                            sourceFailure = ExceptionDispatchInfo.Capture(exception);
                            chunk.Last = true;
                            lock (_sourceGate)
                            {
                                _sourceEnded = true;
                            }

                            break;
                        }
                    }

                    chunk.Failure = sourceFailure;
                    lock (_gate)
                    {
                        _done[chunk.Sequence] = chunk;
                        Monitor.PulseAll(_gate);
                    }

                    if (chunk.Last)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped: the consumer left, or the caller cancelled.
            }
        }

        /// <summary>Takes the next chunk of the source, or <see langword="null"/> when it has ended.</summary>
        private Chunk<TIn, TOut>? Read()
        {
            Chunk<TIn, TOut> chunk;
            lock (_gate)
            {
                chunk = _free.Count > 0 ? _free.Pop() : new Chunk<TIn, TOut>(_chunkSize);
            }

            lock (_sourceGate)
            {
                if (_sourceEnded || _source is null)
                {
                    lock (_gate)
                    {
                        _free.Push(chunk);
                    }

                    return null;
                }

                chunk.Sequence = _nextToRead++;
                chunk.Last = false;
                try
                {
                    while (chunk.Count < _chunkSize && _source.MoveNext())
                    {
                        chunk.Items[chunk.Count++] = _source.Current;
                    }

                    if (chunk.Count < _chunkSize)
                    {
                        chunk.Last = true;
                        _sourceEnded = true;
                    }
                }
                catch (Exception exception)
                {
                    chunk.Failure = ExceptionDispatchInfo.Capture(exception);
                    chunk.Last = true;
                    _sourceEnded = true;
                }

                return chunk;
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            foreach (var worker in _workers)
            {
                worker?.Join();
            }

            lock (_sourceGate)
            {
                _source?.Dispose();
                _source = null;
            }

            _stop.Dispose();
            _window.Dispose();
        }
    }
}
