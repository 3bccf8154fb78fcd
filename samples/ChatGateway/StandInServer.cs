using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChatGateway;

/// <summary>A chat-completions server on the loopback address that answers every request with a canned response (an event
/// stream when the request asks for one) and counts the requests it received. The tests of Compliance.Extensions.AI compile
/// this file too.</summary>
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

    /// <summary>The answer to every request.</summary>
    public const string Reply = "Your order ships tomorrow.";

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
