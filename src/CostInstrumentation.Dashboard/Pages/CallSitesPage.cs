using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Call sites: the cost of each <c>file:line</c> that calls a metered method, with the method it calls.</summary>
internal static class CallSitesPage
{
    public static string Render(PageRequest request, CostReports reports)
    {
        IReadOnlyList<ReportRow> rows = reports.Breakdown(request.Period, ReportDimension.CallSite, request.Filter, thenBy: ReportDimension.Operation);
        Html body = new();
        body.Add($"""<section class="card wide">{TotalsTable.Write(rows, ["Call site", "Method"], r => Keys(request, r), r => r.Totals, "Cost per call site and metered method")}</section>""");
        return PageLayout.Render(request, "Call sites", body.ToMarkup());
    }

    private static Markup Keys(PageRequest request, ReportRow row)
    {
        Html html = new();
        html.Add($"""<td><a href="{request.Link("/explore", ("call-site", row.Key), ("by", "day"))}"><code>{PageText.Key(row.Key)}</code></a></td><td><a href="{request.Link("/explore", ("operation", row.SubKey), ("by", "call-site"))}"><code>{row.SubKey}</code></a></td>""");
        return html.ToMarkup();
    }
}
