namespace CostInstrumentation;

/// <summary>
/// Totals over a set of calls. <see cref="CostUsd"/> sums the priced calls only: unpriced calls are counted in
/// <see cref="UnpricedCalls"/>, never added as $0.
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
    long ReasoningTokens);
