namespace CostInstrumentation.Tests.Recording;

/// <summary>Problems reported once per key (an unpriced model, a call site): the keys remembered are bounded.</summary>
public sealed class ReportedOnceTests : PipelineTest
{
    [Fact]
    public void DistinctRunTimeKeys_DoNotGrowMemoryWithoutBound_AndTheCutOffIsReportedOnce()
    {
        // Models from [LlmModel] arguments are run-time values: each unpriced one used to be remembered for ever.
        List<string> reported = [];
        LlmCostPipeline pipeline = Pipeline(_ => { });
        pipeline.Error += (_, e) => reported.Add(e.Message);
        MeteredCallSite site = new("Tests.Bot.AskWith", "Bot.cs:1", null, null, null, null, null, null);

        for (int i = 0; i < LlmCostErrorReporter.MaxReportedOnce + 500; i++)
        {
            pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(1, 1), "once-test-" + i, null, null, default);
            pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(1, 1), "once-test-" + i, null, null, default);
        }

        // Each model once up to the bound, then one report of the cut-off, then nothing: the pipeline is the test's own.
        Assert.Equal(LlmCostErrorReporter.MaxReportedOnce + 1, reported.Count);
        Assert.Equal(LlmCostErrorReporter.MaxReportedOnce, reported.Distinct().Count(m => m.StartsWith("Model 'once-test-", StringComparison.Ordinal)));
        Assert.Contains("further ModelNotPriced problems are not reported", reported[^1], StringComparison.Ordinal);
    }
}
