namespace CostInstrumentation;

/// <summary>Where one budget stands in its current period (<see cref="LlmCostTracker.GetBudgetStatus"/>).</summary>
/// <param name="Budget">The budget.</param>
/// <param name="PeriodStartUtc">The start of its current period (UTC).</param>
/// <param name="SpentUsd">The recorded cost of the period's calls.</param>
/// <param name="ReservedUsd">The estimates held by calls admitted but not yet recorded.</param>
/// <param name="Fraction">Spent as a fraction of the limit.</param>
public sealed record LlmBudgetStatus(LlmBudget Budget, DateTimeOffset PeriodStartUtc, decimal SpentUsd, decimal ReservedUsd, decimal Fraction);
