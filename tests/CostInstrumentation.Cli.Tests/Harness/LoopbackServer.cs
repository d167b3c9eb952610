using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CostInstrumentation.Cli.Tests.Harness;

/// <summary>An HTTP server on 127.0.0.1 that answers every request with one status and body, and keeps what was posted to it.</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly ConcurrentQueue<(string Method, string ContentType, string Body)> _received = new();
    private int _requests;

    public LoopbackServer(string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        int port = FreePort();
        Url = $"http://127.0.0.1:{port}/model_prices_and_context_window.json";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        _serving = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using (StreamReader reader = new(context.Request.InputStream))
                {
                    _received.Enqueue((context.Request.HttpMethod, context.Request.ContentType ?? "", await reader.ReadToEndAsync()));
                }

                Interlocked.Increment(ref _requests);
                context.Response.StatusCode = (int)status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every request's method, content type and body, in order.</summary>
    public IReadOnlyList<(string Method, string ContentType, string Body)> Received => [.. _received];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
