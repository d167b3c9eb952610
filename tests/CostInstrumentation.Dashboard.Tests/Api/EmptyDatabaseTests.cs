using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>A new user's first look: the database exists but holds no call yet. Every page and report answers, with zeros.</summary>
public sealed class EmptyDatabaseTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        // The runtime creates the file with its first batch; then the calls (and the rollups they fed) are deleted.
        _host = await ApiHost.StartAsync(calls: [ApiHost.StandardCalls[0]]);
        _host.Database.Execute("""
            DELETE FROM llm_calls; DELETE FROM llm_hourly_rollups; DELETE FROM llm_daily_rollups; DELETE FROM llm_monthly_rollups;
            DELETE FROM llm_hourly_totals; DELETE FROM llm_daily_totals; DELETE FROM llm_quarter_hour_totals;
            DELETE FROM llm_quarter_hour_models; DELETE FROM llm_hourly_models; DELETE FROM llm_daily_models;
            DELETE FROM llm_quarter_hour_projects; DELETE FROM llm_hourly_projects; DELETE FROM llm_daily_projects;
            """);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Summary_of_no_calls_is_zero_calls_at_zero_cost_with_nothing_unpriced()
    {
        JsonElement totals = (await _host.GetJsonAsync("/llm-costs/api/v1/summary?period=all")).GetProperty("data").GetProperty("selected").GetProperty("totals");

        Assert.Equal((0, "0", 0L, 0), (totals.GetProperty("calls").GetInt32(), totals.GetProperty("costUsd").GetString(), totals.GetProperty("costNanoUsd").GetInt64(), totals.GetProperty("unpricedCalls").GetInt32()));
    }

    [Fact]
    public async Task Breakdown_of_no_calls_is_an_empty_list()
    {
        JsonElement data = (await _host.GetJsonAsync("/llm-costs/api/v1/breakdown?by=model&period=all")).GetProperty("data");

        Assert.Empty(data.EnumerateArray());
    }

    /// <summary>Grids and series read from the rollups of schemas 10 and 11 (quarter-hours, models, projects) over none.</summary>
    [Theory]
    [InlineData("/llm-costs/api/v1/breakdown?by=day&then=model&period=all")]
    [InlineData("/llm-costs/api/v1/breakdown?by=day&then=project&period=all&tz=Asia/Kolkata")]
    [InlineData("/llm-costs/api/v1/breakdown?by=hour&then=model&period=all&tz=Asia/Kolkata")]
    [InlineData("/llm-costs/api/v1/series?bucket=hour&period=all&tz=Asia/Kolkata")]
    public async Task Grids_and_series_of_no_calls_are_empty(string path)
    {
        JsonElement data = (await _host.GetJsonAsync(path)).GetProperty("data");

        Assert.Equal(JsonValueKind.Array, data.ValueKind);
        Assert.Empty(data.EnumerateArray());
    }

    [Fact]
    public async Task A_database_not_yet_written_is_a_503_that_says_so()
    {
        await using ApiHost missing = await ApiHost.StartAsync(calls: []);

        JsonElement problem = await missing.GetJsonAsync("/llm-costs/api/v1/summary", HttpStatusCode.ServiceUnavailable);

        Assert.StartsWith("No cost database at ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/llm-costs/")]
    [InlineData("/llm-costs/tops")]
    [InlineData("/llm-costs/explore")]
    [InlineData("/llm-costs/sessions")]
    [InlineData("/llm-costs/call-sites")]
    [InlineData("/llm-costs/budgets")]
    [InlineData("/llm-costs/alerts")]
    [InlineData("/llm-costs/pricing")]
    [InlineData("/llm-costs/estimate")]
    [InlineData("/llm-costs/live")]
    public async Task Every_page_renders_over_no_calls(string path)
    {
        using HttpResponseMessage response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("</html>", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
