using System.Globalization;
using System.IO;
using CostInstrumentation.Reports;
using CostInstrumentation.Tests.Query;
using Microsoft.Playwright;

namespace CostInstrumentation.Dashboard.Tests.Browser;

/// <summary>
/// The pages in a real browser: each one loads (light and dark), filters and drill-downs narrow the numbers the report
/// layer gives, a budget is created and an alert acknowledged through the forms, user text never runs as script, and no
/// page logs an error or reaches past 127.0.0.1.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageBrowserTests
{
    private readonly BrowserSession _session;

    public PageBrowserTests(BrowserSession session)
    {
        _session = session;
        session.Reset();
    }

    public static TheoryData<string, string, string> Pages() => new()
    {
        { "/", "Overview", "overview" },
        { "/explore?by=project&then=model", "Explore", "explore" },
        { "/sessions", "Sessions", "sessions" },
        { "/sessions?session=s2", "Session", "session" },
        { "/call-sites", "Call sites", "call-sites" },
        { "/budgets", "Budgets", "budgets" },
        { "/alerts", "Alerts", "alerts" },
        { "/pricing", "Pricing", "pricing" },
        { "/estimate?model=gpt-4o&input=12000&calls=10", "Estimate", "estimate" },
        { "/live", "Live", "live" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_loads_in_light_and_dark_without_errors(string path, string title, string shot)
    {
        IPage page = await _session.OpenAsync(path);
        Assert.Equal(title, await page.Locator("h1").TextContentAsync());
        Assert.Equal(title + " · LLM costs", await page.TitleAsync());
        Assert.Equal("rgb(247, 247, 248)", await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).backgroundColor"));
        await BrowserSession.ScreenshotAsync(page, shot);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        Assert.Equal("rgb(21, 23, 27)", await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).backgroundColor"));
        await BrowserSession.ScreenshotAsync(page, shot + "-dark");
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task Overview_shows_the_report_layers_numbers_and_a_model_drill_down_narrows_them()
    {
        using CostReports reports = CostReports.Open(_session.Site.Database.Path);
        ReportPeriod month = PeriodParser.Named("this-month", PagesSite.Now, TimeZoneInfo.Utc);
        ReportPeriod today = PeriodParser.Named("today", PagesSite.Now, TimeZoneInfo.Utc);
        IPage page = await _session.OpenAsync("/?period=this-month");

        string todayTile = await page.Locator(".tile").First.Locator(".value").TextContentAsync() ?? "";
        Assert.Equal(Usd(reports.Totals(today).CostUsd), todayTile);
        Assert.Equal(Count(reports.Totals(month).UnpricedCalls), await page.Locator(".tile.warn .value").TextContentAsync());
        Assert.Contains("budget", await page.Locator("figcaption.legend").TextContentAsync(), StringComparison.Ordinal);

        await page.Locator(".shares a", new PageLocatorOptions { HasText = "claude-sonnet-4-5" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**model=claude-sonnet-4-5**");
        await BrowserSession.ScreenshotAsync(page, "overview-filtered");
        Assert.Contains("model=claude-sonnet-4-5", await page.Locator(".chip").AllTextContentsAsync() is var chips ? string.Join(" ", chips) : "", StringComparison.Ordinal);
        decimal narrowed = reports.Totals(month, new ReportFilter { Model = "claude-sonnet-4-5" }).CostUsd;
        Assert.Equal(Usd(narrowed), await page.Locator(".shares li .num").First.TextContentAsync() is { } share ? share.Split(" · ")[0] : "");
        await BrowserSession.ScreenshotAsync(page, "overview-filtered");

        // The filter form keeps the drill-down and adds a project.
        await page.FillAsync("input[name=project]", "support");
        await page.ClickAsync("form.filters button[type=submit]");
        await BrowserSession.WaitForPageAsync(page, "**project=support**");
        Assert.Contains("model=claude-sonnet-4-5", page.Url, StringComparison.Ordinal);
        Assert.Equal(Usd(reports.Totals(month, new ReportFilter { Model = "claude-sonnet-4-5", Project = "support" }).CostUsd),
            (await page.Locator(".shares li .num").First.TextContentAsync())!.Split(" · ")[0]);
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task Overview_fills_the_panels_rollups_cannot_answer_after_the_first_paint()
    {
        using CostReports reports = CostReports.Open(_session.Site.Database.Path);
        ReportPeriod all = PeriodParser.Named("all", PagesSite.Now, TimeZoneInfo.Utc);
        IPage page = await _session.NewPageAsync();
        List<string> requested = [];
        page.Request += (_, request) => requested.Add(request.Url);
        Assert.Equal(200, (await page.GotoAsync(_session.Site.Root + "/?period=all"))?.Status);

        // A selector wait, not a predicate: polling a predicate string evals it in the page, which the CSP refuses.
        await page.WaitForSelectorAsync("[data-fragment]", new() { State = WaitForSelectorState.Detached });
        Assert.Contains(_session.Site.Root + "/tops?period=all", requested);
        foreach ((string id, ReportDimension dimension) in new[] { ("top-sessions", ReportDimension.Session), ("top-call-sites", ReportDimension.CallSite), ("top-tags", ReportDimension.Tag) })
        {
            IReadOnlyList<string> cells = await page.Locator($"#{id} tbody tr td:first-child").AllTextContentsAsync();
            Assert.Equal(reports.Breakdown(all, dimension, top: 5).Select(r => r.Key.Length == 0 ? "(none)" : r.Key), cells);
        }

        await BrowserSession.ScreenshotAsync(page, "overview-all");
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task A_session_drill_down_shows_its_calls_on_a_timeline_with_unpriced_ones_apart()
    {
        IPage page = await _session.OpenAsync("/sessions");
        await page.Locator("td a", new PageLocatorOptions { HasText = "s2" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**session=s2**");
        Assert.Equal("Session", await page.Locator("h1").TextContentAsync());
        Assert.Equal(3, await page.Locator("table tbody tr").CountAsync());
        Assert.Equal(3, await page.Locator(".chart circle").CountAsync());
        Assert.Equal(1, await page.Locator("td.warn", new PageLocatorOptions { HasText = "unpriced" }).CountAsync());
        Assert.Contains("$0.625 · 1 unpriced", await page.Locator(".facts").TextContentAsync(), StringComparison.Ordinal);
        await BrowserSession.ScreenshotAsync(page, "session-timeline");
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task Explore_groups_by_any_dimension_and_drills_into_a_key()
    {
        IPage page = await _session.OpenAsync("/explore?period=all");
        await page.SelectOptionAsync("select[name=by]", "call-site");
        await page.ClickAsync("form.explore button[type=submit]");
        await BrowserSession.WaitForPageAsync(page, "**by=call-site**");
        Assert.Equal("call-site", await page.Locator("table thead th").First.TextContentAsync());
        await page.Locator("td a", new PageLocatorOptions { HasText = "Research.cs:42" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**call-site=Research.cs%3A42**");
        Assert.Equal(1, await page.Locator("table tbody tr").CountAsync());
        Assert.Equal("$1.984567891", await page.Locator("table tbody td.num").Nth(1).TextContentAsync());
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task A_budget_created_through_the_form_is_written_and_listed()
    {
        IPage page = await _session.OpenAsync("/budgets");
        await page.SelectOptionAsync("select[name=scope]", "project");
        await page.FillAsync("input[name=value]", "support");
        await page.SelectOptionAsync("select[name=period]", "week");
        await page.FillAsync("input[name=limit]", "12.345");
        await page.CheckAsync("input[name=hard]");
        await page.ClickAsync("form.budget-form button[type=submit]");
        await BrowserSession.WaitForPageAsync(page, "**/budgets?saved=*");
        Assert.Contains("Saved budget", await page.Locator(".notice").TextContentAsync(), StringComparison.Ordinal);

        using CostReports reports = CostReports.Open(_session.Site.Database.Path);
        BudgetReportRow created = Assert.Single(reports.Budgets(PagesSite.Now), b => b.Subject == "project=support" && b.Status.Period == "week");
        Assert.Equal(12.345m, created.Status.LimitUsd);
        Assert.True(created.Status.HardLimit);
        ILocator row = page.Locator("table.budgets tr", new PageLocatorOptions { HasText = "project=support" });
        Assert.Contains("$12.345", await row.TextContentAsync(), StringComparison.Ordinal);
        await BrowserSession.ScreenshotAsync(page, "budget-created");

        await row.Locator("button", new LocatorLocatorOptions { HasText = "disable" }).ClickAsync();
        await page.Locator("table.budgets tr.disabled", new PageLocatorOptions { HasText = "project=support" }).WaitForAsync();
        Assert.False(Assert.Single(reports.Budgets(PagesSite.Now), b => b.Status.Id == created.Status.Id).Enabled);
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task An_alert_acknowledged_through_the_form_is_marked_in_the_database()
    {
        IPage page = await _session.OpenAsync("/alerts?show=open");
        ILocator row = page.Locator("table.alerts tbody tr", new PageLocatorOptions { HasText = "0.95" });
        await row.Locator("button", new LocatorLocatorOptions { HasText = "Acknowledge" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/alerts");
        Assert.Contains("acknowledged", await page.Locator("table.alerts tbody tr", new PageLocatorOptions { HasText = "0.95" }).TextContentAsync(), StringComparison.Ordinal);

        using CostReports reports = CostReports.Open(_session.Site.Database.Path);
        Assert.NotNull(Assert.Single(reports.Alerts(includeAcknowledged: true), a => a.Threshold == "0.95").AcknowledgedUtc);
        Assert.Null(Assert.Single(reports.Alerts(includeAcknowledged: true), a => a.Threshold == "0.8").AcknowledgedUtc);
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task A_prompt_typed_into_the_estimate_form_is_tokenized_and_priced_with_its_budget_impact()
    {
        const string Prompt = "Compare these two battery chemistries for a delivery van fleet and recommend one.";
        IPage page = await _session.OpenAsync("/estimate");
        await page.FillAsync("input[name=model]", "gpt-4o");
        await page.FillAsync("textarea[name=prompt]", Prompt);
        await page.FillAsync("input[name=output]", "500");
        await page.FillAsync("input[name=calls]", "1000");
        await page.ClickAsync("form.estimate-form button[type=submit]");
        await page.Locator("section.estimate").WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "estimate-prompt");

        long tokens = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(Prompt);
        Assert.Equal(Count(tokens), await page.Locator(".input-tokens").TextContentAsync());
        Assert.Contains("the tokenizer of gpt-4o", await page.Locator("section.estimate .facts").TextContentAsync(), StringComparison.Ordinal);
        decimal perCall = PagesDatabase.Prices.Single(p => p.Model == "gpt-4o").Cost(new LlmUsage(tokens, 500));
        ILocator typical = page.Locator("table.scenarios tbody tr").First;
        Assert.Equal([Usd(perCall), Usd(perCall * 1000)], (await typical.Locator("td.num").AllTextContentsAsync()).Skip(2));

        // The global daily budget: its spend today plus the 1,000 calls, weighed by the report layer's rule.
        using CostReports reports = CostReports.Open(_session.Site.Database.Path);
        BudgetReportRow daily = reports.Budgets(PagesSite.Now).Single(b => b.Status.Scope == "global");
        (decimal after, _, string verdict) = CallEstimate.Impact(daily, perCall * 1000, perCall);
        ILocator global = page.Locator("table.impact tbody tr", new PageLocatorOptions { HasText = "global" });
        Assert.Equal([Usd(after), verdict], (await global.Locator("td").AllTextContentsAsync()).Where((_, i) => i is 4 or 6));
        Assert.Equal(Prompt, await page.InputValueAsync("textarea[name=prompt]"));
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task A_test_alert_sent_from_the_alerts_page_reaches_the_apps_webhook()
    {
        int before = _session.Site.Webhook.Requests.Count;
        IPage page = await _session.OpenAsync("/alerts");
        Assert.Contains("webhook", await page.Locator("#channels").TextContentAsync(), StringComparison.Ordinal);
        await page.SelectOptionAsync("select[name=channel]", "webhook");
        await page.ClickAsync("#channels button[type=submit]");
        await page.Locator("table.channel-tests tr.delivered", new PageLocatorOptions { HasText = "webhook" }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "alerts-channel-test");

        Assert.Equal(before + 1, _session.Site.Webhook.Requests.Count);
        Assert.Contains("CostInstrumentation test alert", _session.Site.Webhook.Requests[^1].Body, StringComparison.Ordinal);
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Theory]
    [InlineData("/?period=all")]
    [InlineData("/explore?period=all&by=tag")]
    [InlineData("/sessions?period=all")]
    [InlineData("/call-sites?period=all")]
    [InlineData("/explore?period=all&by=project&then=session")]
    public async Task User_text_from_the_database_is_shown_as_text_and_never_runs(string path)
    {
        IPage page = await _session.OpenAsync(path);
        // A selector wait, not a predicate: polling a predicate string evals it in the page, which the CSP refuses.
        await page.WaitForSelectorAsync("[data-fragment]", new() { State = WaitForSelectorState.Detached });
        Assert.Null(await page.EvaluateAsync<int?>("window.__pwned ?? null"));
        string text = await page.Locator("main").InnerTextAsync();
        Assert.True(text.Contains(PagesDatabase.ScriptPayload, StringComparison.Ordinal) || text.Contains(PagesDatabase.AttributePayload, StringComparison.Ordinal), text);
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    [Fact]
    public async Task Live_updates_in_place_from_the_event_stream_when_a_call_is_recorded()
    {
        IPage page = await _session.NewPageAsync();
        List<string> requested = [];
        page.Request += (_, request) => requested.Add(request.Url);
        Assert.Equal(200, (await page.GotoAsync(_session.Site.Root + "/live?project=support"))?.Status);
        int before = await page.Locator("table tbody tr").CountAsync();
        await page.EvaluateAsync("window.__samePage = true");
        await _session.Site.Database.WriteAsync(CostDatabase.Call("2026-11-18T15:29:00Z", 0.2m, model: "claude-sonnet-4-5", provider: "anthropic", project: "support", operation: "App.Live.Fresh"));
        await page.Locator("td", new PageLocatorOptions { HasText = "App.Live.Fresh" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        Assert.Equal(before + 1, await page.Locator("table tbody tr").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("window.__samePage === true"), "the script updated the page in place, it did not reload it");
        Assert.Contains(_session.Site.Root + "/api/v1/events?project=support", requested);
        await page.CloseAsync();
        _session.AssertNoProblems();
    }

    private static string Usd(decimal usd) => "$" + usd.ToString("#,0.00#######", CultureInfo.InvariantCulture);

    private static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);
}
