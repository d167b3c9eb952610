using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>Exports (streamed csv, jsonl, xlsx) and the Server-Sent Events stream of new calls and alerts.</summary>
public sealed class ExportAndEventRouteTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(o => o.LivePollInterval = TimeSpan.FromMilliseconds(50));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Csv_export_has_every_selected_call_with_exact_costs_and_guards_formulas()
    {
        await _host.Database.WriteAsync(CostInstrumentation.Tests.Query.CostDatabase.Call("2026-11-15T14:30:00Z", 0.1m, project: "=HYPERLINK(\"http://x\")"));
        using HttpResponseMessage response = await _host.Client.GetAsync("/llm-costs/api/v1/export?format=csv&period=all");
        string csv = await (await ApiHost.ReadRawAsync(response)).Content.ReadAsStringAsync();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        string[] lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(_host.Scalar("SELECT count(*) FROM llm_calls") + 1, lines.Length);
        Assert.Contains(lines, l => l.Contains(",2.000000001,2000000001,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("'=HYPERLINK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jsonl_export_is_one_object_per_selected_call()
    {
        using HttpResponseMessage response = await _host.Client.GetAsync("/llm-costs/api/v1/export?format=jsonl&project=support");
        string[] lines = (await (await ApiHost.ReadRawAsync(response)).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(_host.Scalar("SELECT count(*) FROM llm_calls WHERE project = 'support'"), lines.Length);
        Assert.All(lines, line => Assert.Equal("support", JsonDocument.Parse(line).RootElement.GetProperty("project").GetString()));
    }

    [Fact]
    public async Task Xlsx_export_is_a_workbook()
    {
        using HttpResponseMessage response = await _host.Client.GetAsync("/llm-costs/api/v1/export?format=xlsx");
        byte[] bytes = await (await ApiHost.ReadRawAsync(response)).Content.ReadAsByteArrayAsync();
        using ZipArchive zip = new(new MemoryStream(bytes));
        using StreamReader sheet = new(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        string xml = await sheet.ReadToEndAsync();
        Assert.Contains("claude-sonnet-4-5", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_export_format_is_400_before_anything_streams()
    {
        using HttpResponseMessage response = await _host.Client.GetAsync("/llm-costs/api/v1/export?format=pdf");
        Assert.Contains("csv, jsonl or xlsx", await ApiHost.ProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_stream_sends_calls_and_alerts_recorded_after_it_opened()
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        using HttpRequestMessage request = new(HttpMethod.Get, "/llm-costs/api/v1/events");
        using HttpResponseMessage response = await _host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using StreamReader reader = new(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("event: ready", await reader.ReadLineAsync(timeout.Token));

        await _host.Database.WriteAsync(CostInstrumentation.Tests.Query.CostDatabase.Call("2026-11-15T14:59:00Z", 0.42m, model: "gpt-4o-mini", project: "live"));
        _host.Database.Execute("INSERT INTO budgets (id, scope, period, limit_nanousd) VALUES (7, 'global', 'day', 1000000000)");
        _host.Database.Execute("INSERT INTO budget_alerts (budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (7, '2026-11-15T00:00:00.0000000Z', '1', 1000000000, '2026-11-15T14:59:00.0000000Z')");

        Dictionary<string, JsonElement> seen = [];
        string? kind = null;
        while (seen.Count < 2)
        {
            string line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is "call" or "alert")
            {
                seen[kind] = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        Assert.Equal("live", seen["call"].GetProperty("project").GetString());
        Assert.Equal("0.42", decimal.Parse(seen["call"].GetProperty("costUsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(7, seen["alert"].GetProperty("budgetId").GetInt64());
    }
}
