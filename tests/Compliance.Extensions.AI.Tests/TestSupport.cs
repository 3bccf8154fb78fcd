using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Compliance.Rules;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace Compliance.Extensions.AI.Tests;

internal static class Clients
{
    public const string Azure = "https://contoso.openai.azure.com/openai/v1/";
    public const string OpenAi = "https://api.openai.com/v1/";

    /// <summary>The real OpenAI client for <paramref name="endpoint"/>, as Microsoft.Extensions.AI's <see cref="IChatClient"/>,
    /// its requests sent to <paramref name="server"/>.</summary>
    public static IChatClient For(StandInServer server, string endpoint, string model = "gpt-4o")
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint),
            Transport = new HttpClientPipelineTransport(new HttpClient(new ToStandIn(server.Uri))),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        return new OpenAIClient(new ApiKeyCredential("test-key"), options).GetChatClient(model).AsIChatClient();
    }
}

internal static class BundledRules
{
    public static string Folder { get; } = Path.Combine(RepoRoot(), "rules");

    public static RuleSet Load() => new RuleSetLoader().Load(Folder);

    public static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Compliance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Compliance.sln not found above the test binaries");
    }
}

/// <summary>A clock that reads one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static FixedClock March2026 { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>One log entry as written.</summary>
internal sealed record LogEntry(LogLevel Level, string EventName, string Message, Exception? Exception);

/// <summary>A logger provider that keeps every entry.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(logLevel, eventId.Name ?? string.Empty, formatter(state, exception), exception));
    }
}

/// <summary>Collects the measurements of <c>compliance.model_calls</c> as "outcome/action/origin" strings.</summary>
internal sealed class CallCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _seen = new();

    public CallCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Telemetry.ComplianceTelemetry.MeterName && instrument.Name == ComplianceAiTelemetry.CallsInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? outcome = null, action = null, origin = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case Telemetry.ComplianceTelemetry.OutcomeTag: outcome = tag.Value as string; break;
                    case ComplianceAiTelemetry.ActionTag: action = tag.Value as string; break;
                    case ComplianceAiTelemetry.OriginTag: origin = tag.Value as string; break;
                }
            }

            for (var i = 0; i < value; i++)
            {
                _seen.Enqueue($"{outcome}/{action}/{origin}");
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Seen => _seen.ToArray();

    public void Dispose() => _listener.Dispose();
}
