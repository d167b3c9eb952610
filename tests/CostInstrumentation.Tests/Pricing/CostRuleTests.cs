namespace CostInstrumentation.Tests.Pricing;

/// <summary>
/// The formula and the base-rate fallbacks of docs/cost-rules.md, applied by <see cref="ModelPrice"/>.
/// Every expected value is computed by hand; the comment next to it shows the arithmetic.
/// </summary>
public sealed class CostRuleTests
{
    private static ModelPrice Price(RateCard rates) => new(new ModelPriceDefinition { Model = "rule-test", Rates = rates });

    [Fact]
    public void PlainInputAndOutputAreBilledAtTheirRates()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0.00001m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 500));

        // 1000 × 0.0000025 = 0.0025; 500 × 0.00001 = 0.005; total 0.0075
        Assert.Equal(0.0075m, cost);
    }

    [Fact]
    public void ZeroUsageCostsNothing()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0.00001m });

        Assert.Equal(0m, price.Cost(new LlmUsage(0, 0)));
    }

    [Fact]
    public void CacheReadsAreBilledAtTheCacheReadRate()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0.00001m, CacheRead = 0.00000025m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 0, CachedInputTokens: 400));

        // fresh (1000 − 400) × 0.0000025 = 0.0015; cached 400 × 0.00000025 = 0.0001; total 0.0016
        Assert.Equal(0.0016m, cost);
    }

    [Fact]
    public void CacheWritesAreBilledAtTheCacheWriteRate()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0.00001m, CacheWrite = 0.000003125m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 0, CacheWriteInputTokens: 200));

        // fresh (1000 − 200) × 0.0000025 = 0.002; written 200 × 0.000003125 = 0.000625; total 0.002625
        Assert.Equal(0.002625m, cost);
    }

    [Fact]
    public void EveryTermOfTheFormulaIsApplied()
    {
        ModelPrice price = Price(new RateCard
        {
            Input = 0.0000025m,
            Output = 0.00001m,
            CacheRead = 0.00000025m,
            CacheWrite = 0.000003125m,
            Reasoning = 0.00002m,
        });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 500, CachedInputTokens: 300, CacheWriteInputTokens: 200, ReasoningTokens: 100));

        // fresh (1000 − 300 − 200) = 500 × 0.0000025  = 0.00125
        // cached 300 × 0.00000025                      = 0.000075
        // written 200 × 0.000003125                    = 0.000625
        // plain output (500 − 100) = 400 × 0.00001     = 0.004
        // reasoning 100 × 0.00002                      = 0.002
        // total                                        = 0.00795
        Assert.Equal(0.00795m, cost);
    }

    [Fact]
    public void CacheReadsWithoutACacheReadRateCostTheInputRateNotZero()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0.00001m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 0, CachedInputTokens: 400));

        // all 1000 input tokens at 0.0000025 (600 fresh + 400 cached at the input rate) = 0.0025
        // (LiteLLM would charge 600 × 0.0000025 = 0.0015)
        Assert.Equal(0.0025m, cost);
        Assert.Equal(0.0000025m, price.BaseRates.CacheRead);
    }

    [Fact]
    public void CacheWritesWithoutACacheWriteRateCostTheInputRateNotZero()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0.00001m, CacheRead = 0.00000025m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 0, CachedInputTokens: 100, CacheWriteInputTokens: 300));

        // fresh 600 × 0.0000025 = 0.0015; cached 100 × 0.00000025 = 0.000025;
        // written 300 at the input rate × 0.0000025 = 0.00075; total 0.002275
        Assert.Equal(0.002275m, cost);
        Assert.Equal(0.0000025m, price.BaseRates.CacheWrite);
    }

    [Fact]
    public void ReasoningIsBilledAtTheReasoningRateAndTheRestOfTheOutputAtTheOutputRate()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0.00001m, Reasoning = 0.00002m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 0, OutputTokens: 500, ReasoningTokens: 100));

        // plain (500 − 100) × 0.00001 = 0.004; reasoning 100 × 0.00002 = 0.002; total 0.006
        Assert.Equal(0.006m, cost);
    }

    [Fact]
    public void ReasoningWithoutAReasoningRateIsBilledAtTheOutputRate()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0.00001m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 0, OutputTokens: 500, ReasoningTokens: 100));

        // all 500 output tokens at 0.00001 = 0.005
        Assert.Equal(0.005m, cost);
        Assert.Equal(0.00001m, price.BaseRates.Reasoning);
    }

    [Fact]
    public void AMissingInputRateIsZeroAndSoAreTheCacheRatesThatFallBackToIt()
    {
        ModelPrice price = Price(new RateCard { Output = 0.00001m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 10, CachedInputTokens: 100, CacheWriteInputTokens: 100));

        // input rate 0 (stated nowhere); 10 × 0.00001 = 0.0001
        Assert.Equal(0.0001m, cost);
        Assert.Equal(new TokenRates(Input: 0m, Output: 0.00001m, CacheRead: 0m, CacheWrite: 0m, Reasoning: 0.00001m), price.BaseRates);
    }

    [Fact]
    public void AMissingOutputRateIsZeroAndSoIsTheReasoningRateThatFallsBackToIt()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000001m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 300, ReasoningTokens: 100));

        // 1000 × 0.0000001 = 0.0001; output rate 0
        Assert.Equal(0.0001m, cost);
        Assert.Equal(new TokenRates(Input: 0.0000001m, Output: 0m, CacheRead: 0.0000001m, CacheWrite: 0.0000001m, Reasoning: 0m), price.BaseRates);
    }

    [Fact]
    public void ADefinitionWithNoRatesIsRejected()
    {
        ModelPriceDefinition definition = new() { Model = "no-rates-model" };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ModelPrice(definition));

        Assert.Contains("no-rates-model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADefinitionWithAnExplicitlyEmptyRateCardIsRejected()
    {
        ModelPriceDefinition definition = new() { Model = "empty-card-model", Rates = new RateCard() };

        Assert.Throws<ArgumentException>(() => new ModelPrice(definition));
    }

    [Fact]
    public void ANullDefinitionIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new ModelPrice(null!));
    }

    [Fact]
    public void AStatedZeroRateIsARateNotAMissingOne()
    {
        // A free cache read is stated as 0 and must not fall back to the input rate.
        ModelPrice price = Price(new RateCard { Input = 0.000001m, Output = 0.000002m, CacheRead = 0m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 0, CachedInputTokens: 1000));

        // 0 fresh; 1000 cached × 0 = 0
        Assert.Equal(0m, cost);
    }

    [Fact]
    public void TheModelPriceExposesItsDefinition()
    {
        ModelPriceDefinition definition = new() { Model = "exposed-model", Provider = "acme", Rates = new RateCard { Input = 0.000001m } };

        ModelPrice price = new(definition);

        Assert.Same(definition, price.Definition);
        Assert.Equal("exposed-model", price.Model);
        Assert.Equal("acme", price.Provider);
    }

    // ---- exactness ----

    [Fact]
    public void ARateWithManySignificantDigitsIsMultipliedExactly()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000029999900000000002m, Output = 0m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1_000_000, OutputTokens: 0));

        // 1,000,000 × 0.0000029999900000000002 = 2.9999900000000002 (a double would give 2.99999)
        Assert.Equal(2.9999900000000002m, cost);
    }

    [Fact]
    public void TwoBillionTokensLoseNoPrecision()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000029999900000000002m, Output = 0.00001m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 2_000_000_000, OutputTokens: 2_000_000_000));

        // input  2,000,000,000 × 0.0000029999900000000002 = 2000 × 2.9999900000000002 = 5999.9800000000004
        // output 2,000,000,000 × 0.00001                 = 20000
        // total                                          = 25999.9800000000004
        Assert.Equal(25999.9800000000004m, cost);
    }

    [Fact]
    public void TheLargestTokenCountIsPricedExactly()
    {
        ModelPrice price = Price(new RateCard { Input = 0.0000025m, Output = 0m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: long.MaxValue, OutputTokens: 0));

        // 9223372036854775807 × 25 = 230584300921369395175; ÷ 10^7 = 23058430092136.9395175
        Assert.Equal(23058430092136.9395175m, cost);
    }

    [Fact]
    public void SmallCostsAreNotRoundedAway()
    {
        ModelPrice price = Price(new RateCard { Input = 0.00000001m, Output = 0.00000003m });

        decimal cost = price.Cost(new LlmUsage(InputTokens: 1, OutputTokens: 1));

        // 1 × 0.00000001 + 1 × 0.00000003 = 0.00000004
        Assert.Equal(0.00000004m, cost);
    }
}
