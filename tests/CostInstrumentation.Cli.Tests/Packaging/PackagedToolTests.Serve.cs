using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Cli.Tests.Packaging;

/// <summary><c>llmcost serve</c> as the installed tool runs it, in its own process.</summary>
public sealed partial class PackagedToolTests
{
    /// <summary>
    /// The in-process serve tests run in the test host, whose runtime settings are not the tool's: the tool's build turns
    /// System.Text.Json's reflection off for Native AOT, which once made every JSON route of the served API answer 500.
    /// </summary>
    [Fact]
    public async Task The_installed_tool_serves_the_dashboard_and_its_JSON_API()
    {
        int port = FreePort();
        ProcessStartInfo start = new(tool.Command, ["serve", "--read-only", "--db", tool.QuickStartDatabase, "--urls", $"http://127.0.0.1:{port}", "--tz", "utc"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        using Process server = Process.Start(start)!;
        Task<string> error = server.StandardError.ReadToEndAsync();
        try
        {
            using HttpClient client = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilServing(client, server, error);

            foreach (string route in new[] { "/api/v1/summary?period=all", "/api/v1/breakdown?by=day&then=model&period=all", "/api/v1/series?bucket=day&period=all", "/api/v1/overview", "/api/v1/openapi.json" })
            {
                using HttpResponseMessage response = await client.GetAsync(route);
                string body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode} {body}");
                JsonDocument.Parse(body).Dispose();
            }

            JsonElement breakdown = JsonDocument.Parse(await client.GetStringAsync("/api/v1/breakdown?by=model&period=all")).RootElement.GetProperty("data");
            Assert.Equal(SumOfCalls(), breakdown.EnumerateArray().Sum(row => row.GetProperty("totals").GetProperty("costNanoUsd").GetInt64()));
            using HttpResponseMessage page = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("text/html", page.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private long SumOfCalls()
    {
        using SqliteConnection connection = new($"Data Source={tool.QuickStartDatabase};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT sum(cost_nanousd) FROM llm_calls";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Polls until the server answers (the limit only ends a hung test; no timing is asserted).</summary>
    private static async Task WaitUntilServing(HttpClient client, Process server, Task<string> error)
    {
        for (int attempt = 0; attempt < 600; attempt++)
        {
            Assert.False(server.HasExited, $"llmcost serve exited: {(server.HasExited ? await error : "")}");
            try
            {
                using HttpResponseMessage response = await client.GetAsync("/api/v1/summary");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("llmcost serve did not start listening.");
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
