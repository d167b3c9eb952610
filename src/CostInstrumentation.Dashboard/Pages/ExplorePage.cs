using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Explore: any dimension (and a second within it) over time: the stacked chart per bucket and the breakdown table, each key a drill-down.</summary>
internal static class ExplorePage
{
    private static readonly ReportDimension[] Buckets = [ReportDimension.Hour, ReportDimension.Day, ReportDimension.Week, ReportDimension.Month];

    public static string Render(PageRequest request, CostReports reports)
    {
        ReportDimension by = Dimension(request, "by") ?? ReportDimension.Model;
        ReportDimension? then = Dimension(request, "then");
        ReportDimension bucket = Dimension(request, "bucket") is { } b && b.IsTime() ? b : ChartSeries.BucketFor(request.Period);
        Html body = new();
        body.Add($"""<form class="explore" method="get" action="{request.Base}/explore">""");
        foreach (string key in PageRequest.FilterKeys)
        {
            foreach (string value in request.HttpContext.Request.Query[key].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!))
            {
                body.Add($"""<input type="hidden" name="{key}" value="{value}">""");
            }
        }

        body.Add($"{Select("by", "Group by", ReportDimensions.All, by, null)}{Select("then", "then by", ReportDimensions.All, then, "(none)")}{Select("bucket", "over", Buckets, bucket, null)}<button type=\"submit\">Show</button></form>");
        if (!by.IsTime())
        {
            body.Add($"""<section class="card wide">{ChartSeries.Read(reports, request.Period, request.Filter, bucket, by).Chart(null, $"Cost per {bucket.Name()} by {by.Name()}")}</section>""");
        }

        IReadOnlyList<ReportRow> rows = reports.Breakdown(request.Period, by, request.Filter, thenBy: then);
        string[] headers = then is { } second ? [by.Name(), second.Name()] : [by.Name()];
        body.Add($"""<section class="card wide">{TotalsTable.Write(rows, headers, r => Keys(request, by, then, r), r => r.Totals, $"Cost by {string.Join(" then ", headers)}")}""");
        body.Add($"""<p class="muted">Total: {PageText.Usd(reports.Totals(request.Period, request.Filter).CostUsd)} (a call with several tags counts under each tag).</p></section>""");
        return PageLayout.Render(request, "Explore", body.ToMarkup());
    }

    private static ReportDimension? Dimension(PageRequest request, string key)
    {
        if (request.Get(key) is not { } text)
        {
            return null;
        }

        try
        {
            return ReportDimensions.Parse(text);
        }
        catch (ReportArgumentException problem)
        {
            request.Problem = problem.Message;
            return null;
        }
    }

    private static Markup Keys(PageRequest request, ReportDimension by, ReportDimension? then, ReportRow row)
    {
        Html html = new();
        html.Add($"{TotalsTable.LinkCell(DrillDown.Link(request, "/explore", by, row.Key), row.Key)}");
        if (then is { } second)
        {
            html.Add($"{TotalsTable.LinkCell(DrillDown.Link(request, "/explore", second, row.SubKey!, (DrillDown.FilterKey(by), by.IsTime() ? null : row.Key)), row.SubKey!)}");
        }

        return html.ToMarkup();
    }

    private static Markup Select(string name, string label, IEnumerable<ReportDimension> options, ReportDimension? selected, string? none)
    {
        Html html = new();
        html.Add($"""<label>{label} <select name="{name}">""");
        if (none is not null)
        {
            html.Add($"""<option value="">{none}</option>""");
        }

        foreach (ReportDimension option in options)
        {
            html.Option(option.Name(), option == selected);
        }

        html.Add($"</select></label>");
        return html.ToMarkup();
    }
}
