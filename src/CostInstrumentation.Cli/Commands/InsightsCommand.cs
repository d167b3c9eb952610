using System.CommandLine;
using CostInstrumentation.Cli.Pricing;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost insights</c>: what stands out in a period (default: this month) — anomalies against each thing's own baseline,
/// efficiency per model (per call, per 1k output tokens, cache hit rate, savings from caching, cost of failed calls) and the
/// largest savings available from a cheaper model this database already uses.
/// </summary>
internal static class InsightsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        Command command = new Command("insights", "Anomalies, efficiency per model and the largest savings available (default period: this month).").WithReportOptions().WithPricing();
        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        PricingCatalogue catalogue = PricingSources.Load(invocation);
        ReportPeriod period = invocation.Period("this-month");
        ReportFilter filter = invocation.Filter;
        using CostReports reports = invocation.OpenReports();
        InsightsReport insights = reports.Insights(period, filter, catalogue.Find);
        ReportDocument document = new("insights", "Insights")
        {
            Zone = invocation.Zone,
            Period = period,
            Filter = filter,
            PricingVersions = reports.PricingVersions(period, filter),
        };
        document.Facts.Add(("Priced under", PricingCommands.Describe(catalogue, invocation)));
        document.Tables.Add(Anomalies(insights.Anomalies));
        document.Tables.Add(Efficiency(insights.Efficiency));
        document.Tables.Add(Savings(insights.Savings));
        document.Notes.Add($"Anomaly: above its baseline's median + {CostReports.AnomalyDeviations} median absolute deviations and above {CostReports.AnomalyTimesMedian}× the median, over at least {CostReports.AnomalyMinimumSamples} values (days against the period's days, sessions against its sessions, a model's or call site's days against its own days).");
        document.Notes.Add("Savings: each operation's exact usage priced under the cheapest other model of the same provider this database already records; check the quality before you switch.");
        invocation.Render(document);
        return ExitCodes.Ok;
    }

    private static ReportTable Anomalies(IReadOnlyList<AnomalyRow> anomalies)
    {
        ReportTable table = new("anomalies", "Anomalies", [
            new ReportColumn("kind", "Kind", ColumnKind.Text),
            new ReportColumn("key", "What", ColumnKind.Text),
            new ReportColumn("day", "Day", ColumnKind.Text, DropOrder: 1),
            new ReportColumn("cost", "Cost", ColumnKind.Money),
            new ReportColumn("median", "Median", ColumnKind.Money, DropOrder: 2),
            new ReportColumn("timesMedian", "× median", ColumnKind.Text),
        ]);
        foreach (AnomalyRow row in anomalies)
        {
            table.Add(row.Kind, row.Key, row.When, row.CostUsd, row.MedianUsd, row.TimesMedian is { } times ? CellText.Exact(times) + "×" : "—");
        }

        return table;
    }

    private static ReportTable Efficiency(IReadOnlyList<EfficiencyRow> rows)
    {
        ReportTable table = new("efficiency", "Efficiency by model", [
            new ReportColumn("model", "Model", ColumnKind.Text),
            new ReportColumn("calls", "Calls", ColumnKind.Count, DropOrder: 5),
            new ReportColumn("cost", "Cost", ColumnKind.Money),
            new ReportColumn("perCall", "Per call", ColumnKind.Money, DropOrder: 3),
            new ReportColumn("per1kOutput", "Per 1k out", ColumnKind.Money, DropOrder: 4),
            new ReportColumn("cacheHitRate", "Cache hits", ColumnKind.Fraction, DropOrder: 2),
            new ReportColumn("cachingSaved", "Cache saved", ColumnKind.Money, DropOrder: 1),
            new ReportColumn("failedCost", "Failed cost", ColumnKind.Money),
            new ReportColumn("unpriced", "Unpriced", ColumnKind.Count),
        ]);
        foreach (EfficiencyRow row in rows)
        {
            table.Add(row.Model.Length == 0 ? "all models" : row.Model, row.Totals.Calls, row.Totals.CostUsd, row.CostPerCallUsd, row.CostPerThousandOutputUsd,
                row.CacheHitRate, row.CachingSavedUsd, row.FailedCostUsd, row.Totals.UnpricedCalls);
        }

        return table;
    }

    private static ReportTable Savings(IReadOnlyList<SavingRow> rows)
    {
        ReportTable table = new("savings", "Largest savings available", [
            new ReportColumn("operation", "Operation", ColumnKind.Text),
            new ReportColumn("model", "Model", ColumnKind.Text, DropOrder: 2),
            new ReportColumn("cost", "Cost", ColumnKind.Money, DropOrder: 1),
            new ReportColumn("alternative", "Instead", ColumnKind.Text),
            new ReportColumn("alternativeCost", "Would cost", ColumnKind.Money, DropOrder: 3),
            new ReportColumn("saving", "Saving", ColumnKind.Money),
        ]);
        foreach (SavingRow row in rows)
        {
            table.Add(row.Operation, row.Model, row.CostUsd, row.Alternative, row.AlternativeCostUsd, row.SavingUsd);
        }

        return table;
    }
}
