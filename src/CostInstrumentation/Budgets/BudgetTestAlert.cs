namespace CostInstrumentation;

/// <summary>
/// The alert every channel sends when asked to test itself: a warning of a budget that does not exist, named so that
/// whoever receives it sees it is a test.
/// </summary>
internal static class BudgetTestAlert
{
    internal const string Source = "CostInstrumentation test alert (no budget was reached)";

    internal static LlmBudgetAlertEventArgs Create(DateTimeOffset nowUtc) =>
        new(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { Source = Source }, BudgetAlertLevel.Warning, 0.8m, 0.8m, UtcPeriods.Start(BudgetPeriod.Day, nowUtc));

    internal static bool IsTest(LlmBudgetAlertEventArgs alert) => string.Equals(alert.Budget.Source, Source, StringComparison.Ordinal);
}
