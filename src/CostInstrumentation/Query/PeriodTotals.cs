namespace CostInstrumentation;

/// <summary>Totals of the current UTC day, ISO week (from Monday), calendar month, and of all time.</summary>
public sealed record PeriodTotals(CostTotals Today, CostTotals ThisWeek, CostTotals ThisMonth, CostTotals AllTime);
