using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Compliance.Rules;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace Compliance.Extensions.AI.Tests;

/// <summary>A chat-completions server on the loopback address that answers every request with a canned response (an event
/// stream when the request asks for one) and counts the requests it received.</summary>
internal sealed class StandInServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public StandInServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public Uri Uri { get; }

    /// <summary>How many requests reached the server.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public const string Reply = "Hello from the stand-in.";

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync().ConfigureAwait(false);
            }

            var streaming = body.Contains("\"stream\":true", StringComparison.Ordinal);
            var text = streaming ? Stream() : Completion();
            context.Response.ContentType = streaming ? "text/event-stream" : "application/json";
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    private static string Completion() => $$$"""
        {"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"{{{Reply}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}
        """;

    private static string Stream() =>
        $$"""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"{{Reply}}"},"finish_reason":null}]}""" + "\n\n"
        + """data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\n"
        + "data: [DONE]\n\n";

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }
}

/// <summary>Sends every request to the stand-in server, keeping its path: the client believes it calls the endpoint it was
/// given (the metadata the gate reads says so), and the bytes go to the loopback address.</summary>
internal sealed class ToStandIn(Uri server) : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = server.Scheme, Host = server.Host, Port = server.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}

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
