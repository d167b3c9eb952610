using System.CommandLine;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost</c> / <c>llmcost summary [--detailed]</c>: today, this week, this month and all time in the report's zone,
/// the last 30 days as a sparkline, the top models of the month, budget health and the unpriced calls.
/// </summary>
internal static class SummaryCommand
{
    private const int TopModels = 5;

    private static readonly Option<bool> Detailed = new("--detailed") { Description = "Also the top projects, sessions and call sites of the month." };

    public static Command Create(CliEnvironment environment)
    {
        Command command = new Command("summary", "Today, this week, this month and all time, the last 30 days, top models and budget health.").WithOutput().WithFilters();
        command.Add(Detailed);
        Invocation.Bind(command, environment, Run);
        return command;
    }

    /// <summary>The bare <c>llmcost</c> runs the summary.</summary>
    public static void ConfigureRoot(RootCommand root, CliEnvironment environment)
    {
        root.WithOutput().WithFilters();
        root.Add(Detailed);
        Invocation.Bind(root, environment, Run);
    }

    private static int Run(Invocation invocation)
    {
        TimeZoneInfo zone = invocation.Zone;
        ReportFilter filter = invocation.Filter;
        DateTimeOffset now = invocation.Now;
        using CostReports reports = invocation.OpenReports();
        ReportPeriod month = PeriodParser.Named("this-month", now, zone);
        ReportPeriod all = ReportPeriod.All(zone);
        ReportDocument document = new("summary", "LLM spend summary")
        {
            Zone = zone,
            Filter = filter,
            PricingVersions = reports.PricingVersions(all, filter),
        };
        document.Facts.Add(("Database", reports.DatabasePath));

        ReportTable periods = TotalsTable.Create("periods", "Spend", new ReportColumn("period", "Period", ColumnKind.Text), new ReportColumn("from", "From", ColumnKind.Time, DropOrder: 7));
        CostTotals allTime = default;
        foreach (string name in new[] { "today", "this-week", "this-month", "all" })
        {
            ReportPeriod period = PeriodParser.Named(name, now, zone);
            CostTotals totals = reports.Totals(period, filter);
            TotalsTable.Add(periods, totals, name == "all" ? "all time" : name, period.FromLocal);
            allTime = totals;
        }

        document.Tables.Add(periods);
        document.Tables.Add(LastDays(reports, now, zone, filter));

        ReportTable models = TotalsTable.Create("topModels", "Top models this month", new ReportColumn("model", "Model", ColumnKind.Text));
        foreach (ReportRow row in reports.Breakdown(month, ReportDimension.Model, filter, top: TopModels))
        {
            TotalsTable.Add(models, row.Totals, row.Key);
        }

        document.Tables.Add(models);
        if (invocation.Parse.GetValue(Detailed))
        {
            foreach ((ReportDimension dimension, string id, string title) in new[]
            {
                (ReportDimension.Project, "topProjects", "Top projects this month"),
                (ReportDimension.Session, "topSessions", "Top sessions this month"),
                (ReportDimension.CallSite, "topCallSites", "Top call sites this month"),
            })
            {
                ReportTable table = TotalsTable.Create(id, title, new ReportColumn("key", dimension.Name(), ColumnKind.Text));
                foreach (ReportRow row in reports.Breakdown(month, dimension, filter, top: TopModels))
                {
                    TotalsTable.Add(table, row.Totals, row.Key);
                }

                document.Tables.Add(table);
            }
        }

        document.Tables.Add(BudgetCommands.HealthTable(reports.Budgets(now)));
        TotalsTable.NoteIncompleteCosts(document, allTime);
        document.Notes.Add("Budgets run on UTC periods (UTC); the spend above is counted in " + ReportZone.Name(zone) + ".");
        invocation.Render(document);
        return ExitCodes.Ok;
    }

    /// <summary>The last 30 local days, one row each (days without calls too), oldest first.</summary>
    private static ReportTable LastDays(CostReports reports, DateTimeOffset now, TimeZoneInfo zone, ReportFilter filter)
    {
        ReportPeriod days = PeriodParser.Parse(new PeriodRequest { Last = "30d" }, now, zone);
        Dictionary<string, CostTotals> byDay = reports.Breakdown(days, ReportDimension.Day, filter).ToDictionary(row => row.Key, row => row.Totals, StringComparer.Ordinal);
        ReportTable table = new("last30Days", "Last 30 days", [
            new ReportColumn("day", "Day", ColumnKind.Text),
            new ReportColumn("calls", "Calls", ColumnKind.Count),
            new ReportColumn("cost", "Cost", ColumnKind.Money),
            new ReportColumn("unpriced", "Unpriced", ColumnKind.Count),
        ])
        { Style = TableStyle.Sparkline };
        DateTime first = TimeZoneInfo.ConvertTime(days.FromUtc!.Value, zone).Date;
        for (int i = 0; i < 30; i++)
        {
            string day = first.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            CostTotals totals = byDay.GetValueOrDefault(day);
            table.Add(day, totals.Calls, totals.CostUsd, totals.UnpricedCalls);
        }

        return table;
    }
}
