using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using CostInstrumentation.Cli.Commands;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Testing;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>llmcost serve</c>: the dashboard's API over real loopback HTTP, agreeing with the CLI's own numbers; a token off loopback.</summary>
public sealed class ServeCommandTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(
        CostDatabase.Call("2026-11-02T09:30:00Z", 1.25m, model: "claude-sonnet-4-5", provider: "anthropic", project: "research"),
        CostDatabase.Call("2026-11-10T12:00:00Z", 0.000123456m, model: "gpt-4o-mini", project: "support"),
        CostDatabase.Call("2026-11-14T23:30:00Z", null, model: "mystery-model", provider: "custom"),
        CostDatabase.Call("2026-11-15T14:00:00Z", 2.000000001m, model: "claude-sonnet-4-5", provider: "anthropic"));

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_served_breakdown_is_the_report_command_s_breakdown()
    {
        await using WebApplication app = Build("http://127.0.0.1:0", out string? token);
        Assert.Null(token);
        await app.StartAsync();
        using HttpClient client = new() { BaseAddress = new Uri(Address(app)) };
        JsonElement api = JsonDocument.Parse(await client.GetStringAsync("/api/v1/breakdown?by=model&period=all&tz=utc")).RootElement;
        JsonElement cli = CliRun.Run(["report", "--by", "model", "--period", "all", "--format", "json", "--db", _database.Path]).Json;
        Assert.Equal(
            cli.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("key").GetString(), r.GetProperty("costNanoUsd").GetInt64())),
            api.GetProperty("data").EnumerateArray().Select(r => (r.GetProperty("key").GetString(), r.GetProperty("totals").GetProperty("costNanoUsd").GetInt64())));
        Assert.Equal(_database.Scalar("SELECT sum(cost_nanousd) FROM llm_calls"), api.GetProperty("data").EnumerateArray().Sum(r => r.GetProperty("totals").GetProperty("costNanoUsd").GetInt64()));

        // The prices are the shipped catalogue's, and prompts are counted with the CLI's tokenizers.
        using HttpResponseMessage estimate = await client.PostAsync("/api/v1/estimate", new StringContent("""{"model":"gpt-4o-mini","prompt":"Hello there, how are you?","outputTokens":10}""", System.Text.Encoding.UTF8, "application/json"));
        string body = await estimate.Content.ReadAsStringAsync();
        Assert.True(estimate.IsSuccessStatusCode, body);
        Assert.Contains("tokenizer", JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("inputMethod").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binding_every_address_needs_the_token_it_prints()
    {
        await using WebApplication app = Build("http://0.0.0.0:0", out string? token);
        Assert.False(string.IsNullOrEmpty(token));
        await app.StartAsync();
        // The request still arrives over loopback here; what matters is that the token is set for other machines.
        using HttpClient client = new() { BaseAddress = new Uri(Address(app).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)) };
        using HttpResponseMessage local = await client.GetAsync("/api/v1/summary");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task A_read_only_server_has_no_write_routes()
    {
        await using WebApplication app = Build("http://127.0.0.1:0", out _, readOnly: true);
        await app.StartAsync();
        using HttpClient client = new() { BaseAddress = new Uri(Address(app)) };
        using HttpResponseMessage response = await client.PostAsync("/api/v1/budgets", new StringContent("""{"period":"day","limitUsd":"5"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(0, _database.Scalar("SELECT count(*) FROM budgets"));
    }

    [Fact]
    public async Task The_webhook_it_is_given_is_the_channel_a_test_alert_goes_through()
    {
        using LoopbackServer webhook = new("{}");
        await using WebApplication app = Build("http://127.0.0.1:0", out _, extra: ["--webhook", webhook.Url]);
        await app.StartAsync();
        using HttpClient client = new() { BaseAddress = new Uri(Address(app)) };

        using HttpResponseMessage response = await client.PostAsync("/api/v1/alerts/test", null);

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        JsonElement result = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(("webhook", true), (result.GetProperty("channel").GetString(), result.GetProperty("delivered").GetBoolean()));
        Assert.Contains("llmcost alerts test", Assert.Single(webhook.Received).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_webhook_the_alerts_page_says_no_channel_is_configured()
    {
        await using WebApplication app = Build("http://127.0.0.1:0", out _);
        await app.StartAsync();
        using HttpClient client = new() { BaseAddress = new Uri(Address(app)) };

        Assert.Contains("No alert channel is configured", await client.GetStringAsync("/alerts"), StringComparison.Ordinal);
        using HttpResponseMessage response = await client.PostAsync("/api/v1/alerts/test", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void A_missing_database_or_a_bad_address_fails_before_serving()
    {
        CliResult missing = CliRun.Run(["serve", "--db", Path.Combine(_database.Folder, "nope.db")]);
        Assert.Equal(ExitCodes.Database, missing.ExitCode);
        CliResult https = CliRun.Run(["serve", "--db", _database.Path, "--urls", "ftp://127.0.0.1:21"]);
        Assert.Equal(ExitCodes.BadArguments, https.ExitCode);
        Assert.Contains("is not a list of http:// addresses", https.Error, StringComparison.Ordinal);
    }

    private WebApplication Build(string urls, out string? token, bool readOnly = false, string[]? extra = null)
    {
        CliEnvironment environment = new()
        {
            Out = new StringWriter(),
            Error = new StringWriter(),
            Terminal = _ => new TestConsole(),
            Clock = TimeProvider.System,
            LocalZone = TimeZoneInfo.Utc,
            Variable = _ => null,
            CurrentDirectory = _database.Folder,
        };
        System.CommandLine.ParseResult parse = CommandCatalog.Root(environment).Parse(["serve", "--db", _database.Path, .. extra ?? []]);
        return ServeCommand.Build(new Invocation(parse, environment), urls, readOnly, out token);
    }

    private static string Address(WebApplication app) => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
