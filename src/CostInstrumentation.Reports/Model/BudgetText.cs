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

    /// <summary>The scope as the table spells it: <c>global</c>, <c>project</c>, ….</summary>
    public static string Scope(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return BudgetNames.Of(budget.Scope);
    }

    /// <summary><c>per_call</c>, <c>day</c>, <c>week</c>, <c>month</c> or <c>year</c>.</summary>
    public static string Period(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return BudgetNames.Of(budget.Period);
    }

    /// <summary>Parses a scope as the <c>budgets</c> table spells it (<c>global</c>, <c>project</c>, …).</summary>
    /// <exception cref="ReportArgumentException">Not a scope.</exception>
    public static BudgetScope ParseScope(string text) => BudgetNames.TryParse(text ?? "", out BudgetScope scope)
        ? scope
        : throw new ReportArgumentException($"'{text}' is not a budget scope: use global, provider, model, project, session, tag or operation.");

    /// <summary>Parses a period as the <c>budgets</c> table spells it (<c>per_call</c>, <c>day</c>, …).</summary>
    /// <exception cref="ReportArgumentException">Not a period.</exception>
    public static BudgetPeriod ParsePeriod(string text) => BudgetNames.TryParse(text ?? "", out BudgetPeriod period)
        ? period
        : throw new ReportArgumentException($"'{text}' is not a budget period: use per_call, day, week, month or year.");
}
