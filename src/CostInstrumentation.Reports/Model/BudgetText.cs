namespace CostInstrumentation.Reports;

/// <summary>How budgets are spelled in reports: as the <c>budgets</c> table spells their scope and period.</summary>
public static class BudgetText
{
    /// <summary><c>global</c>, or <c>project=support</c>.</summary>
    public static string Subject(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return BudgetNames.Of(budget.Scope) + (budget.ScopeValue is null ? "" : "=" + budget.ScopeValue);
    }

    /// <summary><c>per_call</c>, <c>day</c>, <c>week</c>, <c>month</c> or <c>year</c>.</summary>
    public static string Period(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return BudgetNames.Of(budget.Period);
    }
}
