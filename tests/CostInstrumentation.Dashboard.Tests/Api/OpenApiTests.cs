using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>The OpenAPI document describes the v1 routes; the reference page lists them and loads nothing.</summary>
public sealed class OpenApiTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_document_describes_every_v1_operation_once_and_not_the_seed_aliases()
    {
        JsonElement document = await _host.GetJsonAsync("/llm-costs/api/v1/openapi.json");
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        string[] paths = [.. document.GetProperty("paths").EnumerateObject().Select(p => p.Name)];
        foreach (string expected in new[] { "summary", "usage", "breakdown", "series", "top-drivers", "compare", "efficiency", "anomalies", "budgets", "budgets/{id}", "budgets/status", "budgets/{id}/enable", "budgets/{id}/disable",
            "alerts", "alerts/{id}/acknowledge", "alerts/test", "alerts/channels/{name}/test", "pricing/models", "estimate", "export", "events" })
        {
            Assert.Contains("/llm-costs/api/v1/" + expected, paths);
        }

        Assert.DoesNotContain(paths, p => p.Contains("/api/cost/", StringComparison.Ordinal));
        JsonElement breakdown = document.GetProperty("paths").GetProperty("/llm-costs/api/v1/breakdown").GetProperty("get");
        Assert.Contains(breakdown.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "callSite");
    }

    [Fact]
    public async Task The_reference_page_lists_the_operations_and_loads_nothing()
    {
        using HttpResponseMessage response = await _host.Client.GetAsync("/llm-costs/api/v1/");
        string html = await (await ApiHost.ReadRawAsync(response)).Content.ReadAsStringAsync();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/llm-costs/api/v1/budgets/{id:long}", html, StringComparison.Ordinal);
        Assert.Contains("Server-Sent Events", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_mode_leaves_the_write_operations_out_of_the_document()
    {
        await using ApiHost host = await ApiHost.StartAsync(o => o.ReadOnly = true);
        JsonElement paths = (await host.GetJsonAsync("/llm-costs/api/v1/openapi.json")).GetProperty("paths");
        Assert.False(paths.GetProperty("/llm-costs/api/v1/budgets").TryGetProperty("post", out _));
        Assert.False(paths.TryGetProperty("/llm-costs/api/v1/alerts/{id}/acknowledge", out _));
    }
}
