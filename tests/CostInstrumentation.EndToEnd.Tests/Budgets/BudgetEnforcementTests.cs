using System.Linq;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using CostInstrumentation.EndToEnd.Tests.Metering;

namespace CostInstrumentation.EndToEnd.Tests.Budgets;

/// <summary>[LlmBudget] hard limits through generated shims and the real OpenAI SDK over loopback HTTP.</summary>
[Collection(MeteringCollection.Name)]
public sealed class BudgetEnforcementTests : MeteringTestBase
{
    private BudgetedOpenAi Client() => new(SdkClients.CreateOpenAiClient(OpenAiServer));

    [Fact]
    public async Task AHardLimit_RefusesTheCallBeforeAnyRequest_AndRecordsItBlocked()
    {
        BudgetExceededException refusal = await Assert.ThrowsAsync<BudgetExceededException>(() => Client().AskReasonerAsync("too big"));

        Assert.Empty(OpenAiServer.Requests);
        Assert.Equal((BudgetPeriod.PerCall, 0.5m, 1.28m), (refusal.Budget.Period, refusal.Budget.LimitUsd, refusal.EstimateUsd));
        Assert.Equal("[LlmBudget] on CostInstrumentation.EndToEnd.Tests.Budgets.BudgetedOpenAi.AskReasonerAsync", refusal.Budget.Source);
        LlmCallRecord record = SingleRecord();
        Assert.Equal((LlmCallOutcome.Blocked, "e2e-reasoner", 0m), (record.Outcome, record.Model, record.CostUsd));
        Assert.Equal(typeof(BudgetExceededException).FullName, record.ErrorType);
    }

    [Fact]
    public async Task AHardLimitWithAFallback_CallsTheFallbackModel_AndRecordsIt()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt", "cheaper answer", new OpenAiUsage(1_000, 500));

        var result = await Client().AskAsync("hello", "e2e-reasoner");

        Assert.Equal("cheaper answer", result.Value.Content[0].Text);
        Assert.Contains("\"model\":\"e2e-gpt\"", Assert.Single(OpenAiServer.Requests).Body.Replace(" ", string.Empty, System.StringComparison.Ordinal), System.StringComparison.Ordinal);
        LlmCallRecord record = SingleRecord();
        Assert.Equal((LlmCallOutcome.Ok, "e2e-gpt"), (record.Outcome, record.Model));
        Assert.Equal(0.006m, record.CostUsd); // 1,000 × 0.000002 + 500 × 0.000008
    }

    [Fact]
    public async Task ADailyHardLimit_AdmitsCallsWhileTheirReservationFits_ThenRefuses()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt", "one", new OpenAiUsage(50_000, 10_000)); // 0.1 + 0.08 = 0.18 USD
        OpenAiServer.EnqueueCompletion("e2e-gpt", "two", new OpenAiUsage(50_000, 10_000));

        await Client().AskDailyAsync("1"); // 0 + 0.256 reserved fits 0.5
        await Client().AskDailyAsync("2"); // 0.18 + 0.256 fits
        BudgetExceededException refusal = await Assert.ThrowsAsync<BudgetExceededException>(() => Client().AskDailyAsync("3")); // 0.36 + 0.256 does not

        Assert.Equal(2, OpenAiServer.Requests.Count);
        Assert.Equal((0.36m, 0.256m), (refusal.SpentUsd, refusal.EstimateUsd));
        Assert.Equal([LlmCallOutcome.Ok, LlmCallOutcome.Ok, LlmCallOutcome.Blocked], Sink.Records.Select(r => r.Outcome));
        LlmBudgetStatus status = Assert.Single(LlmCostTracker.GetBudgetStatus(), s => s.Budget.ScopeValue!.EndsWith(".AskDailyAsync", System.StringComparison.Ordinal));
        Assert.Equal((0.36m, 0m, 0.72m), (status.SpentUsd, status.ReservedUsd, status.Fraction));
    }
}
