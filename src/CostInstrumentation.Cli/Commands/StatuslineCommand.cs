using System.CommandLine;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary><c>llmcost statusline</c>: one short line for a shell prompt or tmux (today, this month, the fullest budget, unpriced calls).</summary>
internal static class StatuslineCommand
{
    public static Command Create(CliEnvironment environment)
    {
        Command command = new Command("statusline", "One short line for a shell prompt or tmux: today, this month, the fullest budget.").WithOutput().WithFilters();
        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        TimeZoneInfo zone = invocation.Zone;
        ReportFilter filter = invocation.Filter;
        using CostReports reports = invocation.OpenReports();
        CostTotals today = reports.Totals(PeriodParser.Named("today", invocation.Now, zone), filter);
        CostTotals month = reports.Totals(PeriodParser.Named("this-month", invocation.Now, zone), filter);
        BudgetReportRow? fullest = reports.Budgets(invocation.Now).Where(b => b.Enabled && b.PeriodEndUtc is not null).OrderByDescending(b => b.Status.Fraction).ThenBy(b => b.Status.Id).FirstOrDefault();
        if (invocation.Format != OutputFormat.Table)
        {
            ReportDocument document = new("statusline", "Status") { Zone = zone, Filter = filter };
            ReportTable table = new("status", "Status", [
                new ReportColumn("today", "Today", ColumnKind.Money),
                new ReportColumn("todayUnpriced", "Today unpriced", ColumnKind.Count),
                new ReportColumn("month", "This month", ColumnKind.Money),
                new ReportColumn("monthUnpriced", "Month unpriced", ColumnKind.Count),
                new ReportColumn("budget", "Fullest budget", ColumnKind.Text),
                new ReportColumn("budgetUsed", "Used", ColumnKind.Fraction),
            ]);
            table.Add(today.CostUsd, today.UnpricedCalls, month.CostUsd, month.UnpricedCalls, fullest?.Subject, fullest?.Status.Fraction);
            document.Tables.Add(table);
            invocation.Render(document);
            return ExitCodes.Ok;
        }

        string line = $"today {CellText.Usd(today.CostUsd)} · month {CellText.Usd(month.CostUsd)}";
        if (fullest is not null)
        {
            line += $" · budget {decimal.Round(fullest.Status.Fraction * 100, MidpointRounding.ToZero):0}%";
        }

        if (month.UnpricedCalls > 0)
        {
            line += $" · {month.UnpricedCalls} unpriced";
        }

        // Plain text, no markup or colour: prompts and tmux embed it as is.
        invocation.Environment.Out.WriteLine(line);
        return ExitCodes.Ok;
    }
}
