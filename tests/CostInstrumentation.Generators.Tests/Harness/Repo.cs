using CostInstrumentation.Generators.Pricing.Emit;
using CostInstrumentation.Generators.Pricing.Model;
using CostInstrumentation.Generators.Pricing.Parse;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>Paths in the repository and direct access to the generator's stages.</summary>
internal static class Repo
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "CostInstrumentation.sln")))
        {
            directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar));
        }

        return directory ?? throw new InvalidOperationException("CostInstrumentation.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The folder that holds CostInstrumentation.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>The real LiteLLM snapshot, kept in tests/data (read only; never modify it).</summary>
    public static string LiteLlmSnapshot => Path.Combine(Root, "tests", "data", "litellm-model-prices-2026-07-24.json");

    /// <summary>A fixture file copied to the output folder.</summary>
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name), Encoding.UTF8);
}

/// <summary>The generator's stages called directly (no driver).</summary>
internal static class Stages
{
    public static PricingFile Parse(string text, string path = "/project/pricing/test.json", bool isDefault = false) =>
        PricingFileParser.Parse(path, SourceText.From(text, Encoding.UTF8), isDefault, CancellationToken.None);

    public static PriceCatalog Merge(params PricingFile[] files) => CatalogMerger.Merge(files.ToImmutableArray(), CancellationToken.None);

    public static PriceCatalog Catalog(string text) => Merge(Parse(text));

    /// <summary>A runtime table built from the generator's table text, as generated code would build it.</summary>
    public static PriceTable Table(PriceCatalog catalog)
    {
        return new PriceTable("test", PriceTableEmitter.TableText(catalog));
    }

    public static PriceTable Table(string text) => Table(Catalog(text));

    public static ModelPriceDefinition Definition(PriceTable table, string model)
    {
        Assert.True(table.TryGetPrice(model, out ModelPrice? price), $"Model '{model}' is not in the table");
        return price.Definition;
    }
}
