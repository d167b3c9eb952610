using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using CostInstrumentation.Tests.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>
/// A tiny app that maps the dashboard over a real cost database written by the runtime's SQLite sink, on an in-process
/// test server. A request can pretend to come from another machine with the <see cref="RemoteHeader"/> header.
/// </summary>
internal sealed class ApiHost : IAsyncDisposable
{
    /// <summary>The test host sets the connection's remote address from this header (only in these tests).</summary>
    public const string RemoteHeader = "X-Test-Remote-Address";

    /// <summary>The fixed "now" of every test: a Sunday afternoon (UTC).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 15, 15, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private ApiHost(WebApplication app, CostDatabase database)
    {
        _app = app;
        Database = database;
        Client = app.GetTestClient();
    }

    public CostDatabase Database { get; }

    public HttpClient Client { get; }

    /// <summary>The standard set of calls: three models, two projects, sessions, tags, an unpriced call and a failed one, over two months.</summary>
    public static LlmCallRecord[] StandardCalls { get; } =
    [
        CostDatabase.Call("2026-10-20T10:00:00Z", 0.50m, project: "support", session: "s1", tags: ["chat"], usage: new LlmUsage(1000, 200)),
        CostDatabase.Call("2026-11-02T09:30:00Z", 1.25m, model: "claude-sonnet-4-5", provider: "anthropic", project: "research", session: "s2", tags: ["deep", "chat"], usage: new LlmUsage(5000, 800, 1000)),
        CostDatabase.Call("2026-11-10T12:00:00Z", 0.000123456m, model: "gpt-4o-mini", project: "support", session: "s1", usage: new LlmUsage(300, 50)),
        CostDatabase.Call("2026-11-14T23:30:00Z", null, model: "mystery-model", provider: "custom", project: "support", callSite: "Other.cs:5", usage: new LlmUsage(10, 10)),
        CostDatabase.Call("2026-11-15T08:00:00Z", 0.75m, project: "research", session: "s3", outcome: LlmCallOutcome.Error, usage: new LlmUsage(2000, 0)),
        CostDatabase.Call("2026-11-15T14:00:00Z", 2.000000001m, model: "claude-sonnet-4-5", provider: "anthropic", session: "s3", tags: ["deep"], usage: new LlmUsage(9000, 1500)),
    ];

    /// <summary>Starts the app; <paramref name="services"/> adds the app's own services (an <c>LlmCostPipeline</c>, say).</summary>
    public static async Task<ApiHost> StartAsync(Action<LlmCostDashboardOptions>? configure = null, IEnumerable<LlmCallRecord>? calls = null, Action<IServiceCollection>? services = null)
    {
        CostDatabase database = new();
        await database.WriteAsync(calls ?? StandardCalls);
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddLlmCostDashboard();
        services?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(RemoteHeader, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }

            return next(context);
        });
        app.MapLlmCostDashboard("/llm-costs", options =>
        {
            options.DatabasePath = database.DatabasePath;
            options.LocalZone = TimeZoneInfo.Utc;
            options.Clock = new FixedClock(Now);
            options.Prices = () => TestPrices.All;
            configure?.Invoke(options);
        });
        await app.StartAsync();
        return new ApiHost(app, database);
    }

    public async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using HttpResponseMessage response = await Client.GetAsync(path);
        return await ReadAsync(response, expected);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}, expected {expected}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a 200 and hands the response back for its body.</summary>
    public static async Task<HttpResponseMessage> ReadRawAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>A ProblemDetails answer: asserts the status, the problem content type and a detail, and returns the detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await ReadAsync(response, expected);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(detail));
        return detail;
    }

    /// <summary>One number from SQL over the raw table.</summary>
    public long Scalar(string sql)
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = Database.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : 0;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        Database.Dispose();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
