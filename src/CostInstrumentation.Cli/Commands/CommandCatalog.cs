using System.CommandLine;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// The registration list: every command family's factory and the names (and aliases) its top-level commands answer to,
/// in the order help lists them. A new family is a file in Commands/ with a static factory, added here with its names
/// (CommandCatalogTests checks the names against what each factory builds).
/// </summary>
internal static class CommandCatalog
{
    /// <summary>A factory and the top-level command names and aliases of what it builds.</summary>
    internal sealed record Family(string[] Names, Func<CliEnvironment, IEnumerable<Command>> Create);

    internal static readonly Family[] Families =
    [
        new(["summary"], environment => [SummaryCommand.Create(environment)]),
        new(["report"], environment => [ReportCommand.Create(environment)]),
        new(["daily", "weekly", "monthly"], TimeSeriesCommands.Create),
        new(["models", "tags", "by-tag", "callsites", "call-sites", "sessions", "by-conversation"], BreakdownCommands.Create),
        new(["compare"], environment => [CompareCommand.Create(environment)]),
        new(["budget", "set-budget", "budget-status", "enable-budget", "disable-budget"], BudgetCommands.Create),
        new(["alerts"], environment => [AlertCommands.Create(environment)]),
        new(["export"], environment => [ExportCommand.Create(environment)]),
        new(["statusline"], environment => [StatuslineCommand.Create(environment)]),
        new(["pricing"], environment => [PricingCommands.Create(environment)]),
        new(["whatif", "reprice"], RepriceCommands.Create),
        new(["estimate"], environment => [EstimateCommand.Create(environment)]),
        new(["insights"], environment => [InsightsCommand.Create(environment)]),
        new(["watch"], environment => [WatchCommand.Create(environment)]),
        new(["serve"], environment => [ServeCommand.Create(environment)]),
    ];

    /// <summary>
    /// The root command with every command, or, when <paramref name="args"/> starts with a command's name or alias, with
    /// that command's family only: building and JIT-compiling ~40 commands and their options was most of a short
    /// command's start-up (docs/performance.md §13). Anything else (root help, a typo, completions, a response file, no
    /// command) gets them all, so help, "did you mean" and errors read as before.
    /// </summary>
    public static RootCommand Root(CliEnvironment environment, IReadOnlyList<string>? args = null)
    {
        RootCommand root = new("llmcost: read, budget and export the LLM spend a CostInstrumentation database recorded. Without a command: the summary.");
        SummaryCommand.ConfigureRoot(root, environment);
        string? first = args is [var token, ..] ? token : null;
        Family[] named = [.. Families.Where(family => family.Names.Contains(first, StringComparer.Ordinal))];
        foreach (Family family in named.Length > 0 ? named : Families)
        {
            foreach (Command command in family.Create(environment))
            {
                root.Add(command);
            }
        }

        return root;
    }
}
