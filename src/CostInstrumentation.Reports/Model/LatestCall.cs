namespace CostInstrumentation.Reports;

/// <summary>One recent call as the live view lists it; <paramref name="CostUsd"/> is null when it could not be priced.</summary>
public sealed record LatestCall(DateTimeOffset TimestampUtc, string Model, string Operation, string Outcome, decimal? CostUsd, long InputTokens, long OutputTokens);
