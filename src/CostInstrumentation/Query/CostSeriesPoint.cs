namespace CostInstrumentation;

/// <summary>The totals of the calls in one UTC time slot starting at <see cref="StartUtc"/> (<see cref="ILlmCostReader.Series"/>).</summary>
public sealed record CostSeriesPoint(DateTimeOffset StartUtc, CostTotals Totals);
