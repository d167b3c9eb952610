namespace CostInstrumentation;

/// <summary>How scopes, periods and levels are spelled in the <c>budgets</c> table and the webhook payload (<see cref="BudgetSpellings"/>).</summary>
internal static class BudgetNames
{
    internal static string Of(BudgetScope scope) => BudgetSpellings.Stored((BudgetScopeKind)scope);

    internal static string Of(BudgetPeriod period) => BudgetSpellings.Stored((BudgetPeriodKind)period);

    internal static string Of(BudgetAlertLevel level) => level.ToString().ToLowerInvariant();

    internal static bool TryParse(string text, out BudgetScope scope)
    {
        bool known = BudgetSpellings.TryParseStored(text, out BudgetScopeKind kind);
        scope = (BudgetScope)kind;
        return known;
    }

    internal static bool TryParse(string text, out BudgetPeriod period)
    {
        bool known = BudgetSpellings.TryParseStored(text, out BudgetPeriodKind kind);
        period = (BudgetPeriod)kind;
        return known;
    }
}
