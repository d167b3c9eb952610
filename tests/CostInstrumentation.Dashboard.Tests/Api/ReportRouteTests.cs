using System.Globalization;
using System.Net;
using System.Text.Json;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>The report routes: every total agrees with SQL over the raw llm_calls table, and bad input is a ProblemDetails.</summary>
public sealed class ReportRouteTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Summary_totals_equal_SQL_over_the_raw_table_and_count_unpriced_calls_apart()
    {
        JsonElement json = await _host.GetJsonAsync("/llm-costs/api/v1/summary?period=all");
        Assert.Equal(1, json.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("summary", json.GetProperty("kind").GetString());
        JsonElement totals = json.GetProperty("data").GetProperty("selected").GetProperty("totals");
        long nano = _host.Scalar("SELECT sum(cost_nanousd) FROM llm_calls");
        Assert.Equal(nano, totals.GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(nano, decimal.Parse(totals.GetProperty("costUsd").GetString()!, CultureInfo.InvariantCulture) * 1_000_000_000m);
        Assert.Equal(_host.Scalar("SELECT count(*) FROM llm_calls"), totals.GetProperty("calls").GetInt64());
        Assert.Equal(_host.Scalar("SELECT count(*) FROM llm_calls WHERE cost_nanousd IS NULL"), totals.GetProperty("unpricedCalls").GetInt64());
        Assert.Equal(_host.Scalar("SELECT sum(input_tokens) FROM llm_calls"), totals.GetProperty("inputTokens").GetInt64());
        Assert.Equal(JsonValueKind.String, totals.GetProperty("costUsd").ValueKind);
    }

    [Fact]
    public async Task Summary_of_a_month_has_the_span_before_it_and_the_standard_tiles()
    {
        JsonElement data = (await _host.GetJsonAsync("/llm-costs/api/v1/summary?period=2026-11&tz=utc")).GetProperty("data");
        Assert.Equal(_host.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE ts_utc >= '2026-11-01' AND ts_utc < '2026-12-01'"),
            data.GetProperty("selected").GetProperty("totals").GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(_host.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE ts_utc >= '2026-10-02' AND ts_utc < '2026-11-01'"),
            data.GetProperty("previous").GetProperty("totals").GetProperty("costNanoUsd").GetInt64());
        JsonElement today = data.GetProperty("tiles").EnumerateArray().Single(t => t.GetProperty("label").GetString() == "today");
        Assert.Equal(_host.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE ts_utc >= '2026-11-15'"), today.GetProperty("totals").GetProperty("costNanoUsd").GetInt64());
    }

    [Fact]
    public async Task Breakdown_by_model_equals_a_GROUP_BY_over_the_raw_table()
    {
        JsonElement rows = (await _host.GetJsonAsync("/llm-costs/api/v1/breakdown?by=model&period=all")).GetProperty("data");
        foreach (JsonElement row in rows.EnumerateArray())
        {
            string model = row.GetProperty("key").GetString()!;
            Assert.Equal(_host.Scalar($"SELECT coalesce(sum(cost_nanousd), 0) FROM llm_calls WHERE model = '{model}'"), row.GetProperty("totals").GetProperty("costNanoUsd").GetInt64());
            Assert.Equal(_host.Scalar($"SELECT count(*) FROM llm_calls WHERE model = '{model}'"), row.GetProperty("totals").GetProperty("calls").GetInt64());
        }

        Assert.Equal(_host.Scalar("SELECT count(DISTINCT model) FROM llm_calls"), rows.GetArrayLength());
        Assert.Equal("claude-sonnet-4-5", rows[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task Breakdown_then_and_top_nest_the_second_dimension_under_the_first_N_keys()
    {
        // No project (one $2.000000001 call) just beats research ($1.25 + $0.75); support comes third and is cut by top=2.
        JsonElement rows = (await _host.GetJsonAsync("/llm-costs/api/v1/breakdown?by=project&then=model&top=2&period=all&tz=utc")).GetProperty("data");
        Assert.Equal(["", "research"], rows.EnumerateArray().Select(r => r.GetProperty("key").GetString()!).Distinct());
        Assert.Equal(["claude-sonnet-4-5", "gpt-4o"], rows.EnumerateArray().Where(r => r.GetProperty("key").GetString() == "research").Select(r => r.GetProperty("subKey").GetString()!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/llm-costs/api/v1/breakdown?by=colour", "'colour' is not a dimension")]
    [InlineData("/llm-costs/api/v1/summary?period=2026-13", "is not a period")]
    [InlineData("/llm-costs/api/v1/summary?from=yesterday-ish", "is not a date")]
    [InlineData("/llm-costs/api/v1/summary?from=2026-11-10&to=2026-11-01", "is not after")]
    [InlineData("/llm-costs/api/v1/series?bucket=model", "is not a span of time")]
    [InlineData("/llm-costs/api/v1/summary?tz=Mars/Olympus", "is not a time zone")]
    [InlineData("/llm-costs/api/v1/breakdown?top=-3", "top '-3'")]
    [InlineData("/llm-costs/api/v1/usage?cursor=not-a-cursor!", "is not a cursor")]
    [InlineData("/llm-costs/api/v1/usage?outcome=exploded", "is not an outcome")]
    [InlineData("/llm-costs/api/v1/compare?period=all", "bounded period")]
    public async Task Bad_input_is_a_400_ProblemDetails_that_says_what_is_wrong(string path, string expected)
    {
        using var response = await _host.Client.GetAsync(path);
        Assert.Contains(expected, await ApiHost.ProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_by_day_in_a_zone_sums_to_the_period_total()
    {
        JsonElement json = await _host.GetJsonAsync("/llm-costs/api/v1/series?period=2026-11&bucket=day&tz=Europe/Berlin");
        Assert.Equal("Europe/Berlin", json.GetProperty("timeZone").GetString());
        JsonElement[] points = [.. json.GetProperty("data").EnumerateArray()];
        // 2026-11-14T23:30Z is already the 15th in Berlin.
        Assert.Equal(["2026-11-02", "2026-11-10", "2026-11-15"], points.Select(p => p.GetProperty("bucket").GetString()));
        Assert.Equal(_host.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE ts_utc >= '2026-10-31T23' AND ts_utc < '2026-11-30T23'"),
            points.Sum(p => p.GetProperty("totals").GetProperty("costNanoUsd").GetInt64()));
    }

    [Fact]
    public async Task Usage_pages_newest_first_visit_every_call_once_with_keyset_cursors()
    {
        List<long> ids = [];
        string? cursor = null;
        int pages = 0;
        do
        {
            JsonElement page = (await _host.GetJsonAsync("/llm-costs/api/v1/usage?limit=4" + (cursor is null ? "" : "&cursor=" + cursor))).GetProperty("data");
            ids.AddRange(page.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(2, pages);
        Assert.Equal(ApiHost.StandardCalls.Length, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        JsonElement first = (await _host.GetJsonAsync("/llm-costs/api/v1/usage?limit=1")).GetProperty("data").GetProperty("calls")[0];
        Assert.Equal("2026-11-15T14:00:00.0000000Z", first.GetProperty("tsUtc").GetString());
        Assert.Equal("2.000000001", first.GetProperty("costUsd").GetString());
        Assert.Equal(2_000_000_001, first.GetProperty("costNanoUsd").GetInt64());
        JsonElement unpriced = (await _host.GetJsonAsync("/llm-costs/api/v1/usage?model=mystery-model")).GetProperty("data").GetProperty("calls")[0];
        Assert.Equal(JsonValueKind.Null, unpriced.GetProperty("costUsd").ValueKind);
    }

    [Fact]
    public async Task Filters_apply_as_in_the_CLI_and_are_echoed_in_the_envelope()
    {
        JsonElement json = await _host.GetJsonAsync("/llm-costs/api/v1/summary?period=all&tag=deep&tag=chat&model=claude-*");
        Assert.Equal(["deep", "chat"], json.GetProperty("filters").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        JsonElement totals = json.GetProperty("data").GetProperty("selected").GetProperty("totals");
        Assert.Equal(1, totals.GetProperty("calls").GetInt64());
        Assert.Equal(1_250_000_000, totals.GetProperty("costNanoUsd").GetInt64());
    }

    [Fact]
    public async Task Top_drivers_lists_each_dimension_biggest_first()
    {
        JsonElement groups = (await _host.GetJsonAsync("/llm-costs/api/v1/top-drivers?period=all&top=2")).GetProperty("data");
        JsonElement sessions = groups.EnumerateArray().Single(g => g.GetProperty("dimension").GetString() == "session").GetProperty("top");
        Assert.Equal(2, sessions.GetArrayLength());
        Assert.Equal("s3", sessions[0].GetProperty("key").GetString());
        Assert.Equal(_host.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE session_id = 's3'"), sessions[0].GetProperty("totals").GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(["model", "project", "session", "call-site", "operation", "tag"], groups.EnumerateArray().Select(g => g.GetProperty("dimension").GetString()));
    }

    [Fact]
    public async Task Compare_puts_the_month_against_the_one_named()
    {
        JsonElement data = (await _host.GetJsonAsync("/llm-costs/api/v1/compare?period=2026-11&against=2026-10&by=model&tz=utc")).GetProperty("data");
        Assert.Equal("2026-10", data.GetProperty("first").GetProperty("label").GetString());
        JsonElement gpt4o = data.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "gpt-4o");
        Assert.Equal(500_000_000, gpt4o.GetProperty("first").GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(750_000_000, gpt4o.GetProperty("second").GetProperty("costNanoUsd").GetInt64());
        Assert.Equal("0.25", decimal.Parse(gpt4o.GetProperty("deltaUsd").GetString()!, CultureInfo.InvariantCulture).ToString("0.##", CultureInfo.InvariantCulture));
        Assert.Equal("0.5", gpt4o.GetProperty("change").GetString());
    }

    [Fact]
    public async Task Efficiency_has_a_row_per_model_and_a_total_with_the_failed_cost()
    {
        JsonElement rows = (await _host.GetJsonAsync("/llm-costs/api/v1/efficiency?period=all")).GetProperty("data");
        JsonElement total = rows.EnumerateArray().Single(r => r.GetProperty("model").GetString() == "");
        Assert.Equal(_host.Scalar("SELECT sum(cost_nanousd) FROM llm_calls"), total.GetProperty("totals").GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(0.75m, decimal.Parse(total.GetProperty("failedCostUsd").GetString()!, CultureInfo.InvariantCulture));
        JsonElement sonnet = rows.EnumerateArray().Single(r => r.GetProperty("model").GetString() == "claude-sonnet-4-5");
        Assert.Equal(0.0714m, decimal.Parse(sonnet.GetProperty("cacheHitRate").GetString()!, CultureInfo.InvariantCulture));
        // 1,000 cached tokens cost 0.3 µ$ instead of 3 µ$ each: 0.0027 saved.
        Assert.Equal(0.0027m, decimal.Parse(sonnet.GetProperty("cachingSavedUsd").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Anomalies_flag_the_day_far_above_its_baseline()
    {
        LlmCallRecord[] calls = [.. Enumerable.Range(1, 9).Select(day => CostInstrumentation.Tests.Query.CostDatabase.Call($"2026-11-{day:D2}T10:00:00Z", day == 7 ? 5m : 0.10m))];
        await using ApiHost host = await ApiHost.StartAsync(calls: calls);
        JsonElement rows = (await host.GetJsonAsync("/llm-costs/api/v1/anomalies?period=2026-11&tz=utc")).GetProperty("data");
        JsonElement day = rows.EnumerateArray().First(r => r.GetProperty("kind").GetString() == "day");
        Assert.Equal("2026-11-07", day.GetProperty("key").GetString());
        Assert.Equal("50", day.GetProperty("timesMedian").GetString());
    }

    [Fact]
    public async Task The_seed_routes_answer_what_the_v1_routes_answer()
    {
        foreach (string route in new[] { "summary?period=all", "efficiency?period=all", "top-drivers?period=all", "usage?limit=3", "budgets" })
        {
            JsonElement v1 = await _host.GetJsonAsync("/llm-costs/api/v1/" + route);
            JsonElement seed = await _host.GetJsonAsync("/llm-costs/api/cost/" + route);
            Assert.Equal(v1.GetProperty("data").GetRawText(), seed.GetProperty("data").GetRawText());
        }

        JsonElement dashboard = await _host.GetJsonAsync("/llm-costs/api/cost/dashboard?period=all");
        Assert.Equal(_host.Scalar("SELECT sum(cost_nanousd) FROM llm_calls"), dashboard.GetProperty("data").GetProperty("summary").GetProperty("selected").GetProperty("totals").GetProperty("costNanoUsd").GetInt64());
    }

    [Fact]
    public async Task A_missing_database_is_a_503_ProblemDetails()
    {
        await using ApiHost host = await ApiHost.StartAsync(o => o.DatabasePath = "/nonexistent/folder/costs.db");
        using var response = await host.Client.GetAsync("/llm-costs/api/v1/summary");
        Assert.Contains("No cost database", await ApiHost.ProblemAsync(response, HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
    }
}
