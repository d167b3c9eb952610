namespace CostInstrumentation.Reports;

/// <summary>
/// The order of a breakdown's rows by one dimension: <see cref="ReportSort"/> (default: cost, or time for time dimensions),
/// ties by key (ordinal), so every order is deterministic.
/// </summary>
internal readonly struct RowOrder(ReportDimension dimension, ReportSort? sort)
{
    private readonly ReportSort _by = sort ?? (dimension.IsTime() ? ReportSort.Key : ReportSort.Cost);

    public int Compare(string xKey, in CostTotals x, string yKey, in CostTotals y)
    {
        int primary = _by switch
        {
            ReportSort.Cost => y.CostUsd.CompareTo(x.CostUsd),
            ReportSort.Calls => y.Calls.CompareTo(x.Calls),
            ReportSort.Tokens => (y.InputTokens + y.OutputTokens).CompareTo(x.InputTokens + x.OutputTokens),
            _ => 0,
        };
        return primary != 0 ? primary : string.CompareOrdinal(xKey, yKey);
    }
}
