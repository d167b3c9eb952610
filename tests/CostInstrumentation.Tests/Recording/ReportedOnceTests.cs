using CostInstrumentation.Tests.Budgets;

namespace CostInstrumentation.Tests.Recording;

/// <summary>Problems reported once per key (an unpriced model, a call site): the keys remembered are bounded.</summary>
[Collection(TrackerCollection.Name)]
public sealed class ReportedOnceTests
{
    [Fact]
    public void DistinctRunTimeKeys_DoNotGrowMemoryWithoutBound_AndTheCutOffIsReportedOnce()
    {
        // Models from [LlmModel] arguments are run-time values: each unpriced one used to be remembered for ever.
        List<string> reported = [];
        EventHandler<LlmCostErrorEventArgs> onError = (_, e) =>
        {
            if (e.Message.Contains("once-test-", StringComparison.Ordinal))
            {
                lock (reported)
                {
                    reported.Add(e.Message);
                }
            }
        };
        LlmCostTracker.ClearReportedOnce();
        LlmCostTracker.Error += onError;
        try
        {
            for (int i = 0; i < LlmCostTracker.MaxReportedOnce + 500; i++)
            {
                LlmCostTracker.ReportError(LlmCostErrorKind.ModelNotPriced, $"Model 'once-test-{i}' is in no price table.", onceKey: "once-test-" + i);
                LlmCostTracker.ReportError(LlmCostErrorKind.ModelNotPriced, $"Model 'once-test-{i}' is in no price table.", onceKey: "once-test-" + i);
            }

            Assert.InRange(LlmCostTracker.ReportedOnceCount, 1, LlmCostTracker.MaxReportedOnce + Enum.GetValues<LlmCostErrorKind>().Length);
            // Tests of other classes may report once-only problems meanwhile, taking a few of the slots.
            Assert.InRange(reported.Count, LlmCostTracker.MaxReportedOnce - 100, LlmCostTracker.MaxReportedOnce + 1);
            Assert.Contains("further ModelNotPriced problems are not reported", reported[^1], StringComparison.Ordinal);
        }
        finally
        {
            LlmCostTracker.Error -= onError;
            LlmCostTracker.ClearReportedOnce();
        }
    }
}
