namespace CostInstrumentation;

/// <summary>
/// A budget and what its scope spent in the current period. Per-call budgets show <see cref="SpentUsd"/> 0:
/// they are checked against each call's cost, not a running total.
/// </summary>
public sealed record BudgetStatusRow(
    long Id,
    string Scope,
    string? ScopeValue,
    string Period,
    decimal LimitUsd,
    decimal SpentUsd,
    decimal Fraction,
    bool HardLimit,
    DateTimeOffset PeriodStartUtc,
    string? Source);
