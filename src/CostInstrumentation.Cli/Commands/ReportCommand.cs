using System.CommandLine;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary><c>llmcost report --by D [--then-by D] [--top N] [--sort S] [--chart] [--max-usd X]</c>: the spend of a period (default this month) by any dimension.</summary>
internal static class ReportCommand
{
    public static readonly Option<int?> Top = new("--top") { Description = "Only the N largest keys.", HelpName = "N" };

    public static readonly Option<ReportSort?> Sort = new("--sort") { Description = "cost (default; time dimensions: key), calls, tokens or key." };

    private static readonly Option<string> By = new("--by")
    {
        Description = "model, provider, project, tag, session, operation, call-site, hour, day, week or month.",
        HelpName = "DIMENSION",
        Required = true,
    };

    private static readonly Option<string?> ThenBy = new("--then-by") { Description = "A second dimension within each key of --by.", HelpName = "DIMENSION" };

    private static readonly Option<bool> Chart = new("--chart") { Description = "Also draw a bar per row of the cost (terminal output)." };

    private static readonly Option<decimal?> MaxUsd = new("--max-usd")
    {
        Description = "Exit with code 12 when the report's total cost exceeds this amount (for CI).",
        HelpName = "USD",
    };

    public static Command Create(CliEnvironment environment)
    {
        Command command = new Command("report", "The spend of a period (default: this month) by a dimension, optionally within a second.").WithReportOptions();
        command.Add(By);
        command.Add(ThenBy);
        command.Add(Top);
        command.Add(Sort);
        command.Add(Chart);
        command.Add(MaxUsd);
        command.Add(ReportExport.File);
        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        ReportDimension by = ReportDimensions.Parse(invocation.Parse.GetValue(By)!);
        ReportDimension? thenBy = invocation.Parse.GetValue(ThenBy) is { } second ? ReportDimensions.Parse(second) : null;
        ReportPeriod period = invocation.Period("this-month");
        using CostReports reports = invocation.OpenReports();
        (ReportDocument document, CostTotals total) = BreakdownDocument.Build(reports, "report", $"Spend by {by.Name()}" + (thenBy is { } t ? $" then {t.Name()}" : ""),
            period, invocation.Filter, by, thenBy, invocation.Parse.GetValue(Top), invocation.Parse.GetValue(Sort));
        document.Tables[0].Chart = invocation.Parse.GetValue(Chart);
        invocation.Render(document);
        ReportExport.WriteIfAsked(invocation, document);
        if (invocation.Parse.GetValue(MaxUsd) is { } max && total.CostUsd > max)
        {
            invocation.Environment.Error.WriteLine($"llmcost: the total {CellText.Usd(total.CostUsd)} exceeds --max-usd {CellText.Usd(max)}.");
            return ExitCodes.MaxUsdExceeded;
        }

        return ExitCodes.Ok;
    }
}
