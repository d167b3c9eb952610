namespace CostInstrumentation.Reports;

/// <summary>
/// A day, session, model-day or call-site-day whose cost is far above its own baseline: more than the baseline's median
/// plus 3 median absolute deviations, and more than twice the median (docs/cli.md, "insights").
/// </summary>
/// <param name="Kind"><c>day</c>, <c>session</c>, <c>model</c> or <c>call-site</c>.</param>
/// <param name="Key">The day, session, model or call site.</param>
/// <param name="When">The local day of a model or call-site anomaly; null for days and sessions.</param>
/// <param name="CostUsd">Its cost.</param>
/// <param name="MedianUsd">The baseline's median.</param>
/// <param name="DeviationUsd">The baseline's median absolute deviation.</param>
/// <param name="Samples">How many values the baseline has.</param>
public sealed record AnomalyRow(string Kind, string Key, string? When, decimal CostUsd, decimal MedianUsd, decimal DeviationUsd, int Samples)
{
    /// <summary>How many times the median it is.</summary>
    public decimal? TimesMedian => MedianUsd == 0 ? null : decimal.Round(CostUsd / MedianUsd, 2);
}

/// <summary>How efficiently one model's calls spent: per call, per 1k output tokens, caching and failures.</summary>
/// <param name="Model">The model ("" for the total row).</param>
/// <param name="Totals">The calls' totals.</param>
/// <param name="CachingSavedUsd">What the cache reads and writes saved against the same calls with no caching, priced by the model's price; null when unpriced.</param>
/// <param name="FailedCostUsd">The recorded cost of the calls that did not end ok.</param>
public sealed record EfficiencyRow(string Model, CostTotals Totals, decimal? CachingSavedUsd, decimal FailedCostUsd)
{
    private const decimal Thousand = 1000m;

    /// <summary>Cost per priced call.</summary>
    public decimal? CostPerCallUsd => Totals.Calls - Totals.UnpricedCalls is > 0 and var priced ? decimal.Round(Totals.CostUsd / priced, 9) : null;

    /// <summary>Cost per 1,000 output tokens.</summary>
    public decimal? CostPerThousandOutputUsd => Totals.OutputTokens > 0 ? decimal.Round(Totals.CostUsd / Totals.OutputTokens * Thousand, 9) : null;

    /// <summary>The share of input tokens read from the prompt cache.</summary>
    public decimal? CacheHitRate => Totals.InputTokens > 0 ? decimal.Round((decimal)Totals.CachedInputTokens / Totals.InputTokens, 4) : null;
}

/// <summary>An operation that would have cost less with another model this database already uses (same provider), priced on its exact usage.</summary>
public sealed record SavingRow(string Operation, string Model, decimal CostUsd, string Alternative, decimal AlternativeCostUsd)
{
    /// <summary>What the switch would have saved over the period.</summary>
    public decimal SavingUsd => CostUsd - AlternativeCostUsd;
}

/// <summary>Anomalies, efficiency per model and the largest savings available, for one period.</summary>
public sealed record InsightsReport(IReadOnlyList<AnomalyRow> Anomalies, IReadOnlyList<EfficiencyRow> Efficiency, IReadOnlyList<SavingRow> Savings);
