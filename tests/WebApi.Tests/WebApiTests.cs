using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.Hosting.Tests.Email;
using CostInstrumentation.Tests.Budgets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using WebApi;

namespace WebApi.Tests;

/// <summary>
/// The web sample as a user runs it: registered from its appsettings.json, started with WebApplicationFactory, its
/// endpoints called over HTTP, each model call answered by the loopback stand-in and found in the SQLite file with the
/// cost the compiled prices give its usage.
/// </summary>
public sealed class WebApiTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"webapi-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.UseSetting("CostInstrumentation:SqlitePath", _database));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (string file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheMeteredServiceMethod_IsRecorded_WithItsProjectSessionTagsAndExactCost()
    {
        HttpClient client = _factory.CreateClient();

        HttpResponseMessage response = await client.PostAsJsonAsync("/support/answer", new SupportRequest("Where is my parcel?", "conversation-7"));

        response.EnsureSuccessStatusCode();
        Reply reply = (await response.Content.ReadFromJsonAsync<Reply>())!;
        Assert.Equal("gpt-4o-mini-2024-07-18", reply.Model);
        StoredCall call = Assert.Single(await RecordedAsync(client));
        Assert.Equal(("openai", "support", "conversation-7", "[\"web\"]", "WebApi.SupportDesk.AnswerAsync"), (call.Provider, call.Project, call.Session, call.Tags, call.Operation));
        Assert.True(LlmPricing.TryGetPrice(call.Model, out ModelPrice? price));
        Assert.Equal(price.Cost(new LlmUsage(call.InputTokens, call.OutputTokens, call.CachedInputTokens)), call.CostNanoUsd / 1_000_000_000m);
    }

    [Fact]
    public async Task TheCostsEndpoint_AddsUpTheCallsJustMade()
    {
        HttpClient client = _factory.CreateClient();
        for (int i = 0; i < 3; i++)
        {
            (await client.PostAsJsonAsync("/support/answer", new SupportRequest($"Question {i}?", "conversation-8"))).EnsureSuccessStatusCode();
        }

        SpendToday spend = (await client.GetFromJsonAsync<SpendToday>("/costs/today"))!;

        List<StoredCall> calls = await RecordedAsync(client);
        Assert.Equal(3, calls.Count);
        Assert.Equal((3L, 0L), (spend.Calls, spend.UnpricedCalls));
        Assert.Equal(calls.ConvertAll(c => c.CostNanoUsd).Sum() / 1_000_000_000m, decimal.Parse(spend.CostUsd, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TheChatEndpoint_IsRecordedByTheMiddleware_WithTheModelsExactCost()
    {
        HttpClient client = _factory.CreateClient();

        HttpResponseMessage response = await client.PostAsJsonAsync("/chat", new ChatRequest("Plan a three-day trip to Lisbon."));

        response.EnsureSuccessStatusCode();
        Reply reply = (await response.Content.ReadFromJsonAsync<Reply>())!;
        Assert.Equal(("A short, helpful answer.", "gpt-4o"), (reply.Text, reply.Model));
        StoredCall call = Assert.Single(await RecordedAsync(client));
        Assert.Equal(("openai", "gpt-4o", "web-api"), (call.Provider, call.Model, call.Project)); // the project: appsettings.json's DefaultProject
        Assert.True(LlmPricing.TryGetPrice(call.Model, out ModelPrice? price));
        Assert.Equal(price.Cost(new LlmUsage(call.InputTokens, call.OutputTokens, call.CachedInputTokens)), call.CostNanoUsd / 1_000_000_000m);
    }

    [Fact]
    public async Task TheDashboardsApi_ShowsTheCallsJustMade_WithTheCostStoredForThem()
    {
        HttpClient client = _factory.CreateClient();
        (await client.PostAsJsonAsync("/support/answer", new SupportRequest("Where is my parcel?", "conversation-9"))).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/chat", new ChatRequest("Plan a three-day trip to Lisbon."))).EnsureSuccessStatusCode();
        List<StoredCall> calls = await RecordedAsync(client);

        using System.Text.Json.JsonDocument summary = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/llm-costs/api/v1/summary?period=all"));
        System.Text.Json.JsonElement totals = summary.RootElement.GetProperty("data").GetProperty("selected").GetProperty("totals");

        Assert.Equal(2, calls.Count);
        Assert.Equal((2, calls.ConvertAll(c => c.CostNanoUsd).Sum()), (totals.GetProperty("calls").GetInt32(), totals.GetProperty("costNanoUsd").GetInt64()));
        Assert.Contains("gpt-4o-mini", await client.GetStringAsync("/llm-costs/?period=all"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDashboardsTestAlert_GoesThroughTheAppsLogAndWebhook()
    {
        using WebhookReceiver receiver = new();
        HttpClient client = _factory.WithWebHostBuilder(web => web.UseSetting("CostInstrumentation:Webhook:Url", receiver.Url.ToString())).CreateClient();

        HttpResponseMessage response = await client.PostAsync("/llm-costs/api/v1/alerts/test", null);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using System.Text.Json.JsonDocument answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["log:True", "webhook:True"], answer.RootElement.GetProperty("data").EnumerateArray().Select(r => $"{r.GetProperty("channel").GetString()}:{r.GetProperty("delivered").GetBoolean()}"));
        Assert.Contains("CostInstrumentation test alert", Assert.Single(receiver.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDashboardsTestAlert_ReachesTheAppsEmailChannel_ByName()
    {
        await using LoopbackSmtpServer smtp = new();
        HttpClient client = _factory.WithWebHostBuilder(web => web
            .UseSetting("CostInstrumentation:Email:Host", "127.0.0.1")
            .UseSetting("CostInstrumentation:Email:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("CostInstrumentation:Email:Tls", "None")
            .UseSetting("CostInstrumentation:Email:From", "costs@example.test")
            .UseSetting("CostInstrumentation:Email:To:0", "ops@example.test")).CreateClient();

        HttpResponseMessage response = await client.PostAsync("/llm-costs/api/v1/alerts/channels/email/test", null);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        ReceivedMail mail = await smtp.NextAsync();
        Assert.Equal(["ops@example.test"], mail.To);
        Assert.Contains("<option value=\"email\">email</option>", await client.GetStringAsync("/llm-costs/alerts"), StringComparison.Ordinal);
    }

    /// <summary>Every stored call, read with SQL after the sample flushed its records (by serving <c>/costs/today</c>).</summary>
    private async Task<List<StoredCall>> RecordedAsync(HttpClient client)
    {
        (await client.GetAsync("/costs/today")).EnsureSuccessStatusCode();
        using SqliteConnection connection = new($"Data Source={_database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT provider, model, operation, project, session_id, tags, input_tokens, cached_input_tokens, output_tokens, cost_nanousd FROM llm_calls ORDER BY id";
        using SqliteDataReader reader = command.ExecuteReader();
        List<StoredCall> calls = [];
        while (reader.Read())
        {
            calls.Add(new StoredCall(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));
        }

        return calls;
    }

    private sealed record StoredCall(string Provider, string Model, string Operation, string? Project, string? Session, string Tags, long InputTokens, long CachedInputTokens, long OutputTokens, long CostNanoUsd);
}
