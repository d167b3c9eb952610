using System.Net;
using System.Net.Http;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Tests.Browser;

/// <summary>The pages over plain HTTP: encoded user text, antiforgery on every post, no write route or form when read-only.</summary>
public sealed class PageSecurityTests
{
    [Fact]
    public async Task User_text_is_encoded_in_the_markup()
    {
        await using PagesSite site = await PagesSite.StartAsync();
        using HttpClient client = new();
        string html = await client.GetStringAsync(site.Root + "/explore?period=all&by=session");
        Assert.DoesNotContain(PagesDatabase.ScriptPayload, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;", html, StringComparison.Ordinal);
        html = await client.GetStringAsync(site.Root + "/call-sites?period=all");
        Assert.DoesNotContain(PagesDatabase.AttributePayload, html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_its_antiforgery_token_is_refused_and_writes_nothing()
    {
        await using PagesSite site = await PagesSite.StartAsync();
        using HttpClient client = new();
        using FormUrlEncodedContent form = new(new Dictionary<string, string> { ["scope"] = "global", ["period"] = "month", ["limit"] = "1", ["warn-at"] = "0.8" });
        HttpResponseMessage response = await client.PostAsync(site.Root + "/budgets", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using FormUrlEncodedContent acknowledge = new(new Dictionary<string, string> { ["id"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(site.Root + "/alerts/acknowledge", acknowledge)).StatusCode);

        using CostReports reports = CostReports.Open(site.Database.Path);
        Assert.Equal(2, reports.Budgets(PagesSite.Now).Count);
        Assert.All(reports.Alerts(includeAcknowledged: true), alert => Assert.Null(alert.AcknowledgedUtc));
    }

    [Fact]
    public async Task Read_only_pages_have_no_forms_and_no_write_routes()
    {
        await using PagesSite site = await PagesSite.StartAsync(readOnly: true);
        using HttpClient client = new();
        foreach (string page in new[] { "/", "/budgets", "/alerts" })
        {
            Assert.DoesNotContain("method=\"post\"", await client.GetStringAsync(site.Root + page), StringComparison.Ordinal);
        }

        foreach (string route in new[] { "/budgets", "/budgets/enable", "/budgets/remove", "/alerts/acknowledge" })
        {
            using FormUrlEncodedContent form = new(new Dictionary<string, string> { ["id"] = "1" });
            HttpStatusCode status = (await client.PostAsync(site.Root + route, form)).StatusCode;
            Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{route}: {status}");
        }
    }

    [Fact]
    public async Task A_bad_filter_value_is_named_on_the_page_and_the_default_period_is_used()
    {
        await using PagesSite site = await PagesSite.StartAsync();
        using HttpClient client = new();
        HttpResponseMessage response = await client.GetAsync(site.Root + "/explore?period=someday&by=nonsense");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("class=\"problem\"", html, StringComparison.Ordinal);
        Assert.Contains("someday", html, StringComparison.Ordinal);
        Assert.Contains("last-30d", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stylesheet_and_script_are_served_from_the_assembly()
    {
        await using PagesSite site = await PagesSite.StartAsync();
        using HttpClient client = new();
        HttpResponseMessage css = await client.GetAsync(site.Root + "/assets/dashboard.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains("prefers-color-scheme: dark", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", (await client.GetAsync(site.Root + "/assets/dashboard.js")).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(site.Root + "/assets/other.js")).StatusCode);
    }
}
