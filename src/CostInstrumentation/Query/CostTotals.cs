namespace CostInstrumentation;

/// <summary>
/// Totals over a set of calls. <see cref="CostUsd"/> sums the priced calls only: unpriced calls are counted in
/// <see cref="UnpricedCalls"/>, never added as $0. <see cref="FailedCalls"/> counts every outcome but ok (error,
/// cancelled, blocked, incomplete).
/// </summary>
public readonly record struct CostTotals(
    long Calls,
    decimal CostUsd,
    long UnpricedCalls,
    long FailedCalls,
    long InputTokens,
    long CachedInputTokens,
    long CacheWriteTokens,
    long OutputTokens,
    long ReasoningTokens)
{
    /// <summary>
    /// Calls whose cost is only a lower bound (<see cref="LlmCallRecord.CostIsLowerBound"/>: a stream that ended before its
    /// final usage report). They are in <see cref="CostUsd"/> at that bound, so while this is non-zero the total is a lower
    /// bound too.
    /// </summary>
    public long LowerBoundCalls { get; init; }

    /// <summary>The totals of both sets of calls together (e.g. the hours and quarter-hours of a local day).</summary>
    public static CostTotals operator +(CostTotals a, CostTotals b) => new(
        a.Calls + b.Calls,
        a.CostUsd + b.CostUsd,
        a.UnpricedCalls + b.UnpricedCalls,
        a.FailedCalls + b.FailedCalls,
        a.InputTokens + b.InputTokens,
        a.CachedInputTokens + b.CachedInputTokens,
        a.CacheWriteTokens + b.CacheWriteTokens,
        a.OutputTokens + b.OutputTokens,
        a.ReasoningTokens + b.ReasoningTokens)
    {
        LowerBoundCalls = a.LowerBoundCalls + b.LowerBoundCalls,
    };
}
