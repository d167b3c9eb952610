using System.Net;
using System.Net.Http;
using System.Text.Json;

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
        using HttpResponseMessage log = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/channels/log/test", null);
        Assert.True((await ApiHost.ReadAsync(log, HttpStatusCode.OK)).GetProperty("data").GetProperty("delivered").GetBoolean());
        using HttpResponseMessage webhook = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/channels/webhook/test", null);
        await ApiHost.ReadAsync(webhook, HttpStatusCode.OK);
        Assert.Equal(1, _channelCalls);
        using HttpResponseMessage broken = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/channels/broken/test", null);
        Assert.Contains("SMTP server refused", await ApiHost.ProblemAsync(broken, HttpStatusCode.BadGateway), StringComparison.Ordinal);
        using HttpResponseMessage unknown = await _host.Client.PostAsync("/llm-costs/api/v1/alerts/channels/pigeon/test", null);
        Assert.Contains("webhook", await ApiHost.ProblemAsync(unknown, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_alert_filters_are_400()
    {
        using HttpResponseMessage response = await _host.Client.GetAsync("/llm-costs/api/v1/alerts?since=last-tuesday");
        await ApiHost.ProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
