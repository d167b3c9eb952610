using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Sessions: the costliest sessions of the period; with <c>session=</c>, that session's totals and its calls on a timeline.</summary>
internal static class SessionsPage
{
    private const int ListedSessions = 100;

    /// <summary>The most calls one session's timeline shows (newest kept).</summary>
    public const int TimelineCalls = 500;

    public static string Render(PageRequest request, CostReports reports)
    {
        Html body = new();
        if (request.Filter.Session is { } session)
        {
            ReportFilter filter = request.Filter;
            CostTotals totals = reports.Totals(ReportPeriod.All(request.Zone), filter);
            List<LatestCall> calls = [.. reports.LatestCalls(filter, TimelineCalls).Reverse()];
            body.Add($"""<section class="card wide"><h2>Session {PageText.Key(session)}</h2><p class="facts">{PageText.Count(totals.Calls)} calls · {PageText.Usd(totals.CostUsd)} · {PageText.Count(totals.UnpricedCalls)} unpriced · {PageText.Count(totals.FailedCalls)} failed · {PageText.Count(totals.InputTokens)} input / {PageText.Count(totals.OutputTokens)} output tokens (all time)</p>""");
            string timelineLabel = $"Running cost of session {PageText.Key(session)}";
            body.Add($"{SvgCharts.RunningTotal([.. calls.Select(c => (c.TimestampUtc, c.CostUsd ?? 0m, $"{PageText.Time(c.TimestampUtc, request.Zone)} {c.Model}: {(c.CostUsd is { } cost ? PageText.Usd(cost) : "unpriced")}"))], timelineLabel)}");
            body.Add($"{CallsTable.Write(request, calls, $"Calls, oldest first (at most {TimelineCalls})")}");
            body.Add($"""<p><a href="{request.Without("session")}">All sessions</a></p></section>""");
            return PageLayout.Render(request, "Session", body.ToMarkup());
        }

        IReadOnlyList<ReportRow> rows = reports.Breakdown(request.Period, ReportDimension.Session, request.Filter, top: ListedSessions);
        body.Add($"""<section class="card wide">{TotalsTable.Write(rows, ["Session"], r => TotalsTable.LinkCell(request.Link("/sessions", ("session", r.Key)), r.Key), r => r.Totals, $"The {ListedSessions} costliest sessions")}</section>""");
        return PageLayout.Render(request, "Sessions", body.ToMarkup());
    }
}
