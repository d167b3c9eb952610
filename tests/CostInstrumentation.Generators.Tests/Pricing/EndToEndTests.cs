using System.Reflection;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>The generated table compiled, loaded and registered with the runtime, as a consuming program sees it.</summary>
public sealed class EndToEndTests
{
    private const string Catalogue = """
        {
          "as_of": "2026-07-24",
          "providers": {
            "e2e-openai": {
              "e2e/gpt-unique-7f3a": {
                "input": 2.5, "output": 10, "cache_read": 1.25,
                "context_window": 128000, "max_output": 16384,
                "aliases": ["e2e/gpt-unique-7f3a-2024-08-06"],
                "batch": { "input": 1.25, "output": 5 }
              },
              "e2e/long-unique-7f3a": {
                "input": 1.25, "output": 10,
                "long_context": [ { "above": 272000, "input": 2.5, "output": 20 } ]
              }
            }
          }
        }
        """;

    [Fact]
    public void GeneratedTable_CompilesWarningFree_Loads_AndRegistersWithLlmPricing()
    {
        GeneratorRun run = GeneratorHarness.RunText(Catalogue, "e2e.json", new Dictionary<string, string> { ["llmcost.stale_pricing_days"] = "0" })
            .AssertHealthy()
            .AssertNoDiagnostics();
        Assert.Equal(new[] { "LlmPriceTable.g.cs" }, run.Sources.Keys);

        Assert.False(LlmPricing.TryGetPrice("e2e/gpt-unique-7f3a", out _));
        Assembly assembly = CompiledTable.LoadAndInitialize(run);

        Type generated = assembly.GetType("CostInstrumentation.Generated.LlmPriceTable", throwOnError: true)!;
        Assert.True(generated.IsAbstract && generated.IsSealed && !generated.IsPublic, "LlmPriceTable should be an internal static class");
        Assert.Equal(2, (int)generated.GetField("ModelCount", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!);
        string version = (string)generated.GetField("Version", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Assert.StartsWith("2026-07-24+", version, StringComparison.Ordinal);

        PriceTable table = Assert.Single(LlmPricing.Tables, t => t.Owner == assembly);
        Assert.Equal(version, table.Version);
        Assert.Equal(2, table.ModelCount);

        Assert.True(LlmPricing.TryGetPrice("e2e/gpt-unique-7f3a", out ModelPrice? price));
        Assert.Equal("e2e-openai", price.Provider);
        Assert.Equal(0.0000025m, price.BaseRates.Input);
        Assert.Equal(0.00001m, price.BaseRates.Output);
        Assert.Equal(0.00000125m, price.BaseRates.CacheRead);
        Assert.Equal(0.0000025m, price.BaseRates.CacheWrite); // no cache-write rate: the input rate, never 0
        Assert.Equal(128000L, price.Definition.MaxInputTokens);
        Assert.Equal(16384L, price.Definition.MaxOutputTokens);

        // 1,000 input (200 cached) + 500 output: 800 × 0.0000025 + 200 × 0.00000125 + 500 × 0.00001 = 0.00725 USD.
        Assert.Equal(0.00725m, price.Cost(new LlmUsage(1_000, 500, CachedInputTokens: 200)));
        Assert.Equal(1_000 * 0.00000125m + 500 * 0.000005m, price.Cost(new LlmUsage(1_000, 500), ServiceTier.Batch));

        Assert.True(LlmPricing.TryGetPrice("e2e/gpt-unique-7f3a-2024-08-06", out ModelPrice? byAlias));
        Assert.Same(price, byAlias);

        Assert.True(LlmPricing.TryGetPrice("e2e/long-unique-7f3a", out ModelPrice? longContext));
        Assert.Equal(0.00000125m, longContext.RatesFor(272_000).Input);
        Assert.Equal(0.0000025m, longContext.RatesFor(272_001).Input);
        Assert.Equal(272_001 * 0.0000025m + 1_000 * 0.00002m, longContext.Cost(new LlmUsage(272_001, 1_000)));

        Assert.False(LlmPricing.TryGetPrice("e2e/not-in-the-table-7f3a", out _));
    }

    [Fact]
    public void GeneratedSource_IsValidCSharp_WithNoDiagnosticsOfItsOwn()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new PricingInput("/p/own.json", Repo.Fixture("own.json")),
            new PricingInput("/p/litellm.json", Repo.Fixture("litellm-subset.json")),
            new PricingInput("/p/per1k.json", Repo.Fixture("per1k.json"))).AssertHealthy();
        Microsoft.CodeAnalysis.SyntaxTree tree = run.OutputCompilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("LlmPriceTable.g.cs", StringComparison.Ordinal));
        Assert.Empty(tree.GetDiagnostics());
        Assert.Empty(run.OutputCompilation.GetSemanticModel(tree).GetDiagnostics());
    }
}
