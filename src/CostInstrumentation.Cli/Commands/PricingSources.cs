using System.CommandLine;
using System.IO;
using CostInstrumentation.Cli.Pricing;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>--pricing FILE|DIR</c>, shared by the commands that price: the files to read instead of the default (the shipped
/// default, then the current directory's <c>pricing/**/*.json</c>, as a build reads them).
/// </summary>
internal static class PricingSources
{
    public static readonly Option<string[]> Files = new("--pricing")
    {
        Description = "Pricing files or folders, merged in order (default: the shipped default, then ./pricing/**/*.json).",
        HelpName = "FILE|DIR",
    };

    public static T WithPricing<T>(this T command)
        where T : Command
    {
        command.Add(Files);
        return command;
    }

    /// <summary>The catalogue the options name; an unreadable or invalid file stops the command with its located problems.</summary>
    public static PricingCatalogue Load(Invocation invocation)
    {
        string[] given = invocation.Parse.GetValue(Files) ?? [];
        IReadOnlyList<string> files = given.Length > 0
            ? PricingCatalogue.Expand(given.Select(path => Path.GetFullPath(path, invocation.Environment.CurrentDirectory)))
            : PricingCatalogue.ProjectFiles(invocation.Environment.CurrentDirectory);
        PricingCatalogue catalogue = PricingCatalogue.Load(files);
        if (catalogue.Problems.FirstOrDefault(p => p.IsError) is { } error)
        {
            throw new Reports.ReportArgumentException($"{error.Location}: {error.Severity} {error.Id}: {error.Message} (run 'llmcost pricing check' for every problem)");
        }

        return catalogue;
    }
}
