namespace CostInstrumentation.Contract.Tests;

/// <summary>The one rule for the worst case of one call (docs/cost-rules.md), as LLMC202 and budget reservations use it.</summary>
public sealed class WorstCaseCallTests
{
    [Theory]
    [InlineData(null, null, 128_000L, 16_000L, 128_000L, 16_000L)] // nothing known of the call: the model's limits
    [InlineData(5_000L, null, 128_000L, 16_000L, 5_000L, 16_000L)] // a known input replaces the context window
    [InlineData(null, 1_000L, 128_000L, 16_000L, 128_000L, 1_000L)] // an output cap below the model's maximum
    [InlineData(null, 50_000L, 128_000L, 16_000L, 128_000L, 16_000L)] // a cap above it: the model cannot produce more
    [InlineData(null, 1_000L, 128_000L, null, 128_000L, 1_000L)] // a cap on a model with no stated maximum
    public void TheTokenCounts_FollowTheRule(long? input, long? cap, long? window, long? maxOutput, long expectedInput, long expectedOutput)
    {
        WorstCaseTokens tokens = WorstCaseCall.Tokens(input, cap, window, maxOutput);

        Assert.True(tokens.IsBounded);
        Assert.Equal((expectedInput, expectedOutput), (tokens.InputTokens!.Value, tokens.OutputTokens!.Value));
    }

    [Theory]
    [InlineData(null, 16_000L)] // no context window: the input is unbounded
    [InlineData(128_000L, null)] // no maximum output and no cap
    public void WithoutALimit_TheWorstCaseIsUnbounded(long? window, long? maxOutput) =>
        Assert.False(WorstCaseCall.Tokens(null, null, window, maxOutput).IsBounded);

    [Fact]
    public void AReservation_HoldsTheRulesOutput_PricedWithoutInput()
    {
        ModelPrice price = new(new ModelPriceDefinition
        {
            Model = "contract-reserved",
            MaxInputTokens = 400_000,
            MaxOutputTokens = 32_000,
            Rates = new RateCard { Input = 0.000002m, Output = 0.000008m },
            Priority = new ServiceTierRates(new RateCard { Output = 0.000014m }, []),
        });
        BudgetLedger ledger = new(TimeProvider.System, defaultReservationNano: 7, (_, _) => { });

        Assert.Equal(NanoUsd.From(32_000 * 0.000008m), ledger.Reservation(price, ServiceTier.Standard)); // 0.256 USD, no input
        Assert.Equal(NanoUsd.From(32_000 * 0.000014m), ledger.Reservation(price, ServiceTier.Priority));
        Assert.Equal(7, ledger.Reservation(new ModelPrice(new ModelPriceDefinition { Model = "contract-unbounded", Rates = new RateCard { Output = 1m } }), ServiceTier.Standard));
        Assert.Equal(7, ledger.Reservation(null, ServiceTier.Standard));
    }
}
