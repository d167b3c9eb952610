namespace CostInstrumentation;

/// <summary>What a call would cost and whether it fits the budgets (<see cref="LlmCostTracker.Estimate"/>).</summary>
/// <param name="Model">The model asked about.</param>
/// <param name="Priced">Whether any price table prices the model; when false both amounts are 0.</param>
/// <param name="MinUsd">The input alone at the input rate (no output).</param>
/// <param name="MaxUsd">The input plus the maximum output at the output rate, at the long-context tier the input selects.</param>
/// <param name="FitsBudgets">
/// Whether <see cref="MaxUsd"/> fits every applicable budget (spent + reserved + MaxUsd within the limit). For an
/// unpriced model: true only when no applicable budget is a hard limit.
/// </param>
/// <param name="ApplicableBudgets">The budgets a call of the model would count against, in the current context.</param>
public sealed record LlmCostEstimate(string Model, bool Priced, decimal MinUsd, decimal MaxUsd, bool FitsBudgets, IReadOnlyList<LlmBudgetStatus> ApplicableBudgets);
