using CostInstrumentation.Tests.Recording;

namespace CostInstrumentation.Tests.Pricing;

/// <summary>
/// <see cref="LlmPricing.Override"/> and <see cref="LlmCostOptions.UsePricingOverride"/>: prices that replace the compiled
/// ones for the models they list. Process-wide, so every model id here is unique to this class.
/// </summary>
public sealed class PricingOverrideTests : PipelineTest
{
    private readonly string _model = "override-test-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void AnOverrideComesBeforeTheCompiledTable_UntilItIsWithdrawn()
    {
        LlmPricing.Register(Table("compiled-v1", "in=0.000001 out=0.000002"));
        PriceTable changed = Table("override-v2", "in=0.000003 out=0.000004");

        using (LlmPricing.Override(changed))
        {
            Assert.True(LlmPricing.TryGetPrice(_model, out ModelPrice? price));
            Assert.Equal(0.007m, price.Cost(new LlmUsage(1_000, 1_000)));
            Assert.Contains(changed, LlmPricing.Overrides);
            Assert.Equal(price.Model, Assert.Single(LlmPricing.GetAllPrices(), p => p.Model == _model && ReferenceEquals(p, price)).Model);
        }

        Assert.True(LlmPricing.TryGetPrice(_model, out ModelPrice? compiled));
        Assert.Equal(0.003m, compiled.Cost(new LlmUsage(1_000, 1_000)));
        Assert.DoesNotContain(changed, LlmPricing.Overrides);
    }

    [Fact]
    public void AFixedModelsCompiledPriceGivesWayToAPipelinesOverride_AndTheRecordCarriesItsVersion()
    {
        ModelPrice compiledConstant = new(new ModelPriceDefinition { Model = _model, Rates = new RateCard { Input = 0.000001m, Output = 0.000002m } });
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", _model, null, null, null, null, compiledConstant);
        InMemoryCostSink sink = new();
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(sink).UsePricingOverride(Table("2026-12-01+override", "in=0.000003 out=0.000004")));

        pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(1_000, 1_000), _model, _model, null, default);
        pipeline.Completed(new MeteredCallSite("Tests.Bot.Other", "Bot.cs:2", "override-test-unlisted", null, null, null, null, null), LlmCallMeter.Start(), new LlmUsage(1, 1), null, null, null, default);

        Assert.Equal(0.007m, sink.Records[0].CostUsd);
        Assert.Equal("2026-12-01+override", sink.Records[0].PricingVersion);
        Assert.Equal(LlmPricing.Version, sink.Records[1].PricingVersion);
    }

    [Fact]
    public async Task APipelinesOverrideEndsWithThePipeline()
    {
        PriceTable table = Table("pipeline-owned", "in=0.000003");
        LlmCostPipeline pipeline = LlmCostPipeline.Create(options => options.UsePricingOverride(table));
        Assert.Contains(table, LlmPricing.Overrides);

        await pipeline.DisposeAsync();

        Assert.DoesNotContain(table, LlmPricing.Overrides);
        Assert.False(LlmPricing.TryGetPrice(_model, out _));
    }

    [Fact]
    public void NullsAreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => LlmPricing.Override(null!));
        Assert.Throws<ArgumentNullException>(() => new LlmCostOptions().UsePricingOverride(null!));
    }

    private PriceTable Table(string version, string rates) =>
        new(version, string.Join("\t", _model, "test", "chat", "", "", "", "", rates));
}
