using System.Net;
using System.Net.Http;
using System.Text.Json;
using CostInstrumentation.Tests.Budgets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>Alerts: filters, idempotent acknowledgement, channel tests.</summary>
public sealed class AlertRouteTests : IAsyncLifetime
{
    private ApiHost _host = null!;
    private int _channelCalls;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(o =>
        {
            o.AlertChannels["webhook"] = _ =>
            {
                Interlocked.Increment(ref _channelCalls);
                return Task.CompletedTask;
            };
            o.AlertChannels["broken"] = _ => throw new InvalidOperationException("SMTP server refused the connection");
        });
        _host.Database.Execute("INSERT INTO budgets (id, scope, scope_value, period, limit_nanousd) VALUES (1, 'project', 'support', 'day', 1000000000), (2, 'global', NULL, 'month', 3000000000)");
        _host.Database.Execute("""
            INSERT INTO budget_alerts (id, budget_id, period_start, threshold, spent_nanousd, raised_utc, acknowledged_utc) VALUES
              (10, 1, '2026-11-14T00:00:00.0000000Z', '0.8', 800000000, '2026-11-14T10:00:00.0000000Z', NULL),
              (11, 1, '2026-11-14T00:00:00.0000000Z', '1', 1000000000, '2026-11-14T12:00:00.0000000Z', '2026-11-14T13:00:00.0000000Z'),
              (12, 2, '2026-11-01T00:00:00.0000000Z', '0.95', 2900000000, '2026-11-15T14:00:00.0000000Z', NULL)
            """);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("", new long[] { 12, 11, 10 })]
    [InlineData("?acknowledged=false", new long[] { 12, 10 })]
    [InlineData("?acknowledged=true", new long[] { 11 })]
    [InlineData("?budgetId=1", new long[] { 11, 10 })]
    [InlineData("?since=2026-11-14T11:00:00Z", new long[] { 12, 11 })]
    [InlineData("?threshold=0.95", new long[] { 12 })]
    public async Task Alerts_are_listed_newest_first_with_filters(string query, long[] expected)
    {
        JsonElement alerts = (await _host.GetJsonAsync("/llm-costs/api/v1/alerts" + query)).GetProperty("data");
        Assert.Equal(expected, alerts.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Acknowledging_twice_keeps_the_first_time()
    {
        using HttpResponseMessage first = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/10/acknowledge", null);
        string? at = (await ApiHost.ReadAsync(first, HttpStatusCode.OK)).GetProperty("data").GetProperty("acknowledgedUtc").GetString();
        Assert.NotNull(at);
        await Task.Delay(20);
        using HttpResponseMessage again = await _host.Client.PostAsync("/llm-costs/api/cost/alerts/10/acknowledge", null);
        Assert.Equal(at, (await ApiHost.ReadAsync(again, HttpStatusCode.OK)).GetProperty("data").GetProperty("acknowledgedUtc").GetString());
        Assert.Equal(0, _host.Scalar("SELECT count(*) FROM budget_alerts WHERE acknowledged_utc IS NULL AND id = 10"));
    }

    [Fact]
    public async Task Acknowledging_an_unknown_alert_is_404()
    {
        using HttpResponseMessage response = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/999/acknowledge", null);
        await ApiHost.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Channel_tests_reach_the_channel_and_report_failures_as_502()
    {
        using HttpResponseMessage webhook = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/channels/webhook/test", null);
        JsonElement result = Assert.Single((await ApiHost.ReadAsync(webhook, HttpStatusCode.OK)).GetProperty("data").EnumerateArray());
        Assert.Equal(("webhook", true), (result.GetProperty("channel").GetString(), result.GetProperty("delivered").GetBoolean()));
        Assert.Equal(1, _channelCalls);
        using HttpResponseMessage broken = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/channels/broken/test", null);
        Assert.Contains("SMTP server refused", await ApiHost.ProblemAsync(broken, HttpStatusCode.BadGateway), StringComparison.Ordinal);
        using HttpResponseMessage unknown = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/channels/pigeon/test", null);
        Assert.Contains("webhook, broken", await ApiHost.ProblemAsync(unknown, HttpStatusCode.NotFound), StringComparison.Ordinal);

        // Every channel at once: one failure makes it a 502 that still says how each went.
        using HttpResponseMessage all = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/test", null);
        string detail = await ApiHost.ProblemAsync(all, HttpStatusCode.BadGateway);
        Assert.Contains("webhook: The test alert was handed to the channel.", detail, StringComparison.Ordinal);
        Assert.Contains("broken: SMTP server refused", detail, StringComparison.Ordinal);
        Assert.Equal(2, _channelCalls);
    }

    [Fact]
    public async Task The_apps_own_channels_are_found_through_dependency_injection_and_reach_a_real_webhook()
    {
        using WebhookReceiver receiver = new();
        await using ApiHost app = await ApiHost.StartAsync(services: services => services.AddSingleton(_ =>
            LlmCostPipeline.Create(o => o.UseLogger(NullLogger.Instance).UseBudgetWebhook(receiver.Url))));

        using HttpResponseMessage all = await app.Client.PostAsync("/llm-costs/api/v1/alerts/test", null);
        JsonElement results = (await ApiHost.ReadAsync(all, HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(["log", "webhook"], results.EnumerateArray().Select(r => r.GetProperty("channel").GetString()));
        Assert.All(results.EnumerateArray(), r => Assert.True(r.GetProperty("delivered").GetBoolean()));
        Assert.Contains("CostInstrumentation test alert", Assert.Single(receiver.Requests).Body, StringComparison.Ordinal);

        // One channel by name: only the webhook is sent to.
        using HttpResponseMessage one = await app.Client.PostAsync("/llm-costs/api/v1/alerts/channels/webhook/test", null);
        Assert.Equal("webhook", Assert.Single((await ApiHost.ReadAsync(one, HttpStatusCode.OK)).GetProperty("data").EnumerateArray()).GetProperty("channel").GetString());
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Contains("log, webhook", await app.Client.GetStringAsync("/llm-costs/alerts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_fails_is_a_502_with_its_answer()
    {
        using WebhookReceiver receiver = new(500);
        await using ApiHost app = await ApiHost.StartAsync(services: services => services.AddSingleton(_ => LlmCostPipeline.Create(o => o.UseBudgetWebhook(receiver.Url))));

        using HttpResponseMessage response = await app.Client.PostAsync("/llm-costs/api/v1/alerts/test", null);
        Assert.Contains("webhook: Not delivered", await ApiHost.ProblemAsync(response, HttpStatusCode.BadGateway), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_channel_the_test_is_404_and_the_alerts_page_says_so()
    {
        await using ApiHost bare = await ApiHost.StartAsync();

        using HttpResponseMessage response = await bare.Client.PostAsync("/llm-costs/api/v1/alerts/test", null);
        Assert.StartsWith("No alert channel is configured", await ApiHost.ProblemAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
        string page = await bare.Client.GetStringAsync("/llm-costs/alerts");
        Assert.Contains("No alert channel is configured", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Send a test alert", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_alert_filters_are_400()
    {
        using HttpResponseMessage response = await _host.Client.GetAsync("/llm-costs/api/v1/alerts?since=last-tuesday");
        await ApiHost.ProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
