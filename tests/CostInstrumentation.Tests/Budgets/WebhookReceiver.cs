using System.IO;
using System.Net;
using System.Net.Sockets;

namespace CostInstrumentation.Tests.Budgets;

/// <summary>A loopback HTTP endpoint that answers with the given status codes in turn (then 200) and keeps the bodies.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _statuses;
    private readonly Task _loop;

    public WebhookReceiver(params int[] statuses)
    {
        _statuses = new Queue<int>(statuses);
        using (TcpListener probe = new(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/");
        }

        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>Each request's body with the status it was answered with.</summary>
    public List<(string Body, int Status)> Requests { get; } = [];

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait();
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return; // closed by Dispose
            }

            using StreamReader reader = new(context.Request.InputStream);
            string body = await reader.ReadToEndAsync();
            int status;
            lock (Requests)
            {
                status = _statuses.TryDequeue(out int next) ? next : 200;
                Requests.Add((body, status));
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }
}
