using System.Globalization;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CostInstrumentation.Cli.Live;

/// <summary>
/// One frame of <c>llmcost watch</c>, from the database and a given instant (so a test drives it with a fixed clock): today's
/// totals, cost per hour today, every budget as a bar, and the latest calls.
/// </summary>
internal static class WatchView
{
    private const int LatestCount = 8;
    private const int BarWidth = 20;

    public static IRenderable Render(CostReports reports, DateTimeOffset now, TimeZoneInfo zone, ReportFilter filter, int width)
    {
        ReportPeriod today = PeriodParser.Named("today", now, zone);
        CostTotals totals = reports.Totals(today, filter);
        List<IRenderable> parts =
        [
            new Markup($"[bold]LLM spend, live[/]  [grey]{Markup.Escape(TimeZoneInfo.ConvertTime(now, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} ({Markup.Escape(ReportZone.Name(zone))}) · q quits[/]"),
            new Markup($"Today: [bold]{Markup.Escape(CellText.Usd(totals.CostUsd))}[/] in {totals.Calls:N0} call(s)"
                + (totals.UnpricedCalls > 0 ? $", [yellow]{totals.UnpricedCalls:N0} unpriced[/]" : "")
                + (totals.FailedCalls > 0 ? $", {totals.FailedCalls:N0} failed" : "")),
            Hours(reports, today, filter, now, zone, width),
            Budgets(reports.Budgets(now)),
            Latest(reports.LatestCalls(filter, LatestCount), zone),
        ];
        return new Rows(parts);
    }

    /// <summary>A bar per local hour of today so far.</summary>
    private static IRenderable Hours(CostReports reports, ReportPeriod today, ReportFilter filter, DateTimeOffset now, TimeZoneInfo zone, int width)
    {
        Dictionary<string, decimal> byHour = reports.Breakdown(today, ReportDimension.Hour, filter).ToDictionary(r => r.Key, r => r.Totals.CostUsd, StringComparer.Ordinal);
        BarChart chart = new BarChart().Label("[bold]Cost per hour today[/]").Width(Math.Max(20, width - 2));
        DateTimeOffset hour = today.FromLocal!.Value;
        DateTimeOffset end = TimeZoneInfo.ConvertTime(now, zone);
        while (hour <= end)
        {
            string key = hour.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
            decimal cost = byHour.GetValueOrDefault(key);
            // Spectre charts take doubles: the bar length is a picture; the exact amount is its label.
            chart.AddItem(hour.ToString("HH", CultureInfo.InvariantCulture) + "h " + CellText.Usd(cost), (double)cost, Color.SteelBlue);
            hour = TimeZoneInfo.ConvertTime(hour.AddHours(1), zone);
        }

        return chart.HideValues();
    }

    private static IRenderable Budgets(IReadOnlyList<BudgetReportRow> budgets)
    {
        if (budgets.Count == 0)
        {
            return new Markup("[grey]No budgets.[/]");
        }

        Grid grid = new Grid().AddColumn().AddColumn().AddColumn();
        foreach (BudgetReportRow budget in budgets)
        {
            int filled = (int)Math.Round(Math.Min(1m, budget.Status.Fraction) * BarWidth);
            string color = budget.Health switch { BudgetHealth.Limit => "red", BudgetHealth.Warning => "yellow", BudgetHealth.Disabled => "grey", _ => "green" };
            grid.AddRow(
                new Text($"{budget.Subject} ({budget.Status.Period}, UTC{(budget.Enabled ? "" : ", disabled")})"),
                new Markup($"[{color}]{new string('█', filled)}[/][grey]{new string('░', BarWidth - filled)}[/]"),
                new Text($"{CellText.Usd(budget.Status.SpentUsd)} / {CellText.Usd(budget.Status.LimitUsd)}"));
        }

        return grid;
    }

    private static IRenderable Latest(IReadOnlyList<LatestCall> calls, TimeZoneInfo zone)
    {
        Table table = new Table().Border(TableBorder.Rounded).Title("Latest calls")
            .AddColumn("Time").AddColumn("Model").AddColumn(new TableColumn("Cost").RightAligned().NoWrap()).AddColumn("Outcome");
        foreach (LatestCall call in calls)
        {
            table.AddRow(
                new Text(TimeZoneInfo.ConvertTime(call.TimestampUtc, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
                new Text(call.Model) { Overflow = Overflow.Fold },
                new Text(call.CostUsd is { } cost ? CellText.Usd(cost) : "unpriced"),
                new Text(call.Outcome));
        }

        return table;
    }
}
