namespace CostInstrumentation;

/// <summary>The totals of one key of a breakdown (<see cref="LlmCostQuery.Breakdown"/>).</summary>
public sealed record CostBreakdownRow(string Key, CostTotals Totals);
