using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.EndToEnd.Tests.Fakes;

/// <summary>One HTTP request as the loopback server received it.</summary>
public sealed class RecordedRequest
{
    public RecordedRequest(string method, string path, string queryString, IReadOnlyDictionary<string, string> headers, string body)
    {
        Method = method;
        Path = path;
        QueryString = queryString;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }

    /// <summary>Request path, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    public string QueryString { get; }

    /// <summary>Headers, keys case-insensitive; repeated headers joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The raw request body (UTF-8).</summary>
    public string Body { get; }

    /// <summary>The body parsed as JSON, or <c>null</c> when it is empty or not JSON.</summary>
    public JsonElement? Json
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Body))
            {
                return null;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(Body);
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>True when the JSON body has <c>"stream": true</c>.</summary>
    public bool IsStreaming =>
        Json is { ValueKind: JsonValueKind.Object } json
        && json.TryGetProperty("stream", out JsonElement s)
        && s.ValueKind == JsonValueKind.True;
}

/// <summary>
/// A Kestrel minimal-API server bound to 127.0.0.1 on a dynamic port. Subclasses map the provider's
/// endpoints; every request (including unmapped ones, answered 404) is recorded.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private readonly List<RecordedRequest> _requests = new();
    private WebApplication? _app;
    private Uri? _baseAddress;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:54321/</c> (always with a trailing slash).</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>The most recent request; throws when none was received.</summary>
    public RecordedRequest LastRequest
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count > 0
                    ? _requests[^1]
                    : throw new InvalidOperationException("The loopback server has received no request.");
            }
        }
    }

    protected abstract void MapEndpoints(WebApplication app);

    protected async Task StartCoreAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The server is already started.");
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = GetType().Assembly.GetName().Name,
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();

        WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        MapEndpoints(app);
        app.MapFallback(async (HttpContext ctx) =>
        {
            await RecordAsync(ctx).ConfigureAwait(false);
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(
                "{\"error\":{\"message\":\"loopback server: no route for " + ctx.Request.Method + " " + ctx.Request.Path + "\",\"type\":\"not_found_error\"}}",
                ctx.RequestAborted).ConfigureAwait(false);
        });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        IServerAddressesFeature? addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        string? bound = addresses?.Addresses.FirstOrDefault();
        if (bound is null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("Kestrel reported no bound address.");
        }

        _app = app;
        _baseAddress = new Uri(bound.EndsWith('/') ? bound : bound + "/");
    }

    /// <summary>Reads and records the request body; call once at the start of every handler.</summary>
    protected async Task<RecordedRequest> RecordAsync(HttpContext ctx)
    {
        string body;
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> h in ctx.Request.Headers)
        {
            headers[h.Key] = string.Join(", ", h.Value.ToArray());
        }

        var recorded = new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? string.Empty, ctx.Request.QueryString.Value ?? string.Empty, headers, body);
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        return recorded;
    }

    protected static async Task WriteJsonAsync(HttpContext ctx, int statusCode, JsonNode body, IReadOnlyDictionary<string, string>? headers = null)
    {
        ctx.Response.StatusCode = statusCode;
        ctx.Response.ContentType = "application/json";
        if (headers is not null)
        {
            foreach (KeyValuePair<string, string> h in headers)
            {
                ctx.Response.Headers[h.Key] = h.Value;
            }
        }

        await ctx.Response.WriteAsync(body.ToJsonString(), ctx.RequestAborted).ConfigureAwait(false);
    }

    protected static async Task BeginSseAsync(HttpContext ctx, IReadOnlyDictionary<string, string>? headers = null)
    {
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "text/event-stream; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-cache";
        if (headers is not null)
        {
            foreach (KeyValuePair<string, string> h in headers)
            {
                ctx.Response.Headers[h.Key] = h.Value;
            }
        }

        await ctx.Response.StartAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes one server-sent event (<c>event:</c> line only when <paramref name="eventName"/> is given) and flushes.</summary>
    protected static async Task WriteSseAsync(HttpContext ctx, string? eventName, string data)
    {
        var sb = new StringBuilder();
        if (eventName is not null)
        {
            sb.Append("event: ").Append(eventName).Append('\n');
        }

        sb.Append("data: ").Append(data).Append("\n\n");
        await ctx.Response.WriteAsync(sb.ToString(), ctx.RequestAborted).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Breaks a started SSE response: either resets the connection (after a short pause so the events already
    /// flushed reach the client first) or, with <paramref name="truncate"/>, simply ends the response early.
    /// </summary>
    protected static async Task EndBrokenStreamAsync(HttpContext ctx, bool truncate)
    {
        if (truncate)
        {
            return;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300), ctx.RequestAborted).ConfigureAwait(false);
        ctx.Abort();
    }

    /// <summary>Splits <paramref name="content"/> into at most <paramref name="count"/> non-empty pieces that concatenate back to it.</summary>
    protected static IReadOnlyList<string> SplitContent(string content, int count)
    {
        if (content.Length == 0)
        {
            return Array.Empty<string>();
        }

        count = Math.Clamp(count, 1, content.Length);
        var pieces = new List<string>(count);
        int size = (int)Math.Ceiling(content.Length / (double)count);
        for (int i = 0; i < content.Length; i += size)
        {
            pieces.Add(content.Substring(i, Math.Min(size, content.Length - i)));
        }

        return pieces;
    }

    protected static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    protected static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            WebApplication app = _app;
            _app = null;
            try
            {
                using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }
            finally
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }

        GC.SuppressFinalize(this);
    }
}
