using CostInstrumentation.Dashboard.Api;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>
/// Live: today's spend and the newest calls. Without script the page refreshes itself every few seconds (a meta refresh
/// inside <c>noscript</c>); with script, dashboard.js reloads only the <c>[data-live]</c> region in place when the API's
/// event stream (same filters) announces a call or an alert, or every few seconds if the stream is unavailable.
/// </summary>
internal static class LivePage
{
    private const int NewestCalls = 50;

    /// <summary>Seconds between refreshes.</summary>
    public const int RefreshSeconds = 5;

    public static string Render(PageRequest request, CostReports reports)
    {
        ReportPeriod today = PeriodParser.Named("today", request.Now, request.Zone);
        CostTotals totals = reports.Totals(today, request.Filter);
        Html body = new();
        string events = request.Base + DashboardRoutes.Api + "/events" + request.HttpContext.Request.QueryString.Value;
        body.Add($"""<section class="card wide" data-live="{RefreshSeconds}" data-events="{events}"><p class="facts">Today: <strong>{PageText.Usd(totals.CostUsd)}</strong> · {PageText.Count(totals.Calls)} calls · {PageText.Count(totals.UnpricedCalls)} unpriced · {PageText.Count(totals.FailedCalls)} failed · as of {PageText.Time(request.Now, request.Zone)}</p>""");
        body.Add($"{CallsTable.Write(request, reports.LatestCalls(request.Filter, NewestCalls), $"The newest {NewestCalls} calls")}</section>");
        Markup refresh = new($"""<noscript><meta http-equiv="refresh" content="{RefreshSeconds}"></noscript>""");
        return PageLayout.Render(request, "Live", body.ToMarkup(), head: refresh);
    }
}
