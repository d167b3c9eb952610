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

    /// <summary>The report commands: those the native front answers itself (<see cref="NativeFront"/>).</summary>
    internal static readonly Family[] ReportFamilies =
    [
        new(["summary"], environment => [SummaryCommand.Create(environment)]),
        new(["report"], environment => [ReportCommand.Create(environment)]),
        new(["daily", "weekly", "monthly"], TimeSeriesCommands.Create),
        new(["models", "tags", "by-tag", "callsites", "call-sites", "sessions", "by-conversation"], BreakdownCommands.Create),
        new(["compare"], environment => [CompareCommand.Create(environment)]),
        new(["budget", "set-budget", "budget-status", "enable-budget", "disable-budget"], BudgetCommands.Create),
        new(["statusline"], environment => [StatuslineCommand.Create(environment)]),
    ];

    internal static readonly Family[] Families = [.. ReportFamilies, .. FullToolFamilies()];

    /// <summary>
    /// The commands only the full tool carries (a web server, Roslyn's pricing parser, tokenizers, the live view). Behind
    /// the feature switch, so that the native build's trimmer drops them and what they pull in.
    /// </summary>
    private static Family[] FullToolFamilies() => !NativeFront.IsFullTool ? [] :
    [
        new(["alerts"], environment => [AlertCommands.Create(environment)]),
        new(["export"], environment => [ExportCommand.Create(environment)]),
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
        Family? named = args is [var first, ..] ? Named(first) : null;
        foreach (Family family in named is not null ? [named] : Families)
        {
            foreach (Command command in family.Create(environment))
            {
                root.Add(command);
            }
        }

        return root;
    }

    /// <summary>The family a command name or alias belongs to, if any.</summary>
    public static Family? Named(string name) => Families.FirstOrDefault(family => family.Names.Contains(name, StringComparer.Ordinal));
}
