namespace CostInstrumentation.Tests.Pricing;

/// <summary>Tier tables (LiteLLM's <c>tiered_pricing</c>, <see cref="RangeTier"/>): selection and fallbacks.</summary>
public sealed class TierTableTests
{
    // (0, 128000]: 0.000001 in / 0.000005 out; (128000, 256000]: 0.000002 in / 0.00001 out. No top-level rates.
    private static readonly RangeTier[] TwoClosedTiers =
    [
        new RangeTier(0, 128_000, new RateCard { Input = 0.000001m, Output = 0.000005m }),
        new RangeTier(128_000, 256_000, new RateCard { Input = 0.000002m, Output = 0.00001m }),
    ];

    private static ModelPrice Price(IReadOnlyList<RangeTier> tiers, RateCard? rates = null) =>
        new(new ModelPriceDefinition { Model = "tier-table-test", Rates = rates ?? RateCard.None, RangeTiers = tiers });

    [Fact]
    public void AModelWithNoTopLevelRatesIsPricedByItsTiers()
    {
        ModelPrice price = Price(TwoClosedTiers);

        Assert.Equal(0.000001m, price.BaseRates.Input);
        Assert.Equal(0.000005m, price.BaseRates.Output);
    }

    [Fact]
    public void AtTheEndOfARangeThatRangeApplies()
    {
        ModelPrice price = Price(TwoClosedTiers);

        decimal cost = price.Cost(new LlmUsage(InputTokens: 128_000, OutputTokens: 1000));

        // first tier: 128000 × 0.000001 = 0.128; 1000 × 0.000005 = 0.005; total 0.133
        Assert.Equal(0.133m, cost);
    }

    [Fact]
    public void OneAboveTheEndOfARangeTheNextRangeAppliesToTheWholeCall()
    {
        ModelPrice price = Price(TwoClosedTiers);

        decimal cost = price.Cost(new LlmUsage(InputTokens: 128_001, OutputTokens: 1000));

        // second tier: 128001 × 0.000002 = 0.256002; 1000 × 0.00001 = 0.01; total 0.266002
        Assert.Equal(0.266002m, cost);
    }

    [Fact]
    public void AtTheEndOfTheLastRangeTheLastTierApplies()
    {
        ModelPrice price = Price(TwoClosedTiers);

        decimal cost = price.Cost(new LlmUsage(InputTokens: 256_000, OutputTokens: 1000));

        // second tier: 256000 × 0.000002 = 0.512; 1000 × 0.00001 = 0.01; total 0.522
        Assert.Equal(0.522m, cost);
    }

    [Fact]
    public void AboveTheLastRangeTheLastTierApplies()
    {
        ModelPrice price = Price(TwoClosedTiers);

        decimal cost = price.Cost(new LlmUsage(InputTokens: 300_000, OutputTokens: 1000));

        // last tier: 300000 × 0.000002 = 0.6; 1000 × 0.00001 = 0.01; total 0.61
        Assert.Equal(0.61m, cost);
    }

    [Fact]
    public void AtZeroInputTheFirstTierApplies()
    {
        ModelPrice price = Price(TwoClosedTiers);

        decimal cost = price.Cost(new LlmUsage(InputTokens: 0, OutputTokens: 1000));

        // first tier: 0 input; 1000 × 0.000005 = 0.005
        Assert.Equal(0.005m, cost);
    }

    [Fact]
    public void AtOrBelowTheFirstStartTheFirstTierApplies()
    {
        RangeTier[] tiers =
        [
            new RangeTier(1000, 2000, new RateCard { Input = 0.000001m, Output = 0.000005m }),
            new RangeTier(2000, null, new RateCard { Input = 0.000003m, Output = 0.000015m }),
        ];
        ModelPrice price = Price(tiers);

        // first tier: 500 × 0.000001 = 0.0005; 10 × 0.000005 = 0.00005; total 0.00055
        Assert.Equal(0.00055m, price.Cost(new LlmUsage(500, 10)));

        // first tier: 1000 × 0.000001 = 0.001; 10 × 0.000005 = 0.00005; total 0.00105
        Assert.Equal(0.00105m, price.Cost(new LlmUsage(1000, 10)));

        // open-ended second tier: 2001 × 0.000003 = 0.006003; 10 × 0.000015 = 0.00015; total 0.006153
        Assert.Equal(0.006153m, price.Cost(new LlmUsage(2001, 10)));
    }

    [Fact]
    public void MissingCacheRatesCostTheTiersInput()
    {
        // The model's top-level cache read rate must not be used for a tier: the tier's input is.
        ModelPrice price = Price(TwoClosedTiers, new RateCard { CacheRead = 0.0000001m });

        decimal first = price.Cost(new LlmUsage(InputTokens: 100_000, OutputTokens: 0, CachedInputTokens: 40_000, CacheWriteInputTokens: 10_000));
        decimal second = price.Cost(new LlmUsage(InputTokens: 200_000, OutputTokens: 0, CachedInputTokens: 40_000, CacheWriteInputTokens: 10_000));

        // first tier: all 100000 input tokens at 0.000001 = 0.1
        Assert.Equal(0.1m, first);

        // second tier: all 200000 input tokens at 0.000002 = 0.4
        Assert.Equal(0.4m, second);
    }

    [Fact]
    public void StatedTierCacheRatesAreUsed()
    {
        RangeTier[] tiers =
        [
            new RangeTier(0, 128_000, new RateCard { Input = 0.000001m, Output = 0.000005m, CacheRead = 0.0000001m, CacheWrite = 0.00000125m }),
            new RangeTier(128_000, null, new RateCard { Input = 0.000002m, Output = 0.00001m, CacheRead = 0.0000002m, CacheWrite = 0.0000025m }),
        ];
        ModelPrice price = Price(tiers);

        decimal cost = price.Cost(new LlmUsage(InputTokens: 200_000, OutputTokens: 0, CachedInputTokens: 100_000, CacheWriteInputTokens: 50_000));

        // fresh 50000 × 0.000002 = 0.1; cached 100000 × 0.0000002 = 0.02; written 50000 × 0.0000025 = 0.125; total 0.245
        Assert.Equal(0.245m, cost);
    }

    [Fact]
    public void AMissingTierOutputRateFallsBackToTheModelsOutputRate()
    {
        RangeTier[] tiers =
        [
            new RangeTier(0, 128_000, new RateCard { Input = 0.000001m }),
            new RangeTier(128_000, null, new RateCard { Input = 0.000002m, Output = 0.00001m }),
        ];
        ModelPrice price = Price(tiers, new RateCard { Output = 0.00003m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 100));

        // 1000 × 0.000001 = 0.001; 100 × 0.00003 (model output) = 0.003; total 0.004
        Assert.Equal(0.004m, cost);
    }

    [Fact]
    public void AStatedTierReasoningRateIsUsed()
    {
        RangeTier[] tiers =
        [
            new RangeTier(0, 128_000, new RateCard { Input = 0.000001m, Output = 0.000005m, Reasoning = 0.00005m }),
            new RangeTier(128_000, null, new RateCard { Input = 0.000002m, Output = 0.00001m }),
        ];
        ModelPrice price = Price(tiers, new RateCard { Reasoning = 0.00004m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 1000, ReasoningTokens: 200));

        // 1000 × 0.000001 = 0.001; plain 800 × 0.000005 = 0.004; reasoning 200 × 0.00005 (tier) = 0.01; total 0.015
        Assert.Equal(0.015m, cost);
    }

    [Fact]
    public void AMissingTierReasoningRateFallsBackToTheModelsReasoningRate()
    {
        ModelPrice price = Price(TwoClosedTiers, new RateCard { Reasoning = 0.00004m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 1000, ReasoningTokens: 200));

        // 1000 × 0.000001 = 0.001; plain 800 × 0.000005 = 0.004; reasoning 200 × 0.00004 (model) = 0.008; total 0.013
        Assert.Equal(0.013m, cost);
    }

    [Fact]
    public void ReasoningStatedNowhereCostsTheTiersOutputRate()
    {
        ModelPrice price = Price(TwoClosedTiers);

        decimal first = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 1000, ReasoningTokens: 200));
        decimal second = price.Cost(new LlmUsage(InputTokens: 200_000, OutputTokens: 1000, ReasoningTokens: 200));

        // first tier: 1000 × 0.000001 = 0.001; all 1000 output × 0.000005 = 0.005; total 0.006
        Assert.Equal(0.006m, first);

        // second tier: 200000 × 0.000002 = 0.4; all 1000 output × 0.00001 = 0.01; total 0.41
        Assert.Equal(0.41m, second);
    }

    [Fact]
    public void TiersDeclaredOutOfOrderAreSelectedByRange()
    {
        RangeTier[] tiers = [TwoClosedTiers[1], TwoClosedTiers[0]];
        ModelPrice price = Price(tiers);

        // first tier: 1000 × 0.000001 = 0.001; 10 × 0.000005 = 0.00005; total 0.00105
        Assert.Equal(0.00105m, price.Cost(new LlmUsage(1000, 10)));

        // second tier: 200000 × 0.000002 = 0.4; 10 × 0.00001 = 0.0001; total 0.4001
        Assert.Equal(0.4001m, price.Cost(new LlmUsage(200_000, 10)));
    }

    [Fact]
    public void RangesWithAGapAreRejected()
    {
        RangeTier[] tiers =
        [
            new RangeTier(0, 100_000, new RateCard { Input = 0.000001m }),
            new RangeTier(200_000, null, new RateCard { Input = 0.000002m }),
        ];

        ArgumentException error = Assert.Throws<ArgumentException>(() => Price(tiers));

        Assert.Contains("100000", error.Message, StringComparison.Ordinal);
        Assert.Contains("200000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlappingRangesAreRejected()
    {
        RangeTier[] tiers =
        [
            new RangeTier(0, 200_000, new RateCard { Input = 0.000001m }),
            new RangeTier(100_000, null, new RateCard { Input = 0.000002m }),
        ];

        Assert.Throws<ArgumentException>(() => Price(tiers));
    }

    [Fact]
    public void AnOpenEndedRangeBeforeAnotherRangeIsRejected()
    {
        RangeTier[] tiers =
        [
            new RangeTier(0, null, new RateCard { Input = 0.000001m }),
            new RangeTier(100_000, 200_000, new RateCard { Input = 0.000002m }),
        ];

        Assert.Throws<ArgumentException>(() => Price(tiers));
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("flex")]
    [InlineData("priority")]
    public void ATierTableModelKeepsItsTiersAtEveryServiceTier(string serviceTier)
    {
        ServiceTierRates cheaper = new(new RateCard { Input = 0.0000001m, Output = 0.0000001m }, []);
        ModelPrice price = new(new ModelPriceDefinition
        {
            Model = "tier-table-service-test",
            RangeTiers = TwoClosedTiers,
            Batch = cheaper,
            Flex = cheaper,
            Priority = cheaper,
        });

        // first tier: 1000 × 0.000001 = 0.001; 10 × 0.000005 = 0.00005; total 0.00105
        Assert.Equal(0.00105m, price.Cost(new LlmUsage(1000, 10), serviceTier));

        // second tier: 200000 × 0.000002 = 0.4; 10 × 0.00001 = 0.0001; total 0.4001
        Assert.Equal(0.4001m, price.Cost(new LlmUsage(200_000, 10), serviceTier));
    }
}
