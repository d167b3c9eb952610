using System.IO;
using System.Net;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>alerts test</c> against a loopback webhook: the runtime's payload, where the URL comes from, failures.</summary>
public sealed class AlertCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcost-alerts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Test_posts_one_alert_shaped_like_the_runtimes_to_the_webhook_given()
    {
        using LoopbackServer webhook = new("{}");

        CliResult result = CliRun.Run(["alerts", "test", "--webhook", webhook.Url]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"Sent a test warning alert to {webhook.Url} (--webhook)", result.Out);
        (string method, string contentType, string body) = Assert.Single(webhook.Received);
        Assert.Equal(("POST", "application/json"), (method, contentType));
        JsonElement alert = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("global", "day", "llmcost alerts test"), (alert.GetProperty("budget").GetProperty("scope").GetString(), alert.GetProperty("budget").GetProperty("period").GetString(), alert.GetProperty("budget").GetProperty("source").GetString()));
        Assert.Equal(("warning", 0.8m, 0.8m, 1m), (alert.GetProperty("level").GetString(), alert.GetProperty("threshold").GetDecimal(), decimal.Parse(alert.GetProperty("spentUsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(alert.GetProperty("limitUsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("2026-11-18T00:00:00Z", alert.GetProperty("periodStartUtc").GetString());
    }

    [Fact]
    public void Without_the_option_the_url_comes_from_the_environment_then_from_appsettings_as_the_application_reads_it()
    {
        using LoopbackServer configured = new("{}");
        using LoopbackServer environment = new("{}");
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), $$"""
            {
              // as AddLlmCostTracking binds it; configuration keys ignore case
              "costInstrumentation": { "webhook": { "url": "{{configured.Url}}" } },
            }
            """);

        CliResult fromSettings = CliRun.Run(["alerts", "test"], currentDirectory: _folder);
        CliResult fromVariable = CliRun.Run(["alerts", "test"], currentDirectory: _folder, variables: new Dictionary<string, string> { ["CostInstrumentation__Webhook__Url"] = environment.Url });

        Assert.True(fromSettings.ExitCode == 0, fromSettings.Error);
        Assert.Contains("appsettings.json", fromSettings.Out);
        Assert.Equal(0, fromVariable.ExitCode);
        Assert.Contains("(CostInstrumentation__Webhook__Url)", fromVariable.Out);
        Assert.Equal((1, 1), (configured.Requests, environment.Requests));
    }

    [Fact]
    public void A_webhook_that_refuses_exits_1_saying_why_and_a_missing_or_bad_url_exits_2()
    {
        using LoopbackServer refusing = new("{}", HttpStatusCode.InternalServerError);

        CliResult refused = CliRun.Run(["alerts", "test", "--webhook", refusing.Url]);
        CliResult missing = CliRun.Run(["alerts", "test"], currentDirectory: _folder);
        CliResult notHttp = CliRun.Run(["alerts", "test", "--webhook", "ftp://127.0.0.1/hook"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("HTTP 500", refused.Error);
        Assert.Equal(1, refusing.Requests); // one attempt: a test does not retry for a minute
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No webhook to test", missing.Error);
        Assert.Equal(2, notHttp.ExitCode);
        Assert.Contains("not an absolute http or https URL", notHttp.Error);
    }
}
