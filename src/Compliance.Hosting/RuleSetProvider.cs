using System.Text;
using Compliance.Rules;
using Compliance.Rules.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Compliance.Hosting;

/// <summary>Loads the rule set at creation, reloads it on change, and publishes each outcome as one immutable snapshot.</summary>
/// <remarks>Loads are serialized by a lock; readers never take it: they read the snapshot reference, which is swapped
/// in with a volatile write only after the new rule set is fully built.</remarks>
internal sealed class RuleSetProvider : IRuleSetProvider, IDisposable
{
    private readonly string _rulesPath;
    private readonly ComplianceOptions _options;
    private readonly RuleSetLoader _loader;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _loadLock = new();
    private readonly RulesWatcher? _watcher;
    private RuleSetState _state;
    private CancellationTokenSource _changed = new();
    private string? _loadedFingerprint;
    private bool _disposed;

    public RuleSetProvider(ComplianceOptions options, RulesPathResolver paths, ILogger logger, TimeProvider time)
    {
        _options = options;
        _rulesPath = paths.Resolve(options.RulesPath!);
        _logger = logger;
        _time = time;
        _loader = new RuleSetLoader(new RuleSetLoaderOptions
        {
            Kinds = options.Kinds,
            RegexTimeout = options.RegexTimeout,
            MaxPatternLength = options.MaxPatternLength,
            Limits = options.Limits,
            TimeProvider = time,

            // A mistake in a tests document is for `compliance test` to report; it must not stop a service judging with
            // the rules (SPEC §3). The tests' diagnostics are logged, then that they were not loaded.
            TestErrorsStopLoad = false,
        });
        _state = new RuleSetState { Health = RuleSetHealth.Unhealthy, LastAttemptAt = time.GetUtcNow() };

        // Watch before the first load, so that a change made while it runs is not missed.
        if (options.ReloadOnChange)
        {
            _watcher = new RulesWatcher(_rulesPath, options.ReloadDebounce, options.PollingInterval, time,
                noticed: (change, path) => Log.RulesChanged(_logger, _rulesPath, change, path, options.ReloadDebounce.TotalMilliseconds),
                changed: () => ReloadInBackground(LoadTrigger.FileChange),
                poll: PollForChanges,
                failed: exception => Log.WatcherFailed(_logger, exception, _rulesPath, options.PollingInterval));
        }

        Load(LoadTrigger.Startup);
    }

    public RuleSetState State => Volatile.Read(ref _state);

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public RuleSetState Reload() => Load(LoadTrigger.Request);

    private RuleSetState Load(string trigger)
    {
        RuleSetState next;
        lock (_loadLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var fingerprint = Fingerprint(_rulesPath);
            var started = _time.GetTimestamp();
            var result = _loader.LoadFiles([_rulesPath]);
            var elapsed = _time.GetElapsedTime(started);
            var now = _time.GetUtcNow();
            var previous = _state;
            LogDiagnostics(result.Diagnostics);
            if (!result.TestsLoaded)
            {
                LogDiagnostics(result.TestDiagnostics);
                Log.TestsNotLoaded(_logger, _rulesPath, trigger,
                    result.TestDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
            }

            var errors = result.Errors.Count();
            if (result.RuleSet is { } rules)
            {
                next = new RuleSetState
                {
                    RuleSet = rules,
                    Health = RuleSetHealth.Healthy,
                    Diagnostics = result.Diagnostics,
                    Generation = previous.Generation + 1,
                    LoadedAt = now,
                    LastAttemptAt = now,
                };
                Log.RuleSetLoaded(_logger, next.Generation, _rulesPath, trigger, rules.Contracts.Count, rules.Clauses.Count,
                    rules.Waivers.Count, result.Diagnostics.Count - errors, (long)elapsed.TotalMilliseconds);
            }
            else
            {
                next = previous with
                {
                    Health = previous.RuleSet is null ? RuleSetHealth.Unhealthy : RuleSetHealth.Degraded,
                    Diagnostics = result.Diagnostics,
                    LastAttemptAt = now,
                };
                if (previous.LoadedAt is { } loadedAt)
                {
                    Log.RuleSetReloadFailed(_logger, _rulesPath, trigger, errors, previous.Generation, loadedAt);
                }
                else
                {
                    Log.RuleSetNotLoaded(_logger, _rulesPath, trigger, errors);
                }
            }

            Volatile.Write(ref _loadedFingerprint, fingerprint);
            Volatile.Write(ref _state, next);
        }

        // Outside the lock: a change callback may read the state or reload.
        Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
        return next;
    }

    private void LogDiagnostics(IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var level = d.Severity switch
            {
                DiagnosticSeverity.Error => LogLevel.Error,
                DiagnosticSeverity.Warning => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            var severity = Diagnostic.SeverityName(d.Severity);
            if (d.Hint is null)
            {
                Log.RuleDiagnostic(_logger, level, d.File, d.Line, d.Column, severity, d.Code, d.Message);
            }
            else
            {
                Log.RuleDiagnosticWithHint(_logger, level, d.File, d.Line, d.Column, severity, d.Code, d.Message, d.Hint);
            }
        }
    }

    private void ReloadInBackground(string trigger)
    {
        try
        {
            Load(trigger);
        }
        catch (ObjectDisposedException)
        {
            // A timer fired while the provider was being disposed.
        }
        catch (Exception exception)
        {
            // The loader reports problems in files as diagnostics; anything else must not take down a timer thread.
            Log.ReloadCrashed(_logger, exception, _rulesPath, State.Generation);
        }
    }

    private void PollForChanges()
    {
        if (Fingerprint(_rulesPath) != Volatile.Read(ref _loadedFingerprint))
        {
            ReloadInBackground(LoadTrigger.Poll);
        }
    }

    /// <summary>The rule files' paths, sizes and write times: what polling compares with the last load.</summary>
    private static string Fingerprint(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                var file = new FileInfo(path);
                return $"{file.Length}:{file.LastWriteTimeUtc.Ticks}";
            }

            if (!Directory.Exists(path))
            {
                return "missing";
            }

            var text = new StringBuilder();
            foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories)
                .Where(f => f.Extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || f.Extension.Equals(".yml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f.FullName, StringComparer.Ordinal))
            {
                text.Append(file.FullName).Append(':').Append(file.Length).Append(':').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
            }

            return text.ToString();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable: " + ex.Message;
        }
    }

    public void Dispose()
    {
        lock (_loadLock)
        {
            _disposed = true;
        }

        _watcher?.Dispose();
    }
}
