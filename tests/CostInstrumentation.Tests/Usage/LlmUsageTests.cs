namespace CostInstrumentation.Tests.Usage;

/// <summary>The canonical usage invariants and their enforcement when pricing.</summary>
public sealed class LlmUsageTests
{
    private static readonly ModelPrice Price = new(new ModelPriceDefinition
    {
        Model = "usage-test",
        Rates = new RateCard { Input = 0.000001m, Output = 0.000002m },
    });

    [Fact]
    public void OptionalCountsDefaultToZero()
    {
        LlmUsage usage = new(InputTokens: 12, OutputTokens: 34);

        Assert.Equal(0, usage.CachedInputTokens);
        Assert.Equal(0, usage.CacheWriteInputTokens);
        Assert.Equal(0, usage.ReasoningTokens);
    }

    [Fact]
    public void TotalTokensIsInputPlusOutput()
    {
        LlmUsage usage = new(InputTokens: 1000, OutputTokens: 500, CachedInputTokens: 300, CacheWriteInputTokens: 100, ReasoningTokens: 200);

        // 1000 + 500 (subsets are already included)
        Assert.Equal(1500, usage.TotalTokens);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0)]
    [InlineData(1000, 500, 0, 0, 0)]
    [InlineData(1000, 500, 400, 600, 500)] // cached + cache write == input, reasoning == output
    [InlineData(1000, 500, 1000, 0, 0)]
    [InlineData(1000, 500, 0, 1000, 0)]
    [InlineData(long.MaxValue, long.MaxValue, long.MaxValue, 0, long.MaxValue)]
    public void ValidUsageValidatesToNull(long input, long output, long cached, long cacheWrite, long reasoning)
    {
        Assert.Null(new LlmUsage(input, output, cached, cacheWrite, reasoning).Validate());
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, 0)]
    [InlineData(0, -2, 0, 0, 0)]
    [InlineData(10, 0, -3, 0, 0)]
    [InlineData(10, 0, 0, -4, 0)]
    [InlineData(10, 10, 0, 0, -5)]
    public void ANegativeCountIsInvalidAndTheMessageNamesIt(long input, long output, long cached, long cacheWrite, long reasoning)
    {
        string? error = new LlmUsage(input, output, cached, cacheWrite, reasoning).Validate();

        Assert.NotNull(error);
        long negative = new[] { input, output, cached, cacheWrite, reasoning }.Single(n => n < 0);
        Assert.Contains(negative.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Fact]
    public void CachedPlusCacheWriteAboveInputIsInvalidAndTheMessageNamesTheNumbers()
    {
        // 600 + 500 = 1100 > 1000
        string? error = new LlmUsage(InputTokens: 1000, OutputTokens: 0, CachedInputTokens: 600, CacheWriteInputTokens: 500).Validate();

        Assert.NotNull(error);
        Assert.Contains("600", error, StringComparison.Ordinal);
        Assert.Contains("500", error, StringComparison.Ordinal);
        Assert.Contains("1000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CachedAloneAboveInputIsInvalid()
    {
        Assert.NotNull(new LlmUsage(InputTokens: 1000, OutputTokens: 0, CachedInputTokens: 1001).Validate());
    }

    [Fact]
    public void CacheWriteAloneAboveInputIsInvalid()
    {
        Assert.NotNull(new LlmUsage(InputTokens: 1000, OutputTokens: 0, CacheWriteInputTokens: 1001).Validate());
    }

    [Fact]
    public void HugeSubsetsWhoseSumWouldOverflowAreStillInvalid()
    {
        // long.MaxValue + 1 overflows a long; the check must still see that the subsets exceed the input.
        string? error = new LlmUsage(InputTokens: long.MaxValue, OutputTokens: 0, CachedInputTokens: long.MaxValue, CacheWriteInputTokens: 1).Validate();

        Assert.NotNull(error);
    }

    [Fact]
    public void ReasoningAboveOutputIsInvalidAndTheMessageNamesTheNumbers()
    {
        string? error = new LlmUsage(InputTokens: 10, OutputTokens: 55, ReasoningTokens: 77).Validate();

        Assert.NotNull(error);
        Assert.Contains("77", error, StringComparison.Ordinal);
        Assert.Contains("55", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, 0, "-1")]
    [InlineData(1000, 0, 600, 500, 0, "600")]
    [InlineData(10, 55, 0, 0, 77, "77")]
    public void PricingInvalidUsageThrowsInsteadOfPricingIt(long input, long output, long cached, long cacheWrite, long reasoning, string named)
    {
        LlmUsage usage = new(input, output, cached, cacheWrite, reasoning);

        ArgumentException error = Assert.Throws<ArgumentException>(() => Price.Cost(usage));

        Assert.Equal("usage", error.ParamName);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("priority")]
    public void InvalidUsageIsRejectedAtEveryServiceTier(string serviceTier)
    {
        LlmUsage usage = new(InputTokens: 10, OutputTokens: 55, ReasoningTokens: 77);

        Assert.Throws<ArgumentException>(() => Price.Cost(usage, serviceTier));
        Assert.Throws<ArgumentException>(() => Price.Cost(usage, ServiceTier.Flex));
    }

    [Fact]
    public void AValidUsageAtTheLimitsIsPriced()
    {
        // every input token cached or written, every output token reasoning: 1000 × 0.000001 + 500 × 0.000002 = 0.002
        decimal cost = Price.Cost(new LlmUsage(InputTokens: 1000, OutputTokens: 500, CachedInputTokens: 400, CacheWriteInputTokens: 600, ReasoningTokens: 500));

        Assert.Equal(0.002m, cost);
    }
}
