namespace CostInstrumentation.Reports;

/// <summary>Comparisons of two periods, or of two filters (two projects) over one period.</summary>
public sealed partial class CostReports
{
    /// <summary>
    /// Per key of <paramref name="by"/> present on either side, both sides' totals; by absolute change descending, then key
    /// (ordinal). Each side is a period and a filter.
    /// </summary>
    public IReadOnlyList<ComparisonReportRow> Compare(ReportDimension by, (ReportPeriod Period, ReportFilter Filter) first, (ReportPeriod Period, ReportFilter Filter) second)
    {
        Dictionary<string, CostTotals> a = Breakdown(first.Period, by, first.Filter).ToDictionary(row => row.Key, row => row.Totals, StringComparer.Ordinal);
        Dictionary<string, CostTotals> b = Breakdown(second.Period, by, second.Filter).ToDictionary(row => row.Key, row => row.Totals, StringComparer.Ordinal);
        return [.. a.Keys.Union(b.Keys, StringComparer.Ordinal)
            .Select(key => new ComparisonReportRow(key, a.GetValueOrDefault(key), b.GetValueOrDefault(key)))
            .OrderByDescending(row => Math.Abs(row.DeltaUsd))
            .ThenBy(row => row.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The selected calls in <see cref="ExportColumns"/> order, oldest first, one at a time (the array is reused: copy what
    /// you keep). Nothing is held in memory beyond the current row.
    /// </summary>
    public IEnumerable<object?[]> Calls(ReportPeriod period, ReportFilter? filter = null)
    {
        using IEnumerator<object?[]> rows = Read(() => _store.Calls(period, filter ?? ReportFilter.None).GetEnumerator());
        while (Read(rows.MoveNext))
        {
            yield return rows.Current;
        }
    }

    /// <summary>The columns of <see cref="Calls"/>: the raw table's, with the cost as exact USD and as integer nano-USD.</summary>
    public static IReadOnlyList<string> ExportColumns => ReportStore.ExportColumns;
}
