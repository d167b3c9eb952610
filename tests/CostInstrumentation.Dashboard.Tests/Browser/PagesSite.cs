using CostInstrumentation.Reports;
using CostInstrumentation.Tests.Budgets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard as an app maps it (<c>AddLlmCostDashboard</c>, <c>MapLlmCostDashboard("/llm-costs")</c>: its security
/// headers and access rules included) on a real Kestrel listener (127.0.0.1, a free port), over a seeded cost database
/// and a fixed clock (2026-11-18 15:30 UTC).
/// </summary>
internal sealed class PagesSite : IAsyncDisposable
{
    public const string Prefix = "/llm-costs";

    public static readonly DateTimeOffset Now = new(2026, 11, 18, 15, 30, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private PagesSite(WebApplication app, PagesDatabase database, WebhookReceiver webhook, string root)
    {
        _app = app;
        Database = database;
        Webhook = webhook;
        Root = root;
    }

    public PagesDatabase Database { get; }

    /// <summary>The loopback endpoint the app's budget webhook posts to (its alert channel, found by the dashboard through DI).</summary>
    public WebhookReceiver Webhook { get; }

    /// <summary><c>http://127.0.0.1:PORT/llm-costs</c>.</summary>
    public string Root { get; }

    public static async Task<PagesSite> StartAsync(bool readOnly = false)
    {
        PagesDatabase database = await PagesDatabase.CreateAsync();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddLlmCostDashboard();
        WebhookReceiver webhook = new();
        builder.Services.AddSingleton(_ => LlmCostPipeline.Create(o => o.UseBudgetWebhook(webhook.Url)));
        WebApplication app = builder.Build();
        app.MapLlmCostDashboard(Prefix, options =>
        {
            options.Reports = () => CostReports.Open(database.Path);
            options.Prices = () => PagesDatabase.Prices;
            options.Clock = new FixedClock(Now);
            options.LocalZone = TimeZoneInfo.Utc;
            options.ReadOnly = readOnly;
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PagesSite(app, database, webhook, address.TrimEnd('/') + Prefix);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Webhook.Dispose();
        Database.Dispose();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
