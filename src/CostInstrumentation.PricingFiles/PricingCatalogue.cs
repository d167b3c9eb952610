using System.IO;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Emit;
using CostInstrumentation.Generators.Pricing.Model;
using CostInstrumentation.Generators.Pricing.Parse;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.PricingFiles;

/// <summary>
/// Pricing files read, validated and merged exactly as the build does it (the generator's parser and merger, linked), and
/// compiled into the runtime's <see cref="PriceTable"/>, so a price shown or applied here is the one a build would compile.
/// </summary>
public sealed class PricingCatalogue
{
    private PricingCatalogue(IReadOnlyList<string> sources, string asOf, PriceTable table, IReadOnlyList<PricingProblem> problems)
    {
        Sources = sources;
        AsOf = asOf;
        Table = table;
        Problems = problems;
    }

    /// <summary>The files merged, in order (a later one overrides an earlier one per model).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The newest <c>as_of</c> among the sources ("" when none states one).</summary>
    public string AsOf { get; }

    /// <summary>The merged prices, as the runtime reads a generated table.</summary>
    public PriceTable Table { get; }

    /// <summary>Every problem found, file by file.</summary>
    public IReadOnlyList<PricingProblem> Problems { get; }

    /// <summary>Whether a problem is an error (a build would fail on it).</summary>
    public bool HasErrors => Problems.Any(p => p.IsError);

    /// <summary>Every model id and alias, for "did you mean".</summary>
    public IEnumerable<string> Names => Table.Prices.SelectMany(price => price.Definition.Aliases.Prepend(price.Model));

    /// <summary>The shipped default next to the running tool (<c>pricing/default-pricing.json</c>).</summary>
    public static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "pricing", "default-pricing.json");

    /// <summary>
    /// The files a command reads when it is given none: the shipped default, then <c>pricing/**/*.json</c> of the current
    /// directory (what a project's build reads), in ordinal path order.
    /// </summary>
    public static IReadOnlyList<string> ProjectFiles(string currentDirectory)
    {
        string folder = Path.Combine(currentDirectory, "pricing");
        IEnumerable<string> project = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
        return [DefaultFile, .. project];
    }

    /// <summary>Expands folders to their <c>*.json</c> files (ordinal order) and keeps files as given.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths) =>
        [.. paths.SelectMany(path => Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : Enumerable.Repeat(path, 1))];

    /// <summary>Reads and merges <paramref name="files"/> in order; a file that cannot be read is a located LLMC006 problem, as in a build.</summary>
    public static PricingCatalogue Load(IReadOnlyList<string> files) =>
        Merge(files.Select(file => (file, File.Exists(file) ? File.ReadAllText(file) : null)));

    /// <summary>Reads one pricing text that did not come from a file (a downloaded catalogue), named <paramref name="name"/> in problems.</summary>
    public static PricingCatalogue FromText(string name, string text) => Merge([(name, text)]);

    private static PricingCatalogue Merge(IEnumerable<(string Name, string? Text)> sources)
    {
        List<PricingFile> parsed = [];
        List<PricingProblem> problems = [];
        foreach ((string name, string? text) in sources)
        {
            PricingFile result = PricingFileParser.Parse(name, text is null ? null : SourceText.From(text), isDefault: false, CancellationToken.None);
            parsed.Add(result);
            problems.AddRange(result.Diagnostics.Select(d => PricingProblem.From(d.ToDiagnostic(), name)));
        }

        PriceCatalog catalog = CatalogMerger.Merge([.. parsed], CancellationToken.None);
        string data = PriceTableEmitter.TableText(catalog);
        return new PricingCatalogue([.. parsed.Select(p => p.Path)], catalog.AsOf, new PriceTable(PriceTableEmitter.TableVersion(catalog, data), data), problems);
    }

    /// <summary>The price of a model id or alias.</summary>
    public ModelPrice? Find(string model) => Table.TryGetPrice(model, out ModelPrice? price) ? price : null;

    /// <summary>"; did you mean 'gpt-4o'?" for a name the catalogue does not price ("" when nothing is near).</summary>
    public string Suggest(string model) => NearestNames.Suggestion(NearestNames.Find(model, Names));
}
