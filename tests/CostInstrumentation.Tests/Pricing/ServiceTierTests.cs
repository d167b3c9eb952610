namespace CostInstrumentation.Tests.Pricing;

/// <summary>Service tiers (batch, flex, priority): names, rates and the fallback order of docs/cost-rules.md.</summary>
public sealed class ServiceTierTests
{
    // standard: 0.000002 in / 0.000008 out / 0.0000005 cache read
    // batch:    0.000001 in / 0.000004 out (no cache read rate)
    // flex:     0.000001 in / 0.000004 out / 0.00000025 cache read
    // priority: 0.0000035 in / 0.000014 out / 0.000000875 cache read
    private static readonly ModelPrice AllTiers = new(new ModelPriceDefinition
    {
        Model = "service-tier-test",
        Rates = new RateCard { Input = 0.000002m, Output = 0.000008m, CacheRead = 0.0000005m },
        Batch = new ServiceTierRates(new RateCard { Input = 0.000001m, Output = 0.000004m }, []),
        Flex = new ServiceTierRates(new RateCard { Input = 0.000001m, Output = 0.000004m, CacheRead = 0.00000025m }, []),
        Priority = new ServiceTierRates(new RateCard { Input = 0.0000035m, Output = 0.000014m, CacheRead = 0.000000875m }, []),
    });

    // input 10000 of which 2000 cached, output 1000
    private static readonly LlmUsage Usage = new(InputTokens: 10_000, OutputTokens: 1000, CachedInputTokens: 2000);

    // standard: 8000 × 0.000002 = 0.016; 2000 × 0.0000005 = 0.001; 1000 × 0.000008 = 0.008; total 0.025
    private const decimal StandardCost = 0.025m;

    public static TheoryData<string?> StandardNames => new() { null, "", "standard", "default", "auto", "on_demand", "STANDARD", "Default", "AUTO", "On_Demand" };

    public static TheoryData<string, ServiceTier> TierNames => new()
    {
        { "batch", ServiceTier.Batch },
        { "BATCH", ServiceTier.Batch },
        { "Batch", ServiceTier.Batch },
        { "flex", ServiceTier.Flex },
        { "FLEX", ServiceTier.Flex },
        { "priority", ServiceTier.Priority },
        { "Priority", ServiceTier.Priority },
        { "PRIORITY", ServiceTier.Priority },
    };

    [Fact]
    public void StandardUsesTheBaseRates()
    {
        Assert.Equal(StandardCost, AllTiers.Cost(Usage));
        Assert.Equal(StandardCost, AllTiers.Cost(Usage, ServiceTier.Standard));
    }

    [Fact]
    public void BatchUsesTheBatchRatesAndFallsBackToTheStandardCacheReadRate()
    {
        decimal cost = AllTiers.Cost(Usage, "batch");

        // 8000 × 0.000001 = 0.008; 2000 × 0.0000005 (standard cache read) = 0.001; 1000 × 0.000004 = 0.004; total 0.013
        Assert.Equal(0.013m, cost);
    }

    [Fact]
    public void FlexUsesTheFlexRates()
    {
        decimal cost = AllTiers.Cost(Usage, "flex");

        // 8000 × 0.000001 = 0.008; 2000 × 0.00000025 = 0.0005; 1000 × 0.000004 = 0.004; total 0.0125
        Assert.Equal(0.0125m, cost);
    }

    [Fact]
    public void PriorityUsesThePriorityRates()
    {
        decimal cost = AllTiers.Cost(Usage, "priority");

        // 8000 × 0.0000035 = 0.028; 2000 × 0.000000875 = 0.00175; 1000 × 0.000014 = 0.014; total 0.04375
        Assert.Equal(0.04375m, cost);
    }

    [Fact]
    public void TheEnumOverloadMatchesTheNamedOverload()
    {
        // same arithmetic as the three tests above
        Assert.Equal(0.013m, AllTiers.Cost(Usage, ServiceTier.Batch));
        Assert.Equal(0.0125m, AllTiers.Cost(Usage, ServiceTier.Flex));
        Assert.Equal(0.04375m, AllTiers.Cost(Usage, ServiceTier.Priority));
    }

    [Theory]
    [MemberData(nameof(TierNames))]
    public void ServiceTierNamesIgnoreCase(string name, ServiceTier expected)
    {
        Assert.True(ServiceTierNames.TryParse(name, out ServiceTier tier));
        Assert.Equal(expected, tier);
    }

    [Theory]
    [MemberData(nameof(StandardNames))]
    public void StandardSpellingsParseAsStandard(string? name)
    {
        Assert.True(ServiceTierNames.TryParse(name, out ServiceTier tier));
        Assert.Equal(ServiceTier.Standard, tier);
    }

    [Theory]
    [MemberData(nameof(StandardNames))]
    public void StandardSpellingsAreBilledAtStandardRates(string? name)
    {
        Assert.Equal(StandardCost, AllTiers.Cost(Usage, name));
    }

    [Fact]
    public void NamesAreCaseInsensitiveWhenPricing()
    {
        // see PriorityUsesThePriorityRates and FlexUsesTheFlexRates for the arithmetic
        Assert.Equal(0.04375m, AllTiers.Cost(Usage, "PRIORITY"));
        Assert.Equal(0.0125m, AllTiers.Cost(Usage, "Flex"));
        Assert.Equal(0.013m, AllTiers.Cost(Usage, "BATCH"));
    }

    [Theory]
    [InlineData("turbo")]
    [InlineData("scale")]
    [InlineData("batch ")]
    [InlineData("premium")]
    public void UnknownNamesDoNotParse(string name)
    {
        Assert.False(ServiceTierNames.TryParse(name, out _));
    }

    [Fact]
    public void AnUnknownServiceTierIsRejectedWhenPricing()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => AllTiers.Cost(Usage, "turbo"));

        Assert.Equal("serviceTier", error.ParamName);
        Assert.Contains("turbo", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("flex")]
    [InlineData("priority")]
    public void AModelWithoutThatServiceTierIsBilledAtStandardRates(string name)
    {
        ModelPrice price = new(new ModelPriceDefinition
        {
            Model = "standard-only-test",
            Rates = new RateCard { Input = 0.000002m, Output = 0.000008m, CacheRead = 0.0000005m },
        });

        Assert.Equal(StandardCost, price.Cost(Usage, name));
    }

    [Fact]
    public void OnlyTheDefinedServiceTiersDiffer()
    {
        ModelPrice price = new(new ModelPriceDefinition
        {
            Model = "batch-only-test",
            Rates = new RateCard { Input = 0.000002m, Output = 0.000008m, CacheRead = 0.0000005m },
            Batch = new ServiceTierRates(new RateCard { Input = 0.000001m, Output = 0.000004m }, []),
        });

        // see BatchUsesTheBatchRatesAndFallsBackToTheStandardCacheReadRate
        Assert.Equal(0.013m, price.Cost(Usage, "batch"));
        Assert.Equal(StandardCost, price.Cost(Usage, "flex"));
        Assert.Equal(StandardCost, price.Cost(Usage, "priority"));
    }

    [Fact]
    public void AServiceTierRateNotStatedFallsBackToTheStandardBaseRate()
    {
        ModelPrice price = new(new ModelPriceDefinition
        {
            Model = "batch-input-only-test",
            Rates = new RateCard { Input = 0.000002m, Output = 0.000008m },
            Batch = new ServiceTierRates(new RateCard { Input = 0.000001m }, []),
        });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 1000), "batch");

        // 1000 × 0.000001 (batch) = 0.001; 1000 × 0.000008 (standard output) = 0.008; total 0.009
        Assert.Equal(0.009m, cost);
    }

    // ---- service tiers and long-context tiers ----

    // standard base:      0.000001 in / 0.000004 out / 0.0000001 cache read / 0.00000125 cache write
    // standard @200000:   0.000002 in / 0.000008 out
    // priority base:      0.0000017 in / 0.0000068 out / 0.00000017 cache read
    // priority @200000:   0.0000036 in
    private static readonly ModelPrice LongContext = new(new ModelPriceDefinition
    {
        Model = "service-long-context-test",
        Rates = new RateCard { Input = 0.000001m, Output = 0.000004m, CacheRead = 0.0000001m, CacheWrite = 0.00000125m },
        ContextTiers = [new ContextTier(200_000, new RateCard { Input = 0.000002m, Output = 0.000008m })],
        Priority = new ServiceTierRates(
            new RateCard { Input = 0.0000017m, Output = 0.0000068m, CacheRead = 0.00000017m },
            [new ContextTier(200_000, new RateCard { Input = 0.0000036m })]),
    });

    private static readonly LlmUsage LongUsage = new(InputTokens: 300_000, OutputTokens: 2000, CachedInputTokens: 100_000, CacheWriteInputTokens: 50_000, ReasoningTokens: 500);

    [Fact]
    public void EachLongContextServiceRateFallsBackInTheDocumentedOrder()
    {
        // input:       priority @200000 (stated)                      0.0000036
        // output:      priority @200000 (none) → standard @200000     0.000008
        // cache read:  … → standard @200000 (none) → priority base    0.00000017
        // cache write: … → priority base (none) → standard base       0.00000125
        // reasoning:   stated nowhere → the resolved output           0.000008
        Assert.Equal(new TokenRates(Input: 0.0000036m, Output: 0.000008m, CacheRead: 0.00000017m, CacheWrite: 0.00000125m, Reasoning: 0.000008m), LongContext.RatesFor(300_000, ServiceTier.Priority));

        decimal cost = LongContext.Cost(LongUsage, "priority");

        // fresh 150000 × 0.0000036   = 0.54
        // cached 100000 × 0.00000017 = 0.017
        // written 50000 × 0.00000125 = 0.0625
        // plain 1500 × 0.000008      = 0.012
        // reasoning 500 × 0.000008   = 0.004
        // total                      = 0.6355
        Assert.Equal(0.6355m, cost);
    }

    [Fact]
    public void BelowTheThresholdTheServiceTierBaseRatesApply()
    {
        decimal cost = LongContext.Cost(new LlmUsage(InputTokens: 200_000, OutputTokens: 2000, CachedInputTokens: 100_000, CacheWriteInputTokens: 50_000, ReasoningTokens: 500), "priority");

        // fresh 50000 × 0.0000017            = 0.085
        // cached 100000 × 0.00000017         = 0.017
        // written 50000 × 0.00000125 (std)   = 0.0625
        // plain 1500 × 0.0000068             = 0.0102
        // reasoning 500 × 0.0000068 (output) = 0.0034
        // total                              = 0.1781
        Assert.Equal(0.1781m, cost);
    }

    [Fact]
    public void AServiceTierWithoutLongContextRatesUsesTheStandardLongContextRatesBeforeItsBaseRates()
    {
        ModelPrice price = new(new ModelPriceDefinition
        {
            Model = "batch-long-context-test",
            Rates = new RateCard { Input = 0.000001m, Output = 0.000004m },
            ContextTiers = [new ContextTier(200_000, new RateCard { Input = 0.000002m })],
            Batch = new ServiceTierRates(new RateCard { Input = 0.0000005m, Output = 0.000002m }, []),
        });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 200_001, OutputTokens: 1000), "batch");

        // input:  batch @200000 (none) → standard @200000 0.000002: 200001 × 0.000002 = 0.400002
        // output: batch @200000 (none) → standard @200000 (none) → batch base 0.000002: 1000 × 0.000002 = 0.002
        // total 0.402002
        Assert.Equal(0.402002m, cost);
    }

    [Fact]
    public void AModelWithoutThatServiceTierKeepsItsStandardLongContextTiers()
    {
        decimal cost = LongContext.Cost(LongUsage, "batch");

        // standard @200000: input 0.000002, output 0.000008; cache read/write from the base's stated rates;
        // reasoning from the tier's output
        // fresh 150000 × 0.000002    = 0.3
        // cached 100000 × 0.0000001  = 0.01
        // written 50000 × 0.00000125 = 0.0625
        // plain 1500 × 0.000008      = 0.012
        // reasoning 500 × 0.000008   = 0.004
        // total                      = 0.3885
        Assert.Equal(0.3885m, cost);
        Assert.Equal(0.3885m, LongContext.Cost(LongUsage));
    }

    [Fact]
    public void AServiceTierMayAddALongContextThresholdOfItsOwn()
    {
        ModelPrice price = new(new ModelPriceDefinition
        {
            Model = "priority-threshold-test",
            Rates = new RateCard { Input = 0.000001m, Output = 0.000004m },
            Priority = new ServiceTierRates(
                new RateCard { Input = 0.000002m, Output = 0.000008m },
                [new ContextTier(272_000, new RateCard { Input = 0.000004m })]),
        });

        // priority base: 272000 × 0.000002 = 0.544; 1000 × 0.000008 = 0.008; total 0.552
        Assert.Equal(0.552m, price.Cost(new LlmUsage(272_000, 1000), "priority"));

        // priority @272000: 272001 × 0.000004 = 1.088004; output (no tier rate) at priority base 1000 × 0.000008 = 0.008; total 1.096004
        Assert.Equal(1.096004m, price.Cost(new LlmUsage(272_001, 1000), "priority"));

        // standard has no tier: 272001 × 0.000001 = 0.272001; 1000 × 0.000004 = 0.004; total 0.276001
        Assert.Equal(0.276001m, price.Cost(new LlmUsage(272_001, 1000)));
    }
}
