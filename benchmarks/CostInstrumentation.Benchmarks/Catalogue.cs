using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using CostInstrumentation.Generators.Pricing.Emit;
using CostInstrumentation.Generators.Pricing.Model;
using CostInstrumentation.Generators.Pricing.Parse;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Benchmarks;

/// <summary>The real LiteLLM catalogue, and the table the generator would compile from it.</summary>
internal static class Catalogue
{
    /// <summary>Realistic runtime model strings: OpenAI, Anthropic, Google, Azure, DeepSeek, Mistral, and one miss.</summary>
    public static readonly string[] LookupIds =
    [
        "gpt-4o",
        "gpt-4o-mini",
        "gpt-4.1",
        "gpt-5",
        "o3",
        "o4-mini",
        "claude-sonnet-4-5",
        "claude-sonnet-4-5-20250929",
        "claude-opus-4-1",
        "gemini-2.5-pro",
        "gemini/gemini-2.5-flash",
        "text-embedding-3-small",
        "azure/gpt-4o",
        "deepseek-chat",
        "mistral/mistral-large-latest",
        "contoso-finetune-gpt4o-eastus", // a miss: a private deployment name no catalogue knows
    ];

    public const string Miss = "contoso-finetune-gpt4o-eastus";

    /// <summary>The catalogue file: LLM_BENCHMARK_CATALOGUE, else the path the project was built with.</summary>
    public static string FilePath =>
        Environment.GetEnvironmentVariable("LLM_BENCHMARK_CATALOGUE") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : typeof(Catalogue).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LlmBenchmarkCatalogue").Value!;

    public static string ReadText()
    {
        string path = FilePath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The LiteLLM catalogue is not at '{path}'. Set LLM_BENCHMARK_CATALOGUE or build with -p:LlmBenchmarkCatalogue=<path>.", path);
        }

        return File.ReadAllText(path);
    }

    /// <summary>What the generator does before emitting: parse the file, merge it (alone) into a catalogue.</summary>
    public static PriceCatalog Merge(string text)
    {
        PricingFile file = PricingFileParser.Parse(FilePath, SourceText.From(text), isDefault: false, CancellationToken.None);
        return CatalogMerger.Merge(ImmutableArray.Create(file), CancellationToken.None);
    }

    /// <summary>The UTF-8 table text the generator would put in <c>LlmPriceTable.Data</c>.</summary>
    public static string TableText() => PriceTableEmitter.TableText(Merge(ReadText()));

    /// <summary>A table over <paramref name="data"/>, built as the generated module initializer builds it.</summary>
    public static PriceTable NewTable(string data) => new("benchmark", data, typeof(Catalogue).Assembly);

    /// <summary>Copies of the ids, so no lookup wins by reference equality with an interned key.</summary>
    public static string[] FreshLookupIds() => [.. LookupIds.Select(id => new string(id.AsSpan()))];
}
