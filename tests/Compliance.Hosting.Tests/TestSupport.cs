using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Compliance.Hosting.Tests;

/// <summary>A temporary directory for rule files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "compliance-hosting-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes a file through a temporary name and a rename, as deployment tools do, so no reader sees it half-written.</summary>
    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, content.ReplaceLineEndings("\n"));
        File.Move(temporary, full, overwrite: true);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One log entry as written: level, event, message and structured fields.</summary>
internal sealed record LogEntry(LogLevel Level, string EventName, string Message, IReadOnlyDictionary<string, object?> Fields, Exception? Exception);

/// <summary>A logger provider that keeps every entry, for assertions.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            owner._entries.Enqueue(new LogEntry(logLevel, eventId.Name ?? string.Empty, formatter(state, exception), fields, exception));
        }
    }
}

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="timeout"/> (default 10 seconds).</summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            Thread.Sleep(10);
        }
    }
}

/// <summary>Rule files for the tests: a one-clause contract whose required cloud varies, and a broken one.</summary>
internal static class RuleFiles
{
    public static string RequireCloud(string cloud, string title = "Calls run on the agreed cloud") => $"""
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:
          - id: agreed-cloud
            section: "1.1"
            title: {title}
            text: Every call runs on {cloud}.
            appliesTo: call
            require: {"{"} cloud: {cloud} {"}"}
            message: "Call to {"{"}model{"}"} runs on {"{"}cloud{"}"}, not {cloud}"
        """;

    /// <summary>The same contract with a typo in a path: `clod` for `cloud`.</summary>
    public const string Broken = """
        apiVersion: compliance/v1
        contract:
          id: acme
          title: Acme hosting agreement
          parties: [Acme, Contoso]
        clauses:
          - id: agreed-cloud
            section: "1.1"
            title: Calls run on the agreed cloud
            text: Every call runs on Azure.
            appliesTo: call
            require: { clod: Azure }
        """;
}
