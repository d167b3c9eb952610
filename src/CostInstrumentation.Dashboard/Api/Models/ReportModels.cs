namespace CostInstrumentation.Dashboard.Api.Models;

/// <summary>
/// Totals over a set of calls. <c>costUsd</c> (exact decimal string) and <c>costNanoUsd</c> sum the priced calls only:
/// unpriced calls are counted in <c>unpricedCalls</c>, never as $0; while <c>lowerBoundCalls</c> is non-zero the cost is a lower bound.
/// </summary>
public sealed record ApiTotals(
    long Calls, string CostUsd, long CostNanoUsd, long UnpricedCalls, long LowerBoundCalls, long FailedCalls,
    long InputTokens, long CachedInputTokens, long CacheWriteTokens, long OutputTokens, long ReasoningTokens)
{
    internal static ApiTotals Of(CostTotals totals) => new(
        totals.Calls, Envelope.Usd(totals.CostUsd), Envelope.Nano(totals.CostUsd), totals.UnpricedCalls, totals.LowerBoundCalls, totals.FailedCalls,
        totals.InputTokens, totals.CachedInputTokens, totals.CacheWriteTokens, totals.OutputTokens, totals.ReasoningTokens);
}

/// <summary>One tile of the summary: a period's bounds and totals.</summary>
public sealed record ApiPeriodTotals(string Label, string? From, string? To, ApiTotals Totals);

/// <summary>The summary: the requested period (with the same-length period before it) and the standard tiles.</summary>
public sealed record ApiSummary(ApiPeriodTotals Selected, ApiPeriodTotals? Previous, IReadOnlyList<ApiPeriodTotals> Tiles, IReadOnlyList<string> PricingVersions);

/// <summary>One group of a breakdown (<c>subKey</c> under <c>then</c>).</summary>
public sealed record ApiBreakdownRow(string Key, string? SubKey, ApiTotals Totals);

/// <summary>One bucket of a time series (<c>key</c>: the split dimension's value, when split).</summary>
public sealed record ApiSeriesPoint(string Bucket, string? Key, ApiTotals Totals);

/// <summary>The biggest groups of one dimension.</summary>
public sealed record ApiDriverGroup(string Dimension, IReadOnlyList<ApiBreakdownRow> Top);

/// <summary>One recorded call (the raw table's columns; the cost null when unknown).</summary>
public sealed record ApiCall(
    long Id, string TsUtc, string Provider, string Model, string Operation, string CallSite, string? Project, string? SessionId, string? Tags,
    long InputTokens, long CachedInputTokens, long CacheWriteTokens, long OutputTokens, long ReasoningTokens,
    string? CostUsd, long? CostNanoUsd, long? DurationMs, string Outcome, string? ErrorType, string? PricingVersion);

/// <summary>A page of calls, newest first; <c>nextCursor</c> fetches the next (older) page, null on the last.</summary>
public sealed record ApiCallPage(IReadOnlyList<ApiCall> Calls, string? NextCursor);

/// <summary>One key on both sides of a comparison; the delta is second − first.</summary>
public sealed record ApiComparisonRow(string Key, ApiTotals First, ApiTotals Second, string DeltaUsd, long DeltaNanoUsd, string? Change);

/// <summary>A comparison: both sides' periods and the rows.</summary>
public sealed record ApiComparison(ApiPeriod First, ApiPeriod Second, IReadOnlyList<ApiComparisonRow> Rows);

/// <summary>Efficiency of one model ("" for the total row).</summary>
public sealed record ApiEfficiencyRow(string Model, ApiTotals Totals, string? CostPerCallUsd, string? CostPerThousandOutputUsd, string? CacheHitRate, string? CachingSavedUsd, string FailedCostUsd);

/// <summary>A value far above its own baseline (median + 3 MAD and over 2 × median).</summary>
public sealed record ApiAnomaly(string Kind, string Key, string? When, string CostUsd, string MedianUsd, string DeviationUsd, int Samples, string? TimesMedian);

/// <summary>The overview (and the seed's <c>/api/cost/dashboard</c>): the summary, cost by model, budget health and open alerts.</summary>
public sealed record ApiOverview(ApiSummary Summary, IReadOnlyList<ApiBreakdownRow> Models, IReadOnlyList<ApiBudget> Budgets, IReadOnlyList<ApiAlert> OpenAlerts);
