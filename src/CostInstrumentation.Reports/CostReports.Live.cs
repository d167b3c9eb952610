namespace CostInstrumentation.Reports;

/// <summary>What the live view polls besides totals and breakdowns.</summary>
public sealed partial class CostReports
{
    /// <summary>The newest <paramref name="count"/> calls <paramref name="filter"/> selects, newest first.</summary>
    public IReadOnlyList<LatestCall> LatestCalls(ReportFilter? filter, int count) =>
        count <= 0 ? throw new ReportArgumentException("The number of latest calls must be positive.") : Read(() => _source.LatestCalls(filter ?? ReportFilter.None, count));
}
