namespace Compliance.Hosting;

/// <summary>Why a load happened, as the logs and the <c>Trigger</c> field spell it.</summary>
internal static class LoadTrigger
{
    public const string Startup = "startup";
    public const string FileChange = "file change";
    public const string Poll = "poll";
    public const string Request = "request";
}

/// <summary>Watches the rules path: file-system notifications, debounced, plus an optional periodic poll.</summary>
/// <remarks>Calls <c>changed</c> once the files have been quiet for the debounce after a notification, and <c>poll</c> on every
/// polling tick, on the thread pool; ticks of the poll never overlap.</remarks>
internal sealed class RulesWatcher : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _debounceTimer;
    private readonly ITimer? _pollTimer;
    private readonly TimeSpan _debounce;
    private readonly Action<string, string> _noticed;
    private readonly Action _changed;
    private readonly Action _poll;
    private int _polling;

    /// <param name="path">The resolved rules path (a file or a folder).</param>
    /// <param name="debounce">The quiet time after a notification before <paramref name="changed"/> is called.</param>
    /// <param name="pollingInterval">The polling period; <see langword="null"/> for none.</param>
    /// <param name="time">The clock for both timers.</param>
    /// <param name="noticed">Told of each notification: its kind and path.</param>
    /// <param name="changed">Called once after a burst of notifications.</param>
    /// <param name="poll">Called on each polling tick.</param>
    /// <param name="failed">Told when the watcher fails (its buffer overflowed, or the folder went away).</param>
    public RulesWatcher(string path, TimeSpan debounce, TimeSpan? pollingInterval, TimeProvider time,
        Action<string, string> noticed, Action changed, Action poll, Action<Exception> failed)
    {
        _debounce = debounce;
        _noticed = noticed;
        _changed = changed;
        _poll = poll;
        _debounceTimer = time.CreateTimer(_ => _changed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = Create(path);
        if (_watcher is not null)
        {
            _watcher.Changed += OnEvent;
            _watcher.Created += OnEvent;
            _watcher.Deleted += OnEvent;
            _watcher.Renamed += OnEvent;
            _watcher.Error += (_, e) =>
            {
                failed(e.GetException());
                Schedule();
            };
            _watcher.EnableRaisingEvents = true;
        }

        if (pollingInterval is { } interval)
        {
            _pollTimer = time.CreateTimer(_ => Poll(), null, interval, interval);
        }
    }

    private static FileSystemWatcher? Create(string path)
    {
        if (Directory.Exists(path))
        {
            // Every name, not only *.yaml: a mounted folder is often updated by swapping a symbolic link to a new one.
            return new FileSystemWatcher(path)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is not null && Directory.Exists(folder)
            ? new FileSystemWatcher(folder, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            }
            : null;
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        _noticed(e.ChangeType.ToString(), e.FullPath);
        Schedule();
    }

    private void Schedule() => _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);

    private void Poll()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return;
        }

        try
        {
            _poll();
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounceTimer.Dispose();
        _pollTimer?.Dispose();
    }
}
