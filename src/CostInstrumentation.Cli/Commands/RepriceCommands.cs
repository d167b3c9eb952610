using System.CommandLine;
using CostInstrumentation.Cli.Pricing;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost whatif --as MODEL</c> and <c>llmcost reprice --pricing FILE</c>: the recorded usage priced again, exactly,
/// under another model or another price list, with the difference. Calls neither side can price are counted apart.
/// </summary>
internal static class RepriceCommands
{
    private static readonly Option<string> As = new("--as") { Description = "The model every selected call is priced as.", HelpName = "MODEL", Required = true };

    public static IEnumerable<Command> Create(CliEnvironment environment)
    {
        Command whatif = new Command("whatif", "The selected calls priced as if made with another model (default period: this month).").WithReportOptions().WithPricing();
        whatif.Add(As);
        Invocation.Bind(whatif, environment, WhatIf);

        Command reprice = new Command("reprice", "The selected calls priced again by their own model under other pricing files (default period: this month).").WithReportOptions().WithPricing();
        Invocation.Bind(reprice, environment, Reprice);
        return [whatif, reprice];
    }

    private static int WhatIf(Invocation invocation)
    {
        PricingCatalogue catalogue = PricingSources.Load(invocation);
        string model = invocation.Parse.GetValue(As)!;
        if (catalogue.Find(model) is not { } price)
        {
            throw new ReportArgumentException($"'{model}' is not priced by the pricing files read{catalogue.Suggest(model)}");
        }

        return Run(invocation, catalogue, "whatif", $"What if every call used {price.Model}", _ => price);
    }

    private static int Reprice(Invocation invocation)
    {
        PricingCatalogue catalogue = PricingSources.Load(invocation);
        return Run(invocation, catalogue, "reprice", "Recorded usage repriced", catalogue.Find);
    }

    private static int Run(Invocation invocation, PricingCatalogue catalogue, string command, string title, Func<string, ModelPrice?> priceOf)
    {
        ReportPeriod period = invocation.Period("this-month");
        ReportFilter filter = invocation.Filter;
        using CostReports reports = invocation.OpenReports();
        IReadOnlyList<RepriceRow> rows = reports.Reprice(period, filter, priceOf);
        ReportDocument document = new(command, title)
        {
            Zone = invocation.Zone,
            Period = period,
            Filter = filter,
            PricingVersions = reports.PricingVersions(period, filter),
        };
        document.Facts.Add(("Priced under", PricingCommands.Describe(catalogue, invocation) + (catalogue.AsOf.Length > 0 ? " (as of " + catalogue.AsOf + ")" : "")));
        ReportTable table = new("models", "By recorded model", [
            new ReportColumn("model", "Model", ColumnKind.Text),
            new ReportColumn("pricedAs", "Priced as", ColumnKind.Text, DropOrder: 3),
            new ReportColumn("calls", "Calls", ColumnKind.Count, DropOrder: 4),
            new ReportColumn("recorded", "Recorded", ColumnKind.Money),
            new ReportColumn("repriced", "Repriced", ColumnKind.Money),
            new ReportColumn("difference", "Difference", ColumnKind.Money),
            new ReportColumn("change", "Change", ColumnKind.Fraction, DropOrder: 2),
            new ReportColumn("recordedUnpriced", "Unpriced before", ColumnKind.Count, DropOrder: 1),
            new ReportColumn("repricedUnpriced", "Unpriced after", ColumnKind.Count),
        ]);
        ReportTable total = new("total", "Total", table.Columns.Where(c => c.Id is not ("model" or "pricedAs")).ToList());
        foreach (RepriceRow row in rows)
        {
            table.Add(row.Model, row.PricedAs, row.Calls, row.RecordedUsd, row.RepricedUsd, row.DifferenceUsd, row.Change, row.RecordedUnpriced, row.RepricedUnpriced);
        }

        RepriceRow sum = new("", null, rows.Sum(r => r.Calls), rows.Sum(r => r.RecordedUsd), rows.Sum(r => r.RecordedUnpriced), rows.Sum(r => r.RepricedUsd),
            rows.Sum(r => r.RepricedUnpriced), rows.Sum(r => r.ComparedCalls), rows.Sum(r => r.ComparedRecordedUsd), rows.Sum(r => r.DifferenceUsd));
        total.Add(sum.Calls, sum.RecordedUsd, sum.RepricedUsd, sum.DifferenceUsd, sum.Change, sum.RecordedUnpriced, sum.RepricedUnpriced);
        document.Tables.Add(table);
        document.Tables.Add(total);
        document.Notes.Add($"Difference and change compare the {sum.ComparedCalls:N0} call(s) priced both ways; calls either side could not price are counted under Unpriced, never as $0.");
        document.Notes.Add("Every call at standard service-tier rates, by the same cost rules as at run time (docs/cost-rules.md).");
        invocation.Render(document);
        return ExitCodes.Ok;
    }
}
