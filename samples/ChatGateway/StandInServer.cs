using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChatGateway;

/// <summary>A stand-in for a chat-completions service on the loopback address: every request gets the same answer.</summary>
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

    public int Requests => Volatile.Read(ref _requests);

    private async Task Serve()
    {
        var answer = Encoding.UTF8.GetBytes("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Your order ships tomorrow."},"finish_reason":"stop"}]}
            """);
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = answer.Length;
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }
}

/// <summary>Sends each request to the stand-in server, keeping its path: the client (and the gate reading its metadata)
/// still sees the endpoint it was configured with.</summary>
internal sealed class ToStandIn(Uri server) : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = server.Scheme, Host = server.Host, Port = server.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
