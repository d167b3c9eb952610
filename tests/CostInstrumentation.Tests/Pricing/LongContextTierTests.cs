namespace CostInstrumentation.Tests.Pricing;

/// <summary>Long-context tiers (LiteLLM's <c>_above_&lt;N&gt;k_tokens</c>): selection and fallbacks.</summary>
public sealed class LongContextTierTests
{
    private static readonly RateCard PlainBase = new() { Input = 0.000001m, Output = 0.000002m };

    private static ModelPrice Price(RateCard rates, params ContextTier[] tiers) =>
        new(new ModelPriceDefinition { Model = "long-context-test", Rates = rates, ContextTiers = tiers });

    [Fact]
    public void AtExactlyTheThresholdTheBaseRatesApply()
    {
        ModelPrice price = Price(PlainBase, new ContextTier(200_000, new RateCard { Input = 0.000002m, Output = 0.000004m }));

        decimal cost = price.Cost(new LlmUsage(InputTokens: 200_000, OutputTokens: 1000));

        // 200000 × 0.000001 = 0.2; 1000 × 0.000002 = 0.002; total 0.202
        Assert.Equal(0.202m, cost);
    }

    [Fact]
    public void OneTokenAboveTheThresholdTheTierPricesTheWholeCall()
    {
        ModelPrice price = Price(PlainBase, new ContextTier(200_000, new RateCard { Input = 0.000002m, Output = 0.000004m }));

        decimal cost = price.Cost(new LlmUsage(InputTokens: 200_001, OutputTokens: 1000));

        // every input token at the tier: 200001 × 0.000002 = 0.400002; 1000 × 0.000004 = 0.004; total 0.404002
        Assert.Equal(0.404002m, cost);
    }

    [Fact]
    public void WithSeveralTiersTheLargestExceededThresholdApplies()
    {
        // Declared out of order on purpose: selection must not depend on the order of the list.
        ModelPrice price = Price(
            PlainBase,
            new ContextTier(200_000, new RateCard { Input = 0.000004m, Output = 0.000006m }),
            new ContextTier(128_000, new RateCard { Input = 0.000002m, Output = 0.000003m }));

        // base: 128000 × 0.000001 = 0.128; 100 × 0.000002 = 0.0002; total 0.1282
        Assert.Equal(0.1282m, price.Cost(new LlmUsage(128_000, 100)));

        // 128k tier: 128001 × 0.000002 = 0.256002; 100 × 0.000003 = 0.0003; total 0.256302
        Assert.Equal(0.256302m, price.Cost(new LlmUsage(128_001, 100)));

        // 128k tier: 200000 × 0.000002 = 0.4; 100 × 0.000003 = 0.0003; total 0.4003
        Assert.Equal(0.4003m, price.Cost(new LlmUsage(200_000, 100)));

        // 200k tier: 200001 × 0.000004 = 0.800004; 100 × 0.000006 = 0.0006; total 0.800604
        Assert.Equal(0.800604m, price.Cost(new LlmUsage(200_001, 100)));

        // 200k tier: 1000000 × 0.000004 = 4; 100 × 0.000006 = 0.0006; total 4.0006
        Assert.Equal(4.0006m, price.Cost(new LlmUsage(1_000_000, 100)));
    }

    [Fact]
    public void RatesForReportsTheTierInForce()
    {
        ModelPrice price = Price(
            PlainBase,
            new ContextTier(128_000, new RateCard { Input = 0.000002m, Output = 0.000003m }),
            new ContextTier(200_000, new RateCard { Input = 0.000004m, Output = 0.000006m }));

        Assert.Equal(0.000001m, price.RatesFor(0).Input);
        Assert.Equal(0.000001m, price.RatesFor(128_000).Input);
        Assert.Equal(0.000002m, price.RatesFor(128_001).Input);
        Assert.Equal(0.000002m, price.RatesFor(200_000).Input);
        Assert.Equal(0.000004m, price.RatesFor(200_001).Input);
        Assert.Equal(0.000001m, price.BaseRates.Input);
    }

    [Fact]
    public void TheTierBillsEveryKindOfTokenOfTheCall()
    {
        ModelPrice price = Price(
            new RateCard { Input = 0.000001m, Output = 0.000002m, CacheRead = 0.0000001m, CacheWrite = 0.00000125m, Reasoning = 0.000003m },
            new ContextTier(200_000, new RateCard { Input = 0.000002m, Output = 0.000004m, CacheRead = 0.0000002m, CacheWrite = 0.0000025m, Reasoning = 0.000006m }));

        decimal cost = price.Cost(new LlmUsage(InputTokens: 300_000, OutputTokens: 2000, CachedInputTokens: 100_000, CacheWriteInputTokens: 50_000, ReasoningTokens: 500));

        // fresh 150000 × 0.000002   = 0.3
        // cached 100000 × 0.0000002 = 0.02
        // written 50000 × 0.0000025 = 0.125
        // plain 1500 × 0.000004     = 0.006
        // reasoning 500 × 0.000006  = 0.003
        // total                     = 0.454
        Assert.Equal(0.454m, cost);
    }

    [Fact]
    public void TierRatesNotStatedFallBackToTheBaseStatedRates()
    {
        // The tier states only its input rate.
        ModelPrice price = Price(
            new RateCard { Input = 0.000001m, Output = 0.000002m, CacheRead = 0.0000001m, CacheWrite = 0.00000125m, Reasoning = 0.000003m },
            new ContextTier(200_000, new RateCard { Input = 0.000002m }));

        decimal cost = price.Cost(new LlmUsage(InputTokens: 300_000, OutputTokens: 2000, CachedInputTokens: 100_000, CacheWriteInputTokens: 50_000, ReasoningTokens: 500));

        // fresh 150000 × 0.000002 (tier)    = 0.3
        // cached 100000 × 0.0000001 (base)  = 0.01
        // written 50000 × 0.00000125 (base) = 0.0625
        // plain 1500 × 0.000002 (base)      = 0.003
        // reasoning 500 × 0.000003 (base)   = 0.0015
        // total                             = 0.377
        Assert.Equal(0.377m, cost);
        Assert.Equal(new TokenRates(Input: 0.000002m, Output: 0.000002m, CacheRead: 0.0000001m, CacheWrite: 0.00000125m, Reasoning: 0.000003m), price.RatesFor(300_000));
    }

    [Fact]
    public void ATierWithoutAnInputRateUsesTheBaseInputRate()
    {
        ModelPrice price = Price(PlainBase, new ContextTier(200_000, new RateCard { Output = 0.000004m }));

        decimal cost = price.Cost(new LlmUsage(InputTokens: 300_000, OutputTokens: 1000));

        // 300000 × 0.000001 (base input) = 0.3; 1000 × 0.000004 (tier output) = 0.004; total 0.304
        Assert.Equal(0.304m, cost);
    }

    [Fact]
    public void CacheRatesStatedNowhereFallBackToTheTiersInputNotTheBaseInput()
    {
        // Neither the base nor the tier states a cache or reasoning rate.
        ModelPrice price = Price(PlainBase, new ContextTier(200_000, new RateCard { Input = 0.000002m, Output = 0.000004m }));

        decimal cost = price.Cost(new LlmUsage(InputTokens: 300_000, OutputTokens: 2000, CachedInputTokens: 100_000, CacheWriteInputTokens: 50_000, ReasoningTokens: 500));

        // every input token (fresh, cached, written) at the tier's input: 300000 × 0.000002 = 0.6
        // every output token (plain, reasoning) at the tier's output: 2000 × 0.000004 = 0.008
        // total 0.608 (the base input 0.000001 for cache tokens would give 0.45 + 0.008)
        Assert.Equal(0.608m, cost);
        Assert.Equal(new TokenRates(Input: 0.000002m, Output: 0.000004m, CacheRead: 0.000002m, CacheWrite: 0.000002m, Reasoning: 0.000004m), price.RatesFor(300_000));
    }

    [Fact]
    public void BelowTheThresholdCacheRatesStillFallBackToTheBaseInput()
    {
        ModelPrice price = Price(PlainBase, new ContextTier(200_000, new RateCard { Input = 0.000002m, Output = 0.000004m }));

        decimal cost = price.Cost(new LlmUsage(InputTokens: 100_000, OutputTokens: 0, CachedInputTokens: 60_000));

        // 100000 × 0.000001 (cache at the base input) = 0.1
        Assert.Equal(0.1m, cost);
    }
}
