namespace CostInstrumentation.Tests.Recording;

/// <summary><see cref="LlmCostTracker.Use"/>: a pipeline owned elsewhere (dependency injection's) lent to the shims.</summary>
[Collection(TrackerCollection.Name)]
public sealed class TrackerUseTests : PipelineTest
{
    private static readonly MeteredCallSite Site = new("Tests.Bot.Ask", "Bot.cs:1", "tracker-use-model", null, null, null, null, null);

    [Fact]
    public void ShimsRecordToTheLentPipeline_UntilItIsHandedBack()
    {
        InMemoryCostSink sink = new();
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(sink));
        List<LlmCostErrorEventArgs> errors = [];
        EventHandler<LlmCostErrorEventArgs> onError = (_, e) => errors.Add(e);
        LlmCostTracker.Error += onError;
        try
        {
            using (LlmCostTracker.Use(pipeline))
            {
                Shim();
                Assert.Single(sink.Records);
                Assert.Contains(errors, e => e.Kind == LlmCostErrorKind.ModelNotPriced); // its problems reach the tracker's event
            }

            Shim();
            Assert.Single(sink.Records);
        }
        finally
        {
            LlmCostTracker.Error -= onError;
        }
    }

    [Fact]
    public void HandingBackAfterConfigureReplacedItLeavesTheNewConfigurationInForce()
    {
        InMemoryCostSink lentSink = new();
        InMemoryCostSink configuredSink = new();
        IDisposable lease = LlmCostTracker.Use(Pipeline(options => options.AddSink(lentSink)));
        try
        {
            LlmCostTracker.Configure(options => options.AddSink(configuredSink));
            lease.Dispose();
            Shim();

            Assert.Single(configuredSink.Records);
            Assert.Empty(lentSink.Records);
        }
        finally
        {
            LlmCostTracker.Configure(_ => { });
        }
    }

    [Fact]
    public void AReplacedLentPipelineNoLongerRaisesTheTrackersEvents()
    {
        LlmCostPipeline first = Pipeline(_ => { });
        List<LlmCostErrorEventArgs> errors = [];
        EventHandler<LlmCostErrorEventArgs> onError = (_, e) => errors.Add(e);
        LlmCostTracker.Error += onError;
        try
        {
            using (LlmCostTracker.Use(first))
            using (LlmCostTracker.Use(Pipeline(_ => { })))
            {
                first.Completed(Site, LlmCallMeter.Start(), new LlmUsage(1, 1), null, null, null, default);
                Assert.Empty(errors);
            }
        }
        finally
        {
            LlmCostTracker.Error -= onError;
        }
    }

    private static void Shim() =>
        LlmCallMeter.Completed(Site, LlmCallMeter.Start(), new LlmUsage(10, 10), null, null, null, LlmCallMeter.Admit(Site, null, null));
}
