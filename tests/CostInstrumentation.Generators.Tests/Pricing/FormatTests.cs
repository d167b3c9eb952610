using CostInstrumentation.Generators.Json;
using CostInstrumentation.Generators.Pricing.Model;
using CostInstrumentation.Generators.Pricing.Parse;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>The three pricing formats: detection, and exact per-token rates.</summary>
public sealed class FormatTests
{
    [Fact]
    public void OwnFormat_PerMillionPrices_BecomeExactPerTokenRates()
    {
        string json = Repo.Fixture("own.json");
        GeneratorRun run = GeneratorHarness.RunText(json, "own.json").AssertHealthy().AssertNoDiagnostics();
        Assert.NotNull(run.PriceTableSource);

        PriceTable table = Stages.Table(json);
        ModelPriceDefinition gpt4o = Stages.Definition(table, "own/gpt-4o");
        Assert.Equal("openai", gpt4o.Provider);
        Assert.Equal("chat", gpt4o.Mode);
        Assert.Equal(0.0000025m, gpt4o.Rates.Input);
        Assert.Equal(0.00001m, gpt4o.Rates.Output);
        Assert.Equal(0.00000125m, gpt4o.Rates.CacheRead);
        Assert.Null(gpt4o.Rates.CacheWrite);
        Assert.Null(gpt4o.Rates.Reasoning);
        Assert.Equal(128000L, gpt4o.MaxInputTokens);
        Assert.Equal(16384L, gpt4o.MaxOutputTokens);
        Assert.Equal(new[] { "my-azure-gpt4o-deployment", "own/gpt-4o-2024-08-06" }, gpt4o.Aliases.OrderBy(a => a, StringComparer.Ordinal));
        Assert.NotNull(gpt4o.Batch);
        Assert.Equal(0.00000125m, gpt4o.Batch!.Rates.Input);
        Assert.Equal(0.000005m, gpt4o.Batch.Rates.Output);
        Assert.Equal(0.00000425m, gpt4o.Priority!.Rates.Input);
        Assert.Equal(0.000017m, gpt4o.Priority.Rates.Output);
        Assert.Equal(0.000002125m, gpt4o.Priority.Rates.CacheRead);
        Assert.Null(gpt4o.Flex);

        ModelPriceDefinition gpt5 = Stages.Definition(table, "own/gpt-5");
        ContextTier tier = Assert.Single(gpt5.ContextTiers);
        Assert.Equal(272000L, tier.AboveInputTokens);
        Assert.Equal(0.0000025m, tier.Rates.Input);
        Assert.Equal(0.00002m, tier.Rates.Output);
        Assert.Equal(0.00000025m, tier.Rates.CacheRead);

        ModelPriceDefinition qwen = Stages.Definition(table, "own/qwen-plus");
        Assert.Equal(new DateOnly(2027, 1, 31), qwen.DeprecationDate);
        Assert.Equal("own/qwen3-plus", qwen.Successor);
        Assert.Collection(
            qwen.RangeTiers,
            t =>
            {
                Assert.Equal((0L, (long?)256000L), (t.Start, t.End));
                Assert.Equal((0.0000004m, 0.0000012m, 0.000004m), (t.Rates.Input!.Value, t.Rates.Output!.Value, t.Rates.Reasoning!.Value));
            },
            t =>
            {
                Assert.Equal((256000L, (long?)1000000L), (t.Start, t.End));
                Assert.Equal((0.0000012m, 0.0000036m, 0.000012m), (t.Rates.Input!.Value, t.Rates.Output!.Value, t.Rates.Reasoning!.Value));
            });
    }

    [Fact]
    public void OwnFormat_Input25_IsExactly0_0000025PerToken_AndPricesACall()
    {
        PriceTable table = Stages.Table("""{ "providers": { "openai": { "m": { "input": 2.5, "output": 10 } } } }""");
        Assert.True(table.TryGetPrice("m", out ModelPrice? price));
        Assert.Equal(0.0000025m, price.Definition.Rates.Input);
        Assert.Equal("0.0000025", price.Definition.Rates.Input!.Value.ToString(CultureInfo.InvariantCulture));

        // 1,000,000 input and 1,000,000 output tokens cost exactly the per-1M prices.
        Assert.Equal(12.5m, price.Cost(new LlmUsage(1_000_000, 1_000_000)));
    }

    [Fact]
    public void PerThousandFormat_IsDetected_AndRatesAreExact()
    {
        string json = Repo.Fixture("per1k.json");
        PricingFile file = Stages.Parse(json);
        Assert.Equal(PricingFormat.PerThousand, file.Format);
        Assert.Empty(file.Diagnostics);
        GeneratorHarness.RunText(json, "per1k.json").AssertHealthy().AssertNoDiagnostics();

        PriceTable table = Stages.Table(json);
        ModelPriceDefinition gpt4o = Stages.Definition(table, "k/gpt-4o");
        Assert.Equal(0.0000025m, gpt4o.Rates.Input);
        Assert.Equal(0.00001m, gpt4o.Rates.Output);
        Assert.Equal(128000L, gpt4o.MaxInputTokens);
        Assert.Null(gpt4o.MaxOutputTokens);
        Assert.Equal("openai", gpt4o.Provider);

        ModelPriceDefinition mini = Stages.Definition(table, "k/gpt-4o-mini");
        Assert.Equal(0.00000015m, mini.Rates.Input);
        Assert.Equal(0.0000006m, mini.Rates.Output);
        Assert.Equal(0.000000075m, mini.Rates.CacheRead);
        Assert.Equal(16384L, mini.MaxOutputTokens);

        ModelPriceDefinition claude = Stages.Definition(table, "k/claude-sonnet");
        Assert.Equal(0.000003m, claude.Rates.Input);
        Assert.Equal(0.000015m, claude.Rates.Output);
        Assert.Equal(0.0000003m, claude.Rates.CacheRead);
        Assert.Equal(0.00000375m, claude.Rates.CacheWrite);
        Assert.Equal(0.000015m, claude.Rates.Reasoning);
    }

    [Fact]
    public void LiteLlmFormat_PerTokenRates_AreReadFromTheirTextExactly()
    {
        string json = Repo.Fixture("litellm-subset.json");
        PricingFile file = Stages.Parse(json);
        Assert.Equal(PricingFormat.LiteLlm, file.Format);
        Assert.Empty(file.Diagnostics);
        Assert.Equal("2026-07-24", file.AsOf);

        PriceTable table = Stages.Table(json);
        ModelPriceDefinition gpt4o = Stages.Definition(table, "gpt-4o");
        Assert.Equal(0.0000025m, gpt4o.Rates.Input);
        Assert.Equal(0.00001m, gpt4o.Rates.Output);
        Assert.Equal(0.00000125m, gpt4o.Rates.CacheRead);
        Assert.Equal(0.00000125m, gpt4o.Batch!.Rates.Input);
        Assert.Equal(0.000005m, gpt4o.Batch.Rates.Output);
        Assert.Equal(0.00000425m, gpt4o.Priority!.Rates.Input);
        Assert.Equal(0.000017m, gpt4o.Priority.Rates.Output);
        Assert.Equal(0.000002125m, gpt4o.Priority.Rates.CacheRead);
        Assert.Equal(128000L, gpt4o.MaxInputTokens);
        Assert.Equal(16384L, gpt4o.MaxOutputTokens);
        Assert.Equal("openai", gpt4o.Provider);

        // Float noise is kept digit for digit, never rounded to a double.
        ModelPriceDefinition databricks = Stages.Definition(table, "databricks/databricks-claude-sonnet-4");
        Assert.Equal(0.0000029999900000000002m, databricks.Rates.Input);
        Assert.Equal(0.000015000020000000002m, databricks.Rates.Output);

        // 'input_cost_per_token_cache_hit' is the cache-read rate.
        ModelPriceDefinition deepseek = Stages.Definition(table, "deepseek/deepseek-chat");
        Assert.NotNull(deepseek.Rates.CacheRead);

        // Long-context tiers and cache writes.
        ModelPriceDefinition sonnet = Stages.Definition(table, "anthropic.claude-sonnet-4-5-20250929-v1:0");
        Assert.Equal(0.000003m, sonnet.Rates.Input);
        Assert.Equal(0.00000375m, sonnet.Rates.CacheWrite);
        ContextTier above = Assert.Single(sonnet.ContextTiers);
        Assert.Equal(200000L, above.AboveInputTokens);
        Assert.Equal(0.000006m, above.Rates.Input);

        // Priority long-context tiers.
        ModelPriceDefinition gpt54 = Stages.Definition(table, "azure_ai/gpt-5.4");
        Assert.Contains(gpt54.Priority!.ContextTiers, t => t.AboveInputTokens == 272000);
        Assert.Contains(gpt54.ContextTiers, t => t.AboveInputTokens == 272000);

        // Tier tables.
        ModelPriceDefinition qwen = Stages.Definition(table, "dashscope/qwen-plus-2025-09-11");
        Assert.Equal(2, qwen.RangeTiers.Count);
        Assert.Equal(0.0000004m, qwen.RangeTiers[0].Rates.Input);
        Assert.Equal(0.000004m, qwen.RangeTiers[0].Rates.Reasoning);
        Assert.Equal(1000000L, qwen.RangeTiers[1].End);

        // Limits written as 2000000.0, max_tokens as the output limit when max_output_tokens is missing.
        Assert.Equal(2000000L, Stages.Definition(table, "xai/grok-4-1-fast").MaxInputTokens);
        ModelPriceDefinition titan = Stages.Definition(table, "amazon.titan-embed-text-v1");
        Assert.Equal("embedding", titan.Mode);

        Assert.Equal(new DateOnly(2026, 2, 27), Stages.Definition(table, "azure/eu/gpt-4o-2024-08-06").DeprecationDate);
    }

    [Fact]
    public void LiteLlmFormat_PerThousandEquivalent_0_0025Per1K_Equals_2_5eMinus6PerToken()
    {
        PriceTable perThousand = Stages.Table("""{ "p": { "m": { "input_cost_per_1k": 0.0025, "output_cost_per_1k": 0.01 } } }""");
        PriceTable liteLlm = Stages.Table("""{ "m": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "p", "mode": "chat" } }""");
        PriceTable own = Stages.Table("""{ "providers": { "p": { "m": { "input": 2.5, "output": 10 } } } }""");
        foreach (PriceTable table in new[] { perThousand, liteLlm, own })
        {
            ModelPriceDefinition definition = Stages.Definition(table, "m");
            Assert.Equal(0.0000025m, definition.Rates.Input);
            Assert.Equal(0.00001m, definition.Rates.Output);
        }
    }

    [Fact]
    public void LiteLlm_CacheHitSpelling_IsTheCacheReadRate_UnlessCacheReadIsGiven()
    {
        const string Json = """
            {
              "only-hit": { "input_cost_per_token": 1e-06, "input_cost_per_token_cache_hit": 1e-07, "litellm_provider": "x" },
              "both": { "input_cost_per_token": 1e-06, "input_cost_per_token_cache_hit": 1e-07, "cache_read_input_token_cost": 2e-07, "litellm_provider": "x" },
              "both-reversed": { "cache_read_input_token_cost": 2e-07, "input_cost_per_token_cache_hit": 1e-07, "input_cost_per_token": 1e-06, "litellm_provider": "x" }
            }
            """;
        GeneratorHarness.RunText(Json).AssertHealthy().AssertNoDiagnostics();
        PriceTable table = Stages.Table(Json);
        Assert.Equal(0.0000001m, Stages.Definition(table, "only-hit").Rates.CacheRead);
        Assert.Equal(0.0000002m, Stages.Definition(table, "both").Rates.CacheRead);
        Assert.Equal(0.0000002m, Stages.Definition(table, "both-reversed").Rates.CacheRead);
    }

    [Fact]
    public void LiteLlm_ServiceTierLongContextAndReasoningFields_MapToTheirScopes()
    {
        const string Json = """
            { "m": {
                "litellm_provider": "x", "mode": "responses",
                "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "output_cost_per_reasoning_token": 3e-06,
                "cache_creation_input_token_cost": 4e-06,
                "input_cost_per_token_above_200k_tokens": 5e-06, "cache_read_input_token_cost_above_200k_tokens": 6e-07,
                "input_cost_per_token_flex": 5e-07, "output_cost_per_token_batches": 1e-06,
                "input_cost_per_token_above_272k_tokens_priority": 9e-06 } }
            """;
        ModelPriceDefinition d = Stages.Definition(Stages.Table(Json), "m");
        Assert.Equal("responses", d.Mode);
        Assert.Equal((0.000001m, 0.000002m, 0.000003m, 0.000004m), (d.Rates.Input!.Value, d.Rates.Output!.Value, d.Rates.Reasoning!.Value, d.Rates.CacheWrite!.Value));
        ContextTier above = Assert.Single(d.ContextTiers);
        Assert.Equal((200000L, 0.000005m, 0.0000006m), (above.AboveInputTokens, above.Rates.Input!.Value, above.Rates.CacheRead!.Value));
        Assert.Equal(0.0000005m, d.Flex!.Rates.Input);
        Assert.Equal(0.000001m, d.Batch!.Rates.Output);
        Assert.True(d.Priority!.Rates.IsEmpty);
        ContextTier priority = Assert.Single(d.Priority.ContextTiers);
        Assert.Equal((272000L, 0.000009m), (priority.AboveInputTokens, priority.Rates.Input!.Value));
    }

    [Fact]
    public void LiteLlm_SampleSpecAndLastUpdated_AreIgnored()
    {
        string json = Repo.Fixture("litellm-subset.json");
        PriceTable table = Stages.Table(json);
        Assert.False(table.TryGetPrice("sample_spec", out _));
        Assert.False(table.TryGetPrice("last_updated", out _));
        Assert.DoesNotContain(Stages.Catalog(json).Entries, e => e.Model is "sample_spec" or "last_updated");
    }

    [Fact]
    public void LiteLlm_EntriesWithoutPerTokenPrice_AreSkippedQuietly()
    {
        string json = Repo.Fixture("litellm-subset.json");
        GeneratorHarness.RunText(json, "litellm.json").AssertHealthy().AssertNoDiagnostics();
        PriceTable table = Stages.Table(json);
        Assert.False(table.TryGetPrice("1024-x-1024/dall-e-2", out _)); // image generation
        Assert.False(table.TryGetPrice("assemblyai/best", out _)); // audio transcription
        Assert.False(table.TryGetPrice("exa_ai/search", out _)); // tiered_pricing with only per-query prices
        Assert.True(table.TryGetPrice("gpt-4o", out _));
    }

    [Fact]
    public void LiteLlm_TieredPricingWithOnlyPerQueryPrices_IsSkippedWithoutDiagnostic()
    {
        const string Json = """
            {
              "search/engine": {
                "litellm_provider": "search",
                "mode": "search",
                "tiered_pricing": [
                  { "input_cost_per_query": 0.005, "max_results_range": [0, 25] },
                  { "input_cost_per_query": 0.025, "max_results_range": [26, 100] }
                ]
              },
              "chat/model": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "litellm_provider": "x", "mode": "chat" }
            }
            """;
        GeneratorRun run = GeneratorHarness.RunText(Json).AssertHealthy().AssertNoDiagnostics();
        PriceTable table = Stages.Table(Json);
        Assert.False(table.TryGetPrice("search/engine", out _));
        Assert.True(table.TryGetPrice("chat/model", out _));
        Assert.NotNull(run.PriceTableSource);
    }

    [Fact]
    public void LiteLlm_ModelPricedOnlyThroughTieredPricing_IsPriced()
    {
        const string Json = """
            { "t/m": { "litellm_provider": "t", "mode": "chat", "tiered_pricing": [
                { "input_cost_per_token": 1e-07, "output_cost_per_token": 2e-07, "range": [0, 32000.0] },
                { "input_cost_per_token": 3e-07, "output_cost_per_token": 4e-07, "range": [32000.0, 128000.0] } ] } }
            """;
        ModelPriceDefinition definition = Stages.Definition(Stages.Table(Json), "t/m");
        Assert.True(definition.Rates.IsEmpty);
        Assert.Equal(2, definition.RangeTiers.Count);
        Assert.Equal((32000L, (long?)128000L), (definition.RangeTiers[1].Start, definition.RangeTiers[1].End));
        Assert.Equal(0.0000003m, definition.RangeTiers[1].Rates.Input);
    }

    [Theory]
    [InlineData("""{ "providers": { } }""", "Own")]
    [InlineData("""{ "format": "costinstrumentation-pricing/1", "providers": { "p": { "m": { "input": 1 } } } }""", "Own")]
    [InlineData("""{ "sample_spec": { } }""", "LiteLlm")]
    [InlineData("""{ "m": { "litellm_provider": "openai" } }""", "LiteLlm")]
    [InlineData("""{ "m": { "input_cost_per_token": 1e-06 } }""", "LiteLlm")]
    [InlineData("""{ "m": { "output_cost_per_token": 1e-06 } }""", "LiteLlm")]
    [InlineData("""{ "openai": { "m": { "input_cost_per_1k": 0.001 } } }""", "PerThousand")]
    [InlineData("""{ "openai": { "m": { "output_cost_per_1k": 0.001 } } }""", "PerThousand")]
    [InlineData("""{ "openai": { "m": { "price": 1 } } }""", "Unrecognised")]
    [InlineData("""[ 1, 2 ]""", "Unrecognised")]
    [InlineData("""{ }""", "Unrecognised")]
    [InlineData("""{ "providers": [ ] }""", "Unrecognised")]
    [InlineData("\"text\"", "Unrecognised")]
    public void Format_IsDetectedFromTheShapeOfTheTopLevel(string json, string expectedFormat)
    {
        PricingFormat expected = Enum.Parse<PricingFormat>(expectedFormat);
        JsonNode? root = JsonParser.Parse(json, out JsonSyntaxError? error);
        Assert.Null(error);
        Assert.Equal(expected, PricingFileParser.Detect(root!));
        Assert.Equal(expected, Stages.Parse(json).Format);
    }

    [Fact]
    public void Format_IsNotDetectedFromTheFileName()
    {
        const string Json = """{ "openai": { "m": { "input_cost_per_1k": 0.001, "output_cost_per_1k": 0.002 } } }""";
        Assert.Equal(PricingFormat.PerThousand, Stages.Parse(Json, "/x/model_prices_and_context_window.json").Format);
        Assert.Equal(PricingFormat.PerThousand, Stages.Parse(Json, "/x/costinstrumentation.json").Format);
    }

    [Fact]
    public void NonPricingAdditionalFiles_AreNotRead()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new[] { new PricingInput("/project/notes.json", "this is not json", isPricing: false) },
            globalOptions: null).AssertHealthy().AssertNoDiagnostics();
        Assert.Null(run.PriceTableSource);
    }

    [Fact]
    public void WithoutTheRuntimeReference_NoTableIsEmitted_ButDiagnosticsAreStillReported()
    {
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation bare = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Bare",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(GeneratorHarness.UserSource, GeneratorHarness.ParseOptions) },
            GeneratorHarness.References.Where(r => !string.Equals(Path.GetFileName(r.Display), "CostInstrumentation.dll", StringComparison.OrdinalIgnoreCase)),
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        GeneratorRun run = GeneratorHarness.Run(
            new[] { new PricingInput("/p/a.json", """{ "providers": { "p": { "m": { "input": -1, "output": 1 } } } }""") },
            globalOptions: null,
            bare);
        Assert.Null(run.PriceTableSource);
        Assert.Single(run.WithId("LLMC003"));
        Assert.Null(run.Result.Exception);
    }
}
