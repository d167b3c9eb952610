using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net.Http;
using CostInstrumentation.Cli.Pricing;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost pricing update --from URL|FILE [--to pricing/] [--model M]…</c>: reads a LiteLLM-format catalogue, keeps the
/// models the project prices, records or asks for, writes them in the project's own format to
/// <c>pricing/llmcost-update.json</c> (the next build compiles it) and shows what changed.
/// </summary>
internal static class PricingUpdateCommand
{
    /// <summary>The file the update writes in the <c>--to</c> folder.</summary>
    public const string FileName = "llmcost-update.json";

    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(60);

    private static readonly Option<string> From = new("--from") { Description = "The catalogue: an http(s) URL or a file (LiteLLM's model_prices_and_context_window.json).", HelpName = "URL|FILE", Required = true };

    private static readonly Option<string> To = new("--to") { Description = "The project's pricing folder (default: pricing/).", HelpName = "DIR", DefaultValueFactory = _ => "pricing" };

    private static readonly Option<string[]> Models = new("--model") { Description = "Also keep this model (repeatable); models the database recorded and the folder prices are kept anyway.", HelpName = "MODEL" };

    public static Command Create(CliEnvironment environment)
    {
        Command command = PricingCommands.Formatted(new Command("update", "Fetches a LiteLLM catalogue, keeps the models this project uses, writes them in the project's format and shows the price changes."));
        command.Add(From);
        command.Add(To);
        command.Add(Models);
        command.Add(CommonOptions.Database);
        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        string folder = Path.GetFullPath(invocation.Parse.GetValue(To)!, invocation.Environment.CurrentDirectory);
        string target = Path.Combine(folder, FileName);
        string from = invocation.Parse.GetValue(From)!;
        PricingCatalogue source = PricingCatalogue.FromText(from, Read(from, invocation.Environment.CurrentDirectory));
        if (source.Table.ModelCount == 0)
        {
            invocation.Environment.Error.WriteLine($"llmcost: {from} prices no model: {source.Problems.FirstOrDefault()?.Message ?? "it is empty"}.");
            return ExitCodes.Failure;
        }

        IReadOnlyList<string> projectFiles = Directory.Exists(folder) ? PricingCatalogue.Expand([folder]) : [];
        PricingCatalogue before = PricingCatalogue.Load([PricingCatalogue.DefaultFile, .. projectFiles]);
        List<(string Name, string Why)> wanted = Wanted(invocation, projectFiles);

        ReportTable kept = new("models", "Models kept", [
            new ReportColumn("name", "Asked for", ColumnKind.Text),
            new ReportColumn("reason", "Why", ColumnKind.Text, DropOrder: 1),
            new ReportColumn("model", "Catalogue model", ColumnKind.Text),
            new ReportColumn("note", "Note", ColumnKind.Text),
        ]);
        Dictionary<string, ModelPriceDefinition> keep = new(StringComparer.Ordinal);
        foreach ((string name, string why) in wanted)
        {
            if (source.Find(name) is { } price)
            {
                keep[price.Model] = price.Definition;
                kept.Add(name, why, price.Model, null);
            }
            else
            {
                kept.Add(name, why, null, "not in the catalogue" + source.Suggest(name));
            }
        }

        Directory.CreateDirectory(folder);
        string asOf = invocation.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (FileStream output = File.Create(target))
        {
            OwnFormatWriter.Write(output, keep.Values, asOf, $"{Path.GetFileName(from)} (LiteLLM format), {keep.Count} model(s) kept by llmcost pricing update");
        }

        PricingCatalogue written = PricingCatalogue.Load([target]);
        // The files in the order a build merges them: a project file sorting after the written one overrides it.
        PricingCatalogue after = PricingCatalogue.Load([PricingCatalogue.DefaultFile, .. PricingCatalogue.Expand([folder])]);
        ReportDocument document = PricingCommands.Document(invocation, "pricing update", "Pricing update", after);
        document.Facts.Add(("Catalogue", $"{from} ({source.Table.ModelCount:N0} models)"));
        document.Facts.Add(("Written", $"{Path.GetRelativePath(invocation.Environment.CurrentDirectory, target)} ({keep.Count} model(s), as of {asOf})"));
        document.Tables.Add(kept);
        document.Tables.Add(PricingCommands.ChangeTable(PriceChange.Compare(before, after, keep.ContainsKey)));
        if (written.Problems.Count > 0)
        {
            document.Tables.Add(PricingCommands.ProblemTable(written.Problems, invocation.Environment.CurrentDirectory));
        }

        List<string> overridden = [.. keep.Values.Where(model => after.Find(model.Model)?.Definition.Rates != written.Find(model.Model)?.Definition.Rates).Select(model => model.Model)];
        if (overridden.Count > 0)
        {
            document.Notes.Add($"A project file merged after {FileName} prices {string.Join(", ", overridden)} differently: the build uses that price.");
        }

        document.Notes.Add("The next build compiles the written file; commit it with the code that uses the models.");
        invocation.Render(document);
        return written.HasErrors ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>The models to keep, each once: asked for, then recorded in the database, then priced by the project's own files (not the shipped default).</summary>
    private static List<(string Name, string Why)> Wanted(Invocation invocation, IReadOnlyList<string> projectFiles)
    {
        List<(string, string)> wanted = [.. (invocation.Parse.GetValue(Models) ?? []).Select(m => (m, "asked"))];
        if (invocation.HasDatabase)
        {
            using CostReports reports = invocation.OpenReports();
            wanted.AddRange(reports.Breakdown(ReportPeriod.All(TimeZoneInfo.Utc), ReportDimension.Model, sort: ReportSort.Key).Select(row => (row.Key, "recorded")));
        }

        if (projectFiles.Count > 0)
        {
            wanted.AddRange(PricingCatalogue.Load(projectFiles).Table.Prices.Select(p => (p.Model, "priced in the project")));
        }

        return [.. wanted.DistinctBy(w => w.Item1, StringComparer.Ordinal)];
    }

    /// <summary>The catalogue's text from an http(s) URL or a file.</summary>
    private static string Read(string from, string currentDirectory)
    {
        if (Uri.TryCreate(from, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            using HttpClient client = new() { Timeout = DownloadTimeout };
            try
            {
                return client.GetStringAsync(uri).GetAwaiter().GetResult();
            }
            catch (HttpRequestException exception)
            {
                throw new ReportArgumentException($"Could not download {from}: {exception.Message}");
            }
        }

        string path = Path.GetFullPath(from, currentDirectory);
        return File.Exists(path) ? File.ReadAllText(path) : throw new ReportArgumentException($"No catalogue at {path}: give an http(s) URL or a file.");
    }
}
