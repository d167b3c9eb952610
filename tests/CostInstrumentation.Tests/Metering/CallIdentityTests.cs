using CostInstrumentation.Tests.Recording;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Metering;

/// <summary>Admission, recording and estimates see a call as the same project, session, tags and price.</summary>
public sealed class CallIdentityTests : PipelineTest
{
    private static readonly MeteredCallSite s_site = new("Shop.Assistant.AskWith", "Assistant.cs:20", null, null, null, ["site-tag"], null, null);

    [Theory]
    [InlineData(null, "shop")] // the default project
    [InlineData("checkout", "checkout")] // the context's project wins over the default
    public void EstimateAdmissionAndRecording_ResolveTheSameCall(string? contextProject, string expectedProject)
    {
        Assert.Equal(Provider, Price(Model).Provider); // registers the test prices
        InMemoryCostSink sink = new();
        LlmBudget project = new(BudgetScope.Project, expectedProject, BudgetPeriod.Day, 1m);
        LlmBudget session = new(BudgetScope.Session, "s-1", BudgetPeriod.Day, 1m);
        LlmBudget tag = new(BudgetScope.Tag, "context-tag", BudgetPeriod.Day, 1m);
        LlmBudget provider = new(BudgetScope.Provider, Provider, BudgetPeriod.Day, 1m);
        LlmCostPipeline pipeline = Pipeline(options =>
        {
            options.DefaultProject = "shop";
            options.AddSink(sink).AddBudget(project).AddBudget(session).AddBudget(tag).AddBudget(provider);
        });

        using (LlmCostContext.Begin(project: contextProject, sessionId: "s-1", "context-tag"))
        {
            LlmCostEstimate estimate = pipeline.Estimate(Model, 1_000, 1_000);
            LlmAdmission admission = pipeline.Admit(s_site, Model, sessionId: null);
            List<LlmBudgetStatus> whileRunning = OwnStatus(pipeline);
            pipeline.Completed(s_site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), Model, null, null, admission);

            Assert.Equal([project, session, tag, provider], estimate.ApplicableBudgets.Select(s => s.Budget).Where(b => !LlmDeclaredBudgets.All.Contains(b)));
            Assert.All(whileRunning, s => Assert.Equal(0.004m, s.ReservedUsd));
        }

        LlmCallRecord record = Assert.Single(sink.Records);
        Assert.Equal((Provider, expectedProject, "s-1", 0.0014m), (record.Provider, record.Project, record.SessionId, record.CostUsd));
        Assert.Equal(["site-tag", "context-tag"], record.Tags);
        Assert.All(OwnStatus(pipeline), s => Assert.Equal((0.0014m, 0m), (s.SpentUsd, s.ReservedUsd)));
    }
}
