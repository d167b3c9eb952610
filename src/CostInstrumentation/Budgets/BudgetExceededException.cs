namespace CostInstrumentation;

/// <summary>Thrown by a metered call's shim, before the call is made, when it would take a hard-limited budget past its limit.</summary>
public sealed class BudgetExceededException : Exception
{
    /// <summary>Creates the exception for <paramref name="budget"/>.</summary>
    public BudgetExceededException(LlmBudget budget, decimal spentUsd, decimal estimateUsd, DateTimeOffset periodStartUtc)
        : base($"The call would exceed the {budget.Period} budget of {budget.LimitUsd.ToString(System.Globalization.CultureInfo.InvariantCulture)} USD for {Describe(budget)}: {spentUsd.ToString(System.Globalization.CultureInfo.InvariantCulture)} USD spent or reserved, this call estimated at {estimateUsd.ToString(System.Globalization.CultureInfo.InvariantCulture)} USD.")
    {
        Budget = budget;
        SpentUsd = spentUsd;
        EstimateUsd = estimateUsd;
        PeriodStartUtc = periodStartUtc;
    }

    /// <summary>The budget that blocked the call.</summary>
    public LlmBudget Budget { get; }

    /// <summary>What the budget's period had spent and reserved when the call was blocked.</summary>
    public decimal SpentUsd { get; }

    /// <summary>The blocked call's estimated cost.</summary>
    public decimal EstimateUsd { get; }

    /// <summary>The start of the budget's current period (UTC).</summary>
    public DateTimeOffset PeriodStartUtc { get; }

    private static string Describe(LlmBudget budget) =>
        budget.Scope == BudgetScope.Global ? "all calls" : $"{budget.Scope.ToString().ToLowerInvariant()} '{budget.ScopeValue}'";
}
