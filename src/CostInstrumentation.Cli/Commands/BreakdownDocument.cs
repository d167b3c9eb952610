using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>The document of every breakdown command (report, daily/weekly/monthly, models, tags, sessions, call sites): its rows, a share of the total, and the total.</summary>
internal static class BreakdownDocument
{
    /// <summary>The document, and the total of every call it counts (not only the top rows).</summary>
    public static (ReportDocument Document, CostTotals Total) Build(CostReports reports, string command, string title, ReportPeriod period, ReportFilter filter,
        ReportDimension by, ReportDimension? thenBy = null, int? top = null, ReportSort? sort = null)
    {
        IReadOnlyList<ReportRow> rows = reports.Breakdown(period, by, filter, thenBy, top, sort);
        CostTotals total = reports.Totals(period, filter);
        ReportDocument document = new(command, title)
        {
            Period = period,
            Zone = period.Zone,
            Filter = filter,
            PricingVersions = reports.PricingVersions(period, filter),
        };
        List<ReportColumn> keys = [new ReportColumn("key", Header(by), ColumnKind.Text)];
        if (thenBy is { } second)
        {
            keys.Add(new ReportColumn("subKey", Header(second), ColumnKind.Text));
        }

        keys.Add(new ReportColumn("share", "Share", ColumnKind.Fraction, DropOrder: 2));
        ReportTable table = TotalsTable.Create("rows", title, [.. keys]);
        foreach (ReportRow row in rows)
        {
            decimal? share = total.CostUsd == 0 ? null : decimal.Round(row.Totals.CostUsd / total.CostUsd, 4);
            TotalsTable.Add(table, row.Totals, thenBy is null ? [row.Key, share] : [row.Key, row.SubKey, share]);
        }

        document.Tables.Add(table);
        ReportTable totals = TotalsTable.Create("total", "Total", new ReportColumn("key", "", ColumnKind.Text));
        TotalsTable.Add(totals, total, "total");
        document.Tables.Add(totals);
        if (by == ReportDimension.Tag || thenBy == ReportDimension.Tag)
        {
            document.Notes.Add("A call with several tags counts under each of them: the tag rows can add up to more than the total.");
        }

        if (top is { } count && rows.Select(r => r.Key).Distinct().Count() >= count)
        {
            document.Notes.Add($"The top {count} by {(sort ?? ReportSort.Cost).ToString().ToLowerInvariant()}; the total counts every call.");
        }

        TotalsTable.NoteIncompleteCosts(document, total);
        return (document, total);
    }

    private static string Header(ReportDimension dimension) => dimension switch
    {
        ReportDimension.CallSite => "Call site",
        _ => dimension.ToString(),
    };
}
