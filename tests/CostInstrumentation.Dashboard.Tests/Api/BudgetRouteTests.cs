using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>Budgets over REST: create, read with an ETag, update only with a matching If-Match, delete; declared budgets are read-only.</summary>
public sealed class BudgetRouteTests : IAsyncLifetime
{
    private const string Budgets = "/llm-costs/api/v1/budgets";

    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_read_update_with_the_ETag_and_delete()
    {
        using HttpResponseMessage created = await _host.Client.PostAsync(Budgets, ApiHost.Json(new { scope = "project", scopeValue = "research", period = "month", limitUsd = "10.50", warnAt = new[] { "0.5" } }));
        JsonElement budget = (await ApiHost.ReadAsync(created, HttpStatusCode.Created)).GetProperty("data");
        long id = budget.GetProperty("id").GetInt64();
        Assert.Equal($"/llm-costs/api/v1/budgets/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("10.5", decimal.Parse(budget.GetProperty("limitUsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(10_500_000_000, budget.GetProperty("limitNanoUsd").GetInt64());
        // This month research spent 1.25 + 0.75: the status route says so, with a projection.
        Assert.Equal(2_000_000_000, budget.GetProperty("spentNanoUsd").GetInt64());
        Assert.Equal("ok", budget.GetProperty("health").GetString());
        Assert.NotNull(budget.GetProperty("projectedUsd").GetString());
        Assert.Equal(1, _host.Scalar($"SELECT count(*) FROM budgets WHERE id = {id} AND scope = 'project' AND scope_value = 'research' AND limit_nanousd = 10500000000"));

        using HttpResponseMessage read = await _host.Client.GetAsync($"{Budgets}/{id}");
        await ApiHost.ReadAsync(read, HttpStatusCode.OK);
        string etag = read.Headers.ETag!.ToString();

        using HttpRequestMessage update = new(HttpMethod.Put, $"{Budgets}/{id}") { Content = ApiHost.Json(new { scope = "project", scopeValue = "research", period = "month", limitUsd = "1.00" }) };
        update.Headers.TryAddWithoutValidation("If-Match", etag);
        using HttpResponseMessage updated = await _host.Client.SendAsync(update);
        JsonElement after = (await ApiHost.ReadAsync(updated, HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("limit", after.GetProperty("health").GetString());
        Assert.NotEqual(etag, updated.Headers.ETag!.ToString());

        // The old ETag no longer matches: 412, and the row keeps the newer limit.
        using HttpRequestMessage stale = new(HttpMethod.Put, $"{Budgets}/{id}") { Content = ApiHost.Json(new { scope = "project", scopeValue = "research", period = "month", limitUsd = "99" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        using HttpResponseMessage refused = await _host.Client.SendAsync(stale);
        Assert.Contains("changed since", await ApiHost.ProblemAsync(refused, HttpStatusCode.PreconditionFailed), StringComparison.Ordinal);
        Assert.Equal(1_000_000_000, _host.Scalar($"SELECT limit_nanousd FROM budgets WHERE id = {id}"));

        using HttpResponseMessage deleted = await _host.Client.DeleteAsync($"{Budgets}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, _host.Scalar($"SELECT count(*) FROM budgets WHERE id = {id}"));
        using HttpResponseMessage gone = await _host.Client.GetAsync($"{Budgets}/{id}");
        await ApiHost.ProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_update_without_If_Match_is_428()
    {
        long id = await CreateAsync();
        using HttpResponseMessage response = await _host.Client.PutAsync($"{Budgets}/{id}", ApiHost.Json(new { period = "day", limitUsd = "2" }));
        await ApiHost.ProblemAsync(response, HttpStatusCode.PreconditionRequired);
    }

    [Theory]
    [InlineData("{\"period\":\"day\",\"limitUsd\":\"-5\"}", "greater than zero")]
    [InlineData("{\"period\":\"day\",\"limitUsd\":\"0\"}", "greater than zero")]
    [InlineData("{\"period\":\"day\",\"limitUsd\":\"five\"}", "is not an amount")]
    [InlineData("{\"period\":\"fortnight\",\"limitUsd\":\"5\"}", "is not a budget period")]
    [InlineData("{\"scope\":\"planet\",\"period\":\"day\",\"limitUsd\":\"5\"}", "is not a budget scope")]
    [InlineData("{\"scope\":\"project\",\"period\":\"day\",\"limitUsd\":\"5\"}", "needs the project")]
    [InlineData("{\"period\":\"day\",\"limitUsd\":\"5\",\"warnAt\":[\"1.5\"]}", "is not a fraction")]
    [InlineData("{\"period\":\"day\",\"limitUsd\":\"5\",\"fallback\":\"gpt-4o-mini\"}", "hardLimit")]
    [InlineData("{\"period\":", "not valid JSON")]
    public async Task A_bad_budget_is_a_400_ProblemDetails_and_nothing_is_written(string body, string expected)
    {
        using HttpResponseMessage response = await _host.Client.PostAsync(Budgets, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains(expected, await ApiHost.ProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(0, _host.Scalar("SELECT count(*) FROM budgets"));
    }

    [Fact]
    public async Task A_second_budget_with_the_same_scope_and_period_is_409()
    {
        await CreateAsync();
        using HttpResponseMessage response = await _host.Client.PostAsync(Budgets, ApiHost.Json(new { period = "day", limitUsd = "7" }));
        Assert.Contains("already has this scope and period", await ApiHost.ProblemAsync(response, HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_declared_in_code_is_read_only_with_a_409_that_says_where()
    {
        _host.Database.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, source, declared_key) VALUES ('model', 'gpt-4o', 'day', 5000000000, '[LlmBudget] on Shop.Assistant', 'k1')");
        long id = _host.Scalar("SELECT id FROM budgets WHERE declared_key = 'k1'");
        JsonElement budget = (await _host.GetJsonAsync($"{Budgets}/{id}")).GetProperty("data");
        Assert.True(budget.GetProperty("declared").GetBoolean());

        using HttpResponseMessage deleted = await _host.Client.DeleteAsync($"{Budgets}/{id}");
        Assert.Contains("[LlmBudget] on Shop.Assistant", await ApiHost.ProblemAsync(deleted, HttpStatusCode.Conflict), StringComparison.Ordinal);
        using HttpRequestMessage update = new(HttpMethod.Put, $"{Budgets}/{id}") { Content = ApiHost.Json(new { scope = "model", scopeValue = "gpt-4o", period = "day", limitUsd = "50" }) };
        update.Headers.TryAddWithoutValidation("If-Match", "*");
        using HttpResponseMessage updated = await _host.Client.SendAsync(update);
        await ApiHost.ProblemAsync(updated, HttpStatusCode.Conflict);
        Assert.Equal(5_000_000_000, _host.Scalar($"SELECT limit_nanousd FROM budgets WHERE id = {id}"));
    }

    [Fact]
    public async Task Status_lists_every_budget_with_its_projection()
    {
        long id = await CreateAsync();
        JsonElement json = await _host.GetJsonAsync($"{Budgets}/status");
        Assert.Equal("UTC", json.GetProperty("timeZone").GetString());
        JsonElement budget = json.GetProperty("data").EnumerateArray().Single(b => b.GetProperty("id").GetInt64() == id);
        // Today (UTC) spent 0.75 + 2.000000001 by 15:00.
        Assert.Equal(2_750_000_001, budget.GetProperty("spentNanoUsd").GetInt64());
        Assert.Equal("2026-11-16T00:00:00Z", budget.GetProperty("periodEndUtc").GetString());
        Assert.Equal("0.38", budget.GetProperty("daysLeft").GetString());
    }

    [Fact]
    public async Task Disable_and_enable_are_idempotent_and_change_the_row_the_runtime_reads()
    {
        long id = await CreateAsync();
        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage disabled = await _host.Client.PostAsync($"{Budgets}/{id}/disable", null);
            JsonElement budget = (await ApiHost.ReadAsync(disabled, HttpStatusCode.OK)).GetProperty("data");
            Assert.False(budget.GetProperty("enabled").GetBoolean());
            Assert.Equal("disabled", budget.GetProperty("health").GetString());
            Assert.Equal(0, _host.Scalar($"SELECT enabled FROM budgets WHERE id = {id}"));
        }

        using HttpResponseMessage enabled = await _host.Client.PostAsync($"{Budgets}/{id}/enable", null);
        Assert.True((await ApiHost.ReadAsync(enabled, HttpStatusCode.OK)).GetProperty("data").GetProperty("enabled").GetBoolean());
        Assert.Equal(1, _host.Scalar($"SELECT enabled FROM budgets WHERE id = {id}"));

        _host.Database.Execute("INSERT INTO budgets (scope, period, limit_nanousd, source, declared_key) VALUES ('global', 'year', 5000000000, 'budgets.json', 'k2')");
        using HttpResponseMessage declared = await _host.Client.PostAsync($"{Budgets}/{_host.Scalar("SELECT id FROM budgets WHERE declared_key = 'k2'")}/disable", null);
        Assert.Contains("budgets.json", await ApiHost.ProblemAsync(declared, HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_budget_ids_are_404()
    {
        using HttpResponseMessage response = await _host.Client.GetAsync($"{Budgets}/4242");
        Assert.Contains("4242", await ApiHost.ProblemAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    private async Task<long> CreateAsync()
    {
        using HttpResponseMessage created = await _host.Client.PostAsync(Budgets, ApiHost.Json(new { period = "day", limitUsd = "5" }));
        return (await ApiHost.ReadAsync(created, HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetInt64();
    }
}
