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
        using IEnumerator<object?[]> rows = Read(() => _source.Calls(period, filter ?? ReportFilter.None).GetEnumerator());
        while (Read(rows.MoveNext))
        {
            yield return rows.Current;
        }
    }

    /// <summary>
    /// Hands each selected call (as <see cref="Calls"/>, oldest first) to <paramref name="write"/> as the database's own
    /// values where it can (<see cref="IReportSource.EachCall"/>); returns how many. The export's read loop.
    /// </summary>
    internal long EachCall(ReportPeriod period, ReportFilter filter, Action<CallValues> write) => Read(() => _source.EachCall(period, filter, write));

    /// <summary>
    /// One page of the selected calls in <see cref="ExportColumns"/> order, newest first (ties by id), starting after
    /// <paramref name="after"/> (the <see cref="CallCursor"/> of the previous page's last row) — keyset paging, so a page
    /// costs the same however deep it is and calls recorded meanwhile do not shift it. Rows are copies.
    /// </summary>
    public IReadOnlyList<object?[]> CallPage(ReportPeriod period, ReportFilter? filter, CallCursor? after, int size)
    {
        if (size <= 0)
        {
            throw new ReportArgumentException("The page size must be a positive number.");
        }

        return Read(() => _source.Calls(period, filter ?? ReportFilter.None, after, size, newestFirst: true).Select(row => (object?[])row.Clone()).ToList());
    }

    /// <summary>The selected calls after <paramref name="after"/>, oldest first, at most <paramref name="limit"/> (what a live view appends). Rows are copies.</summary>
    public IReadOnlyList<object?[]> CallsAfter(CallCursor? after, ReportFilter? filter, int limit) =>
        Read(() => _source.Calls(ReportPeriod.All(TimeZoneInfo.Utc), filter ?? ReportFilter.None, after, limit).Select(row => (object?[])row.Clone()).ToList());

    /// <summary>The columns of <see cref="Calls"/>: the raw table's, with the cost as exact USD and as integer nano-USD.</summary>
    public static IReadOnlyList<string> ExportColumns => ReportStore.ExportColumns;
}
