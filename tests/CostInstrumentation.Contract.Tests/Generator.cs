extern alias generator;

using generator::CostInstrumentation.Generators.Pricing.Model;
using generator::CostInstrumentation.Generators.Pricing.Parse;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Contract.Tests;

/// <summary>The generator's pricing stages, called directly, and the repository's test data.</summary>
internal static class Generator
{
    private static readonly Lazy<PriceCatalog> s_liteLlm = new(() => Catalog(File.ReadAllText(LiteLlmSnapshot, Encoding.UTF8), "/p/litellm.json"));

    /// <summary>The real LiteLLM catalogue kept in tests/data (2,983 models).</summary>
    public static string LiteLlmSnapshot
    {
        get
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "CostInstrumentation.sln")))
            {
                directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar));
            }

            return Path.Combine(directory ?? throw new InvalidOperationException("CostInstrumentation.sln not found"), "tests", "data", "litellm-model-prices-2026-07-24.json");
        }
    }

    public static PriceCatalog LiteLlm => s_liteLlm.Value;

    public static PriceCatalog Catalog(string json, string path = "/p/pricing.json")
    {
        PricingFile file = PricingFileParser.Parse(path, SourceText.From(json, Encoding.UTF8), isDefault: false, CancellationToken.None);
        Assert.DoesNotContain(file.Diagnostics, d => d.Id is "LLMC001" or "LLMC003" or "LLMC005");
        return CatalogMerger.Merge([file], CancellationToken.None);
    }
}
