namespace CostInstrumentation;

/// <summary>The questions answered from a reader's primitives, once for every store.</summary>
public static class LlmCostReaderExtensions
{
    /// <summary>Totals of the UTC day, ISO week, month containing <paramref name="nowUtc"/> (default: now), and of all time.</summary>
    public static PeriodTotals Summary(this ILlmCostReader reader, DateTimeOffset? nowUtc = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        DateTimeOffset now = nowUtc ?? DateTimeOffset.UtcNow;
        return new PeriodTotals(
            reader.Totals(Period(BudgetPeriod.Day, now)),
            reader.Totals(Period(BudgetPeriod.Week, now)),
            reader.Totals(Period(BudgetPeriod.Month, now)),
            reader.Totals());
    }

    /// <summary>
    /// Both filters' totals and, per key of <paramref name="by"/> present in either, both costs and the change
    /// (second − first); by absolute change descending, then key (ordinal).
    /// </summary>
    public static PeriodComparison Compare(this ILlmCostReader reader, CostFilter first, CostFilter second, CostDimension by)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        Dictionary<string, decimal> before = reader.Breakdown(by, first).ToDictionary(row => row.Key, row => row.Totals.CostUsd, StringComparer.Ordinal);
        Dictionary<string, decimal> after = reader.Breakdown(by, second).ToDictionary(row => row.Key, row => row.Totals.CostUsd, StringComparer.Ordinal);
        List<ComparisonRow> rows = before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Select(key =>
            {
                decimal a = before.GetValueOrDefault(key);
                decimal b = after.GetValueOrDefault(key);
                return new ComparisonRow(key, a, b, b - a);
            })
            .OrderByDescending(row => Math.Abs(row.DeltaUsd))
            .ThenBy(row => row.Key, StringComparer.Ordinal)
            .ToList();
        return new PeriodComparison(reader.Totals(first), reader.Totals(second), rows);
    }

    private static CostFilter Period(BudgetPeriod period, DateTimeOffset now)
    {
        DateTimeOffset start = UtcPeriods.Start(period, now);
        return CostFilter.Between(start, UtcPeriods.End(period, start));
    }
}
