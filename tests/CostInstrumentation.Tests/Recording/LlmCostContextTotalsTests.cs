namespace CostInstrumentation.Tests.Recording;

/// <summary>
/// <see cref="LlmCostContext.Totals"/> and <see cref="LlmCostContext.LastCall"/>: the cost of a scope so far and of the
/// call just made, in memory, exact, with unknown costs counted apart.
/// </summary>
public sealed class LlmCostContextTotalsTests : PipelineTest
{
    private const string Model = "context-totals-model";

    // 0.15 USD per 1M input tokens, 0.6 per 1M output: per-token rates no binary fraction holds exactly.
    private static readonly ModelPrice Price = new(new ModelPriceDefinition
    {
        Model = Model,
        Rates = new RateCard { Input = 0.00000015m, Output = 0.0000006m },
    });

    private readonly LlmCostPipeline _pipeline;

    public LlmCostContextTotalsTests() => _pipeline = Pipeline(_ => { });

    [Fact]
    public void AScopeAddsUpTheExactCostOfItsCalls_AndKnowsTheLastOne()
    {
        using (LlmCostContext.Begin(sessionId: "conversation-1"))
        {
            LlmCostContext context = LlmCostContext.Current!;
            Assert.Equal(default, context.Totals);
            Assert.Null(context.LastCall);

            Call(input: 1_000, output: 100); // 0.00015 + 0.00006 = 0.00021
            Assert.Equal(0.00021m, context.LastCall?.CostUsd);
            Call(input: 7, output: 3); // 0.00000105 + 0.0000018 = 0.00000285

            Assert.Equal(new LlmCostTotals { Calls = 2, KnownCostUsd = 0.00021285m }, context.Totals);
            Assert.Equal(0.00021285m, context.Totals.CostUsd);
            Assert.Equal(0.00000285m, context.LastCall?.CostUsd);
            Assert.Equal("conversation-1", context.LastCall?.SessionId);
        }
    }

    [Fact]
    public void ACallOfUnknownCostIsCountedApart_NeverAsZero()
    {
        using (LlmCostContext.Begin())
        {
            Call(input: 1_000, output: 100);
            Call(input: 1_000, output: 100, model: "context-totals-unpriced");

            LlmCostTotals totals = LlmCostContext.Current!.Totals;
            Assert.Equal(2, totals.Calls);
            Assert.Equal(1, totals.UnknownCostCalls);
            Assert.Equal(0.00021m, totals.KnownCostUsd);
            Assert.Null(totals.CostUsd);
            Assert.Null(LlmCostContext.Current.LastCall?.CostUsd);
        }
    }

    [Fact]
    public void AnInnerScopesCallsCountInTheOuterScopeToo()
    {
        using (LlmCostContext.Begin(project: "outer"))
        {
            LlmCostContext outer = LlmCostContext.Current!;
            Call(input: 1_000, output: 0);
            using (LlmCostContext.Begin(tags: "tool-call"))
            {
                Call(input: 0, output: 1_000);
                Assert.Equal(new LlmCostTotals { Calls = 1, KnownCostUsd = 0.0006m }, LlmCostContext.Current!.Totals);
            }

            Assert.Equal(new LlmCostTotals { Calls = 2, KnownCostUsd = 0.00075m }, outer.Totals);
            Assert.Equal(["tool-call"], outer.LastCall?.Tags);
        }
    }

    [Fact]
    public async Task TheCallJustMadeIsReadableAfterAwaitingTheMethodThatMadeIt()
    {
        using (LlmCostContext.Begin())
        {
            // A metered async method records inside its own async flow; its caller still sees the record.
            await AskAsync();

            Assert.Equal(0.00021m, LlmCostContext.Current!.LastCall?.CostUsd);
        }

        async Task AskAsync()
        {
            await Task.Yield();
            Call(input: 1_000, output: 100);
        }
    }

    [Fact]
    public async Task ParallelCallsInOneScopeAddUpExactly()
    {
        using (LlmCostContext.Begin())
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => Call(input: 1_000, output: 100))));

            Assert.Equal(new LlmCostTotals { Calls = 200, KnownCostUsd = 200 * 0.00021m }, LlmCostContext.Current!.Totals);
        }
    }

    [Fact]
    public void AStreamCutShortCountsAsALowerBound()
    {
        using (LlmCostContext.Begin())
        {
            MeteredCallSite site = new("Tests.Bot.Stream", "Bot.cs:2", Model, null, null, null, null, Price);
            _pipeline.StreamEnded(site, LlmCallMeter.Start(), new LlmUsage(1_000, 50), finalUsageSeen: false, Model, Model, null, LlmCallOutcome.Cancelled, default);

            Assert.Equal(new LlmCostTotals { Calls = 1, KnownCostUsd = 0.00018m, LowerBoundCalls = 1 }, LlmCostContext.Current!.Totals);
        }
    }

    [Fact]
    public void OutsideAScopeThereIsNoContext_AndRecordingStillWorks()
    {
        Assert.Null(LlmCostContext.Current);
        Call(input: 1, output: 1);
        Assert.Null(LlmCostContext.Current);
    }

    private void Call(long input, long output, string model = Model)
    {
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", model, null, null, null, null, model == Model ? Price : null);
        _pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(input, output), model, model, null, default);
    }
}
