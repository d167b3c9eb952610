using System.CommandLine;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary><c>llmcost budget list|status|set|remove</c> and the budget health table the summary shows.</summary>
internal static class BudgetCommands
{
    /// <summary>Each budget's spend against its limit in its current UTC period.</summary>
    public static ReportTable HealthTable(IReadOnlyList<BudgetReportRow> budgets)
    {
        ReportTable table = new("budgets", "Budgets (UTC periods)", [
            new ReportColumn("id", "Id", ColumnKind.Count, DropOrder: 2),
            new ReportColumn("budget", "Budget", ColumnKind.Text),
            new ReportColumn("period", "Period", ColumnKind.Text),
            new ReportColumn("spent", "Spent", ColumnKind.Money),
            new ReportColumn("limit", "Limit", ColumnKind.Money),
            new ReportColumn("used", "Used", ColumnKind.Fraction),
            new ReportColumn("health", "Health", ColumnKind.Text),
            new ReportColumn("hardLimit", "Hard", ColumnKind.Text, DropOrder: 1),
        ]);
        foreach (BudgetReportRow budget in budgets)
        {
            table.Add(budget.Id, budget.Subject, budget.Period, budget.SpentUsd, budget.LimitUsd, budget.Fraction,
                budget.Health.ToString().ToLowerInvariant(), budget.HardLimit);
        }

        return table;
    }
}
