using System.Net;
using System.Text.Json;
using CostInstrumentation.Dashboard;
using CostInstrumentation.PostgreSql.Tests.Harness;
using CostInstrumentation.Reports.PostgreSql.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Reports.PostgreSql.Tests;

/// <summary><c>llmcost --db "Host=…"</c> prints what <c>--db file</c> prints, and the dashboard's API over the ledger answers as over the file.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CliAndDashboardTests(PostgresServer server)
{
    /// <summary>Each command, and whether its budget rows may come in another order (each database lists budgets by its own ids).</summary>
    public static TheoryData<string, bool> Commands => new()
    {
        { "report --period 2026-11 --by model --then-by day --tz Asia/Kolkata", false },
        { "report --period all --by tag --tz America/New_York --format json", false },
        { "daily --from 2026-10-30 --to 2026-11-03 --tz America/New_York", false },
        { "export --format csv", false },
        { "alerts list", false },
        { "summary --format json", true },
        { "budget status", true },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Llmcost_prints_the_same_report_from_the_ledger_as_from_the_file(string command, bool budgetsInAnyOrder)
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        string[] args = command.Split(' ');
        LlmcostRun file = Llmcost.Run([.. args, "--db", calls.File]);
        LlmcostRun ledger = Llmcost.Run([.. args, "--db", calls.Ledger]);
        Assert.True(file.ExitCode == 0, file.Error);
        Assert.True(ledger.ExitCode == 0, ledger.Error);
        Assert.True(file.Out.Length > 200, file.Out);
        string ledgerName = CostReports.Describe(calls.Ledger);
        Assert.DoesNotContain("Password", ledger.Out, StringComparison.OrdinalIgnoreCase);
        string expected = Ids(file.Out.Replace(calls.File, "DB", StringComparison.Ordinal));
        string actual = Ids(ledger.Out.Replace(ledgerName, "DB", StringComparison.Ordinal));
        Assert.Equal(budgetsInAnyOrder ? Lines(expected) : expected, budgetsInAnyOrder ? Lines(actual) : actual);
    }

    [Fact]
    public async Task The_dashboards_summary_breakdown_and_series_over_the_ledger_equal_the_files()
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddLlmCostDashboard();
        await using WebApplication app = builder.Build();
        foreach ((string prefix, string database) in new[] { ("/file", calls.File), ("/ledger", calls.Ledger) })
        {
            app.MapLlmCostDashboard(prefix, options =>
            {
                options.DatabasePath = database;
                options.LocalZone = TimeZoneInfo.Utc;
                options.Clock = new ManualClock(SameCalls.Now);
                options.ReadOnly = true;
            });
        }

        await app.StartAsync();
        using HttpClient client = app.GetTestClient();
        foreach (string query in new[] { "summary?period=all&tz=America/New_York", "summary?period=2026-11&tz=Asia/Kolkata", "breakdown?period=all&by=project&then=model", "series?period=2026-11&bucket=day&tz=Asia/Kolkata" })
        {
            string file = await DataAsync(client, "/file/api/v1/" + query);
            string ledger = await DataAsync(client, "/ledger/api/v1/" + query);
            Assert.Equal(file, ledger);
        }
    }

    private static async Task<string> DataAsync(HttpClient client, string path)
    {
        using HttpResponseMessage response = await client.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("data").GetRawText();
    }

    private static string Lines(string output) => string.Join('\n', output.Split('\n').Order(StringComparer.Ordinal));

    /// <summary>Budget and alert ids are each database's own: the ledger numbers them itself.</summary>
    private static string Ids(string output) => System.Text.RegularExpressions.Regex.Replace(output, "(?m)^(\\s*[│|]?\\s*)\\d+(\\s)", "$1#$2");
}
