using System.Globalization;
using CostInstrumentation;

namespace QuickStart;

/// <summary>Prints what the cost database holds: the summary a developer or their finance team reads.</summary>
internal static class SummaryReport
{
    /// <remarks>Token columns are input tokens (cache reads and writes included), cache reads ("cached"), cache writes ("written") and output.</remarks>
    public static void Print(LlmCostQuery query)
    {
        PeriodTotals periods = query.Summary();
        Console.WriteLine($"{"Spend (UTC)",-28} calls    input   cached  written   output        cost USD   unpriced  not ok");
        Row("today", periods.Today);
        Row("this week", periods.ThisWeek);
        Row("this month", periods.ThisMonth);
        Row("all time", periods.AllTime);
        Console.WriteLine("  (input includes cache reads, \"cached\", and cache writes, \"written\"; not ok: blocked by a budget, failed or cancelled)");

        Breakdown(query, "By model", CostDimension.Model);
        Breakdown(query, "By project", CostDimension.Project);
        Breakdown(query, "By session", CostDimension.Session);

        Console.WriteLine();
        Console.WriteLine("Budgets (current period)                                   spent / limit USD      used");
        foreach (BudgetStatusRow budget in query.BudgetStatus())
        {
            string scope = budget.ScopeValue is null ? budget.Scope : $"{budget.Scope} {budget.ScopeValue}";
            string limit = budget.HardLimit ? "hard" : "soft";
            Console.WriteLine($"  {budget.Period,-6} {scope,-44} {budget.SpentUsd,10:0.0000} / {budget.LimitUsd,-8:0.00} {budget.Fraction,6:P0} {limit}");
        }

        Console.WriteLine();
        IReadOnlyList<BudgetAlertRow> alerts = query.Alerts();
        Console.WriteLine(alerts.Count == 0 ? "Alerts: none" : "Alerts (not yet acknowledged)");
        foreach (BudgetAlertRow alert in alerts)
        {
            string scope = alert.ScopeValue is null ? alert.Scope : $"{alert.Scope} {alert.ScopeValue}";
            string level = alert.Threshold == "1" ? "exceeded" : decimal.Parse(alert.Threshold, CultureInfo.InvariantCulture).ToString("P0", CultureInfo.InvariantCulture);
            Console.WriteLine($"  {alert.RaisedUtc:yyyy-MM-dd HH:mm} UTC  {level,-8} {alert.Period} budget on {scope}: {alert.SpentUsd:0.0000} USD spent");
        }
    }

    private static void Breakdown(LlmCostQuery query, string title, CostDimension dimension)
    {
        Console.WriteLine();
        Console.WriteLine($"{title + " (all time)",-28} calls    input   cached  written   output        cost USD   unpriced  not ok");
        foreach (CostBreakdownRow row in query.Breakdown(dimension))
        {
            Row(row.Key.Length == 0 ? "(none)" : row.Key, row.Totals);
        }
    }

    // "≥": some calls are streams that ended before their final usage report, priced from what they reported.
    private static void Row(string label, CostTotals totals) =>
        Console.WriteLine($"  {label,-26} {totals.Calls,5} {totals.InputTokens,8} {totals.CachedInputTokens,8} {totals.CacheWriteTokens,8} {totals.OutputTokens,8} {(totals.LowerBoundCalls > 0 ? "≥" : "") + totals.CostUsd.ToString("0.000000", CultureInfo.InvariantCulture),15} {totals.UnpricedCalls,10} {totals.FailedCalls,7}");
}
