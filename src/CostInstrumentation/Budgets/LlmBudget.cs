namespace CostInstrumentation;

/// <summary>
/// One budget: a limit in USD on the spend of the calls in <see cref="Scope"/> over <see cref="Period"/>.
/// Declared by <see cref="LlmBudgetAttribute"/>, a budget file, <see cref="LlmCostOptions.AddBudget"/> or a row of
/// the <c>budgets</c> table; all are enforced the same way.
/// </summary>
public sealed record LlmBudget
{
    /// <param name="scope">Which calls the budget counts.</param>
    /// <param name="scopeValue">The provider, model, project, session, tag or operation; null for <see cref="BudgetScope.Global"/>.</param>
    /// <param name="period">The period the spend is counted over.</param>
    /// <param name="limitUsd">The limit in USD, greater than zero.</param>
    public LlmBudget(BudgetScope scope, string? scopeValue, BudgetPeriod period, decimal limitUsd)
    {
        if (scope == BudgetScope.Global ? scopeValue is not null : string.IsNullOrEmpty(scopeValue))
        {
            throw new ArgumentException(scope == BudgetScope.Global ? "A global budget has no scope value." : $"A {scope} budget needs the {scope.ToString().ToLowerInvariant()} it applies to.", nameof(scopeValue));
        }

        if (limitUsd <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limitUsd), limitUsd, "A budget's limit must be greater than zero.");
        }

        Scope = scope;
        ScopeValue = scopeValue;
        Period = period;
        LimitUsd = limitUsd;
    }

    /// <summary>Which calls the budget counts.</summary>
    public BudgetScope Scope { get; }

    /// <summary>The value of <see cref="Scope"/> (null for <see cref="BudgetScope.Global"/>).</summary>
    public string? ScopeValue { get; }

    /// <summary>The period the spend is counted over.</summary>
    public BudgetPeriod Period { get; }

    /// <summary>The limit in USD.</summary>
    public decimal LimitUsd { get; }

    /// <summary>When set, a call that would take the spend past the limit is not made (<see cref="BudgetExceededException"/>, or <see cref="Fallback"/>).</summary>
    public bool HardLimit { get; init; }

    /// <summary>The model to call instead when the hard limit would be exceeded (only for a model passed in an <see cref="LlmModelAttribute"/> parameter).</summary>
    public string? Fallback { get; init; }

    /// <summary>The fractions of the limit that raise a warning and a critical alert; reaching 1 raises "exceeded".</summary>
    public IReadOnlyList<decimal> WarnAt { get; init; } = DefaultWarnAt;

    /// <summary>Where the budget was declared, for messages (e.g. <c>[LlmBudget] on Shop.Assistant</c>, <c>budgets.json</c>).</summary>
    public string? Source { get; init; }

    internal static IReadOnlyList<decimal> DefaultWarnAt { get; } = [0.8m, 0.95m];
}
