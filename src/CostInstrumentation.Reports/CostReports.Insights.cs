namespace CostInstrumentation.Reports;

/// <summary>Insights: anomalies against each thing's own baseline, efficiency per model, and the largest savings available.</summary>
public sealed partial class CostReports
{
    /// <summary>A value is an anomaly above median + this many median absolute deviations …</summary>
    public const decimal AnomalyDeviations = 3m;

    /// <summary>… and above this many times the median (so a flat baseline with a MAD of 0 does not flag every small rise).</summary>
    public const decimal AnomalyTimesMedian = 2m;

    /// <summary>A baseline needs at least this many values to say what is normal.</summary>
    public const int AnomalyMinimumSamples = 5;

    private static readonly string[] FailedOutcomes = ["error", "cancelled", "blocked"];

    /// <summary>
    /// Insights over <paramref name="period"/>: anomalies (days against the period's days, sessions against its sessions, each
    /// model's and call site's days against that model's or call site's own days), efficiency per model, and per operation the
    /// cheapest model of the same provider this database already uses, priced on the operation's exact usage with
    /// <paramref name="priceOf"/> (the runtime's cost rules).
    /// </summary>
    public InsightsReport Insights(ReportPeriod period, ReportFilter? filter, Func<string, ModelPrice?> priceOf)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(priceOf);
        ReportFilter selected = filter ?? ReportFilter.None;
        List<AnomalyRow> anomalies = [];
        anomalies.AddRange(Outliers("day", Breakdown(period, ReportDimension.Day, selected).Select(r => (r.Key, (string?)null, r.Totals.CostUsd))));
        anomalies.AddRange(Outliers("session", Breakdown(period, ReportDimension.Session, selected).Where(r => r.Key.Length > 0).Select(r => (r.Key, (string?)null, r.Totals.CostUsd))));
        foreach ((ReportDimension dimension, string kind) in new[] { (ReportDimension.Model, "model"), (ReportDimension.CallSite, "call-site") })
        {
            foreach (IGrouping<string, ReportRow> days in Breakdown(period, dimension, selected, thenBy: ReportDimension.Day).GroupBy(r => r.Key, StringComparer.Ordinal))
            {
                anomalies.AddRange(Outliers(kind, days.Select(r => (r.Key, r.SubKey, r.Totals.CostUsd))));
            }
        }

        List<UsageGroup> usage = Read(() => _source.UsageGroups(period, selected).ToList());
        return new InsightsReport(
            [.. anomalies.OrderByDescending(a => a.CostUsd - a.MedianUsd).ThenBy(a => a.Kind, StringComparer.Ordinal).ThenBy(a => a.Key, StringComparer.Ordinal).ThenBy(a => a.When, StringComparer.Ordinal)],
            Efficiency(period, selected, usage, priceOf),
            Savings(usage, priceOf));
    }

    /// <summary>The values above median + 3 MAD and above 2 × median of their own group (which needs 5 values or more).</summary>
    private static IEnumerable<AnomalyRow> Outliers(string kind, IEnumerable<(string Key, string? When, decimal Cost)> values)
    {
        List<(string Key, string? When, decimal Cost)> all = [.. values];
        if (all.Count < AnomalyMinimumSamples)
        {
            return [];
        }

        decimal median = Median(all.Select(v => v.Cost));
        decimal deviation = Median(all.Select(v => Math.Abs(v.Cost - median)));
        return all
            .Where(v => v.Cost > median + (AnomalyDeviations * deviation) && v.Cost > AnomalyTimesMedian * median)
            .Select(v => new AnomalyRow(kind, v.Key, v.When, v.Cost, median, deviation, all.Count));
    }

    private static decimal Median(IEnumerable<decimal> values)
    {
        decimal[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private List<EfficiencyRow> Efficiency(ReportPeriod period, ReportFilter filter, List<UsageGroup> usage, Func<string, ModelPrice?> priceOf)
    {
        Dictionary<string, decimal> failed = new(StringComparer.Ordinal);
        foreach (string outcome in FailedOutcomes.Where(o => filter.Outcome is null || filter.Outcome == o))
        {
            foreach (ReportRow row in Breakdown(period, ReportDimension.Model, filter with { Outcome = outcome }))
            {
                failed[row.Key] = failed.GetValueOrDefault(row.Key) + row.Totals.CostUsd;
            }
        }

        Dictionary<string, decimal?> saved = usage.GroupBy(g => g.Model, StringComparer.Ordinal)
            .ToDictionary(model => model.Key, model => priceOf(model.Key) is { } price ? model.Sum(g => CachingSaved(price, g)) : (decimal?)null, StringComparer.Ordinal);
        List<EfficiencyRow> rows = [.. Breakdown(period, ReportDimension.Model, filter)
            .Select(row => new EfficiencyRow(row.Key, row.Totals, saved.GetValueOrDefault(row.Key), failed.GetValueOrDefault(row.Key)))];
        CostTotals total = rows.Select(r => r.Totals).Aggregate(default(CostTotals), Add);
        rows.Add(new EfficiencyRow("", total, rows.Any(r => r.CachingSavedUsd is not null) ? rows.Sum(r => r.CachingSavedUsd ?? 0m) : null, rows.Sum(r => r.FailedCostUsd)));
        return rows;
    }

    /// <summary>What the group's cache reads and writes saved: its cost with every input token uncached, minus its cost.</summary>
    private static decimal CachingSaved(ModelPrice price, UsageGroup group)
    {
        if (group.Usage.CachedInputTokens == 0 && group.Usage.CacheWriteInputTokens == 0)
        {
            return 0m;
        }

        return TryCost(price, group.Usage with { CachedInputTokens = 0, CacheWriteInputTokens = 0 }) is { } uncached && TryCost(price, group.Usage) is { } cost
            ? (uncached - cost) * group.Calls
            : 0m;
    }

    /// <summary>Per operation and model: the cheapest other model of the same provider recorded in this database, when it is cheaper on the same usage.</summary>
    private static List<SavingRow> Savings(List<UsageGroup> usage, Func<string, ModelPrice?> priceOf)
    {
        Dictionary<string, ModelPrice> used = usage.Select(g => g.Model).Distinct(StringComparer.Ordinal)
            .Select(model => priceOf(model)).OfType<ModelPrice>().DistinctBy(p => p.Model, StringComparer.Ordinal)
            .ToDictionary(p => p.Model, StringComparer.Ordinal);
        List<SavingRow> savings = [];
        foreach (IGrouping<(string Operation, string Model), UsageGroup> calls in usage.GroupBy(g => (g.Operation, g.Model)))
        {
            if (priceOf(calls.Key.Model) is not { } current || CostOf(current, calls) is not { } now)
            {
                continue;
            }

            SavingRow? best = null;
            foreach (ModelPrice alternative in used.Values.Where(p => p.Model != current.Model && string.Equals(p.Provider, current.Provider, StringComparison.OrdinalIgnoreCase)))
            {
                if (CostOf(alternative, calls) is { } cost && cost < now && (best is null || cost < best.AlternativeCostUsd))
                {
                    best = new SavingRow(calls.Key.Operation, calls.Key.Model, now, alternative.Model, cost);
                }
            }

            if (best is not null)
            {
                savings.Add(best);
            }
        }

        return [.. savings.OrderByDescending(s => s.SavingUsd).ThenBy(s => s.Operation, StringComparer.Ordinal).ThenBy(s => s.Model, StringComparer.Ordinal)];
    }

    /// <summary>The cost of every call of <paramref name="groups"/> under <paramref name="price"/>, or null when it rejects one's usage.</summary>
    private static decimal? CostOf(ModelPrice price, IEnumerable<UsageGroup> groups)
    {
        decimal sum = 0m;
        foreach (UsageGroup group in groups)
        {
            if (TryCost(price, group.Usage) is not { } each)
            {
                return null;
            }

            sum += each * group.Calls;
        }

        return sum;
    }

    private static decimal? TryCost(ModelPrice price, LlmUsage usage)
    {
        try
        {
            return price.Cost(usage);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
