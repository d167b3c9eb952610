using System.CommandLine;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// The registration list: every command family's factory, in the order help lists them. A new family is a file in
/// Commands/ with a static factory, added here (pricing, estimate, whatif, reprice, insights, watch and the XLSX/HTML/PDF
/// exports are planned to join this way).
/// </summary>
internal static class CommandCatalog
{
    public static RootCommand Root(CliEnvironment environment)
    {
        RootCommand root = new("llmcost: read, budget and export the LLM spend a CostInstrumentation database recorded. Without a command: the summary.");
        SummaryCommand.ConfigureRoot(root, environment);
        foreach (Command command in All(environment))
        {
            root.Add(command);
        }

        return root;
    }

    private static IEnumerable<Command> All(CliEnvironment environment) =>
    [
        SummaryCommand.Create(environment),
        ReportCommand.Create(environment),
        .. TimeSeriesCommands.Create(environment),
        .. BreakdownCommands.Create(environment),
        CompareCommand.Create(environment),
        .. BudgetCommands.Create(environment),
        AlertCommands.Create(environment),
        ExportCommand.Create(environment),
        StatuslineCommand.Create(environment),
        PricingCommands.Create(environment),
        .. RepriceCommands.Create(environment),
        EstimateCommand.Create(environment),
        InsightsCommand.Create(environment),
        WatchCommand.Create(environment),
        ServeCommand.Create(environment),
    ];
}
