namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>A small catalogue with an alias, a context tier and a batch tier, so the pricing routes have every shape to show.</summary>
internal static class TestPrices
{
    public static readonly ModelPrice Gpt4o = new(new ModelPriceDefinition
    {
        Model = "gpt-4o",
        Provider = "openai",
        Mode = "chat",
        MaxOutputTokens = 16_384,
        Rates = new RateCard { Input = 0.0000025m, Output = 0.00001m, CacheRead = 0.00000125m },
        Batch = new ServiceTierRates(new RateCard { Input = 0.00000125m, Output = 0.000005m }, []),
        Aliases = ["gpt-4o-2024-08-06"],
    });

    public static readonly ModelPrice Gpt4oMini = new(new ModelPriceDefinition
    {
        Model = "gpt-4o-mini",
        Provider = "openai",
        MaxOutputTokens = 16_384,
        Rates = new RateCard { Input = 0.00000015m, Output = 0.0000006m },
    });

    public static readonly ModelPrice Sonnet = new(new ModelPriceDefinition
    {
        Model = "claude-sonnet-4-5",
        Provider = "anthropic",
        MaxOutputTokens = 64_000,
        Rates = new RateCard { Input = 0.000003m, Output = 0.000015m, CacheRead = 0.0000003m, CacheWrite = 0.00000375m },
        ContextTiers = [new ContextTier(200_000, new RateCard { Input = 0.000006m, Output = 0.0000225m })],
    });

    public static IReadOnlyList<ModelPrice> All { get; } = [Gpt4o, Gpt4oMini, Sonnet];
}
