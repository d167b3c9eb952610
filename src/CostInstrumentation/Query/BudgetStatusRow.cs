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
    string? Source)
{
    /// <summary>How much of the limit is spent: over 1 past it; a limit of 0 counts as reached by any spend.</summary>
    internal static decimal FractionOf(decimal spentUsd, decimal limitUsd) => limitUsd > 0 ? spentUsd / limitUsd : spentUsd > 0 ? 1m : 0m;
}
