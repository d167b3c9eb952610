namespace CostInstrumentation;

/// <summary>How scopes, periods and levels are spelled in the <c>budgets</c> table and the webhook payload.</summary>
internal static class BudgetNames
{
    internal static string Of(BudgetScope scope) => scope.ToString().ToLowerInvariant();

    internal static string Of(BudgetPeriod period) => period == BudgetPeriod.PerCall ? "per_call" : period.ToString().ToLowerInvariant();

    internal static string Of(BudgetAlertLevel level) => level.ToString().ToLowerInvariant();

    internal static bool TryParse(string text, out BudgetScope scope) =>
        Enum.TryParse(text, ignoreCase: true, out scope) && Enum.IsDefined(scope) && !int.TryParse(text, out _);

    internal static bool TryParse(string text, out BudgetPeriod period) =>
        Enum.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out period) && Enum.IsDefined(period) && !int.TryParse(text, out _);
}
