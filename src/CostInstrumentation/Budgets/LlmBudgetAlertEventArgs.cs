namespace CostInstrumentation;

/// <summary>A budget's spend reached a threshold; raised on <see cref="LlmCostTracker.BudgetAlert"/> once per budget, period and threshold.</summary>
public sealed class LlmBudgetAlertEventArgs(LlmBudget budget, BudgetAlertLevel level, decimal threshold, decimal spentUsd, DateTimeOffset periodStartUtc) : EventArgs
{
    /// <summary>The budget.</summary>
    public LlmBudget Budget { get; } = budget;

    /// <summary>How serious.</summary>
    public BudgetAlertLevel Level { get; } = level;

    /// <summary>The threshold reached, as a fraction of the limit (1 for <see cref="BudgetAlertLevel.Exceeded"/>).</summary>
    public decimal Threshold { get; } = threshold;

    /// <summary>What the budget's period had spent when the threshold was reached (for a per-call budget: the call's estimate).</summary>
    public decimal SpentUsd { get; } = spentUsd;

    /// <summary>The budget's limit.</summary>
    public decimal LimitUsd => Budget.LimitUsd;

    /// <summary>The start of the period (UTC); for a per-call budget, the time of the call.</summary>
    public DateTimeOffset PeriodStartUtc { get; } = periodStartUtc;
}
