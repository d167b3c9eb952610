namespace CostInstrumentation;

/// <summary>Two filters' totals and their per-key costs (<see cref="LlmCostQuery.Compare"/>).</summary>
public sealed record PeriodComparison(CostTotals First, CostTotals Second, IReadOnlyList<ComparisonRow> Rows);
