using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>
/// Overview: period tiles with their change, unpriced calls, the stacked cost chart with the budget line, model share,
/// providers side by side, budget health and open alerts at once (rollups answer them), and the top sessions, call sites
/// and tags after the first paint (their daily rollups hold thousands of sessions a day; with a filter they read every call).
/// </summary>
internal static class OverviewPage
{
    private const int TopRows = 5;

    private static readonly (string Period, string Previous, string Title)[] Tiles =
        [("today", "yesterday", "Today"), ("this-week", "last-week", "This week"), ("this-month", "last-month", "This month"), ("all", "", "All time")];

    private static readonly ReportDimension[] Splits = [ReportDimension.Model, ReportDimension.Provider, ReportDimension.Project];

    /// <summary>The page of the top sessions, call sites and tags (<see cref="RenderTops"/>).</summary>
    public const string TopsPath = "/tops";

    /// <summary>The panels that are filled after the first paint: the dimension, the title, the page a key drills into, the panel's id.</summary>
    private static readonly (ReportDimension Dimension, string Title, string Page, string Id)[] Tops =
    [
        (ReportDimension.Session, "Top sessions", "/sessions", "top-sessions"),
        (ReportDimension.CallSite, "Top call sites", "/call-sites", "top-call-sites"),
        (ReportDimension.Tag, "Top tags", "/explore", "top-tags"),
    ];

    /// <summary>What the chart and the tables count when the URL names no period.</summary>
    public static readonly PeriodRequest DefaultPeriod = new() { Last = "30d" };

    public static string Render(PageRequest request, CostReports reports)
    {
        ReportFilter filter = request.Filter;
        ReportPeriod period = request.Period;
        Html body = new();
        body.Add($"""<section class="tiles">""");
        foreach ((string name, string previous, string title) in Tiles)
        {
            ReportPeriod tile = PeriodParser.Named(name, request.Now, request.Zone);
            CostTotals totals = reports.Totals(tile, filter);
            body.Add($"""<a class="tile" href="{request.Link("", ("period", name))}"><span class="label">{title}</span><span class="value">{PageText.Usd(totals.CostUsd)}</span><span class="sub">{PageText.Count(totals.Calls)} calls""");
            if (previous.Length > 0)
            {
                decimal before = reports.Totals(PeriodParser.Named(previous, request.Now, request.Zone), filter).CostUsd;
                string direction = totals.CostUsd > before ? "up" : totals.CostUsd < before ? "down" : "flat";
                body.Add($""" · <span class="delta {direction}">{PageText.Delta(totals.CostUsd - before)} vs {previous}</span>""");
            }

            body.Add($"</span></a>");
        }

        CostTotals selected = reports.Totals(period, filter);
        string unpricedClass = selected.UnpricedCalls > 0 ? "tile warn" : "tile";
        body.Add($"""<a class="{unpricedClass}" href="{request.Link("/pricing")}"><span class="label">Unpriced calls ({period.Label})</span><span class="value">{PageText.Count(selected.UnpricedCalls)}</span><span class="sub">not in any total: no price known</span></a></section>""");

        ReportDimension split = Splits.FirstOrDefault(d => d.Name() == request.Get("stack"), ReportDimension.Model);
        ReportDimension bucket = ChartSeries.BucketFor(period);
        IReadOnlyList<BudgetReportRow> budgets = reports.Budgets(request.Now);
        string budgetPeriod = bucket == ReportDimension.Day ? "day" : bucket == ReportDimension.Week ? "week" : bucket == ReportDimension.Month ? "month" : "";
        decimal? budgetLine = budgets.Where(b => b.Status.Scope == "global" && b.Status.Period == budgetPeriod).Select(b => (decimal?)b.Status.LimitUsd).Min();
        body.Add($"""<section class="card wide"><h2>Cost per {bucket.Name()} by {split.Name()}</h2><p class="tabs">""");
        foreach (ReportDimension option in Splits)
        {
            string current = option == split ? "page" : "false";
            body.Add($"""<a href="{request.Link("", ("stack", option.Name()))}" aria-current="{current}">by {option.Name()}</a> """);
        }

        body.Add($"</p>{ChartSeries.Read(reports, period, filter, bucket, split).Chart(budgetLine, $"Cost per {bucket.Name()} by {split.Name()}")}</section>");

        IReadOnlyList<ReportRow> models = reports.Breakdown(period, ReportDimension.Model, filter);
        body.Add($"""<section class="card"><h2>Model share</h2>{Shares(request, models, selected.CostUsd, ReportDimension.Model)}</section>""");
        IReadOnlyList<ReportRow> providers = reports.Breakdown(period, ReportDimension.Provider, filter);
        body.Add($"""<section class="card"><h2>Providers</h2>{TotalsTable.Write(providers, ["Provider"], r => TotalsTable.LinkCell(DrillDown.Link(request, "", ReportDimension.Provider, r.Key), r.Key), r => r.Totals, "Providers compared")}</section>""");
        // Sessions, call sites and tags read a row per day and key (every call of the period under a model, provider or
        // project filter), so the page does not wait for them. The script fills these panels from /tops after the first
        // paint; without it, the link opens them.
        string tops = request.Link(TopsPath);
        foreach ((_, string title, _, string id) in Tops)
        {
            body.Add($"""<section class="card" id="{id}" data-fragment="{tops}"><h2>{title}</h2><p class="muted">Filled after the page is shown: <a href="{tops}">open the top sessions, call sites and tags</a>.</p></section>""");
        }

        body.Add($"""<section class="card wide"><h2>Budget health</h2>{BudgetsPage.Table(request, budgets, forms: false)}</section>""");
        body.Add($"""<section class="card wide"><h2>Open alerts</h2>{AlertsPage.Table(request, reports.Alerts(includeAcknowledged: false).Take(TopRows), forms: !request.Dashboard.Options.ReadOnly)}<p><a href="{request.Link("/alerts")}">All alerts</a></p></section>""");
        return PageLayout.Render(request, "Overview", body.ToMarkup());
    }

    /// <summary>
    /// The top sessions, call sites and tags of the Overview's period and filters: a page of its own (the link the Overview's
    /// panels give without script) whose panels the Overview's script puts in place of its placeholders (same ids).
    /// </summary>
    public static string RenderTops(PageRequest request, CostReports reports)
    {
        Html body = new();
        foreach ((ReportDimension dimension, string title, string page, string id) in Tops)
        {
            IReadOnlyList<ReportRow> rows = reports.Breakdown(request.Period, dimension, request.Filter, top: TopRows);
            body.Add($"""<section class="card" id="{id}"><h2>{title}</h2>{TotalsTable.Write(rows, [dimension.Name()], r => TotalsTable.LinkCell(DrillDown.Link(request, page, dimension, r.Key), r.Key), r => r.Totals, title)}</section>""");
        }

        return PageLayout.Render(request, "Top sessions, call sites and tags", body.ToMarkup());
    }

    /// <summary>Each key's share of the priced cost as a bar; unpriced calls named apart.</summary>
    public static Markup Shares(PageRequest request, IReadOnlyList<ReportRow> rows, decimal total, ReportDimension dimension)
    {
        Html html = new();
        html.Add($"""<ul class="shares">""");
        int index = 0;
        foreach (ReportRow row in rows)
        {
            decimal share = total > 0 ? row.Totals.CostUsd / total : 0m;
            string unpriced = row.Totals.UnpricedCalls > 0 ? $" + {PageText.Count(row.Totals.UnpricedCalls)} unpriced" : "";
            string series = $"s{Math.Min(index++, SvgCharts.MaxSeries)}";
            Markup key = row.Key.Length == 0 ? new Html().Text(PageText.Key(row.Key)).ToMarkup() : new Html().Add($"""<a href="{DrillDown.Link(request, request.Page, dimension, row.Key)}">{row.Key}</a>""").ToMarkup();
            html.Add($"""<li>{key} <span class="num">{TotalsTable.Cost(row.Totals)} · {PageText.Percent(share)}{unpriced}</span>{SvgCharts.Meter(share, null, series, $"{PageText.Key(row.Key)}: {PageText.Percent(share)}")}</li>""");
        }

        if (rows.Count == 0)
        {
            html.Add($"""<li class="empty">No calls match.</li>""");
        }

        html.Add($"</ul>");
        return html.ToMarkup();
    }
}
