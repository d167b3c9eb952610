using CostInstrumentation.Tests.Recording;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Budgets;

/// <summary>Budgets a library's module initializer declares after pipelines were built.</summary>
public sealed class DeclaredBudgetsTests : PipelineTest
{
    [Fact]
    public async Task ABudgetDeclaredLater_ReachesEveryLivePipeline_ButNotADisposedOne()
    {
        LlmCostPipeline live = Pipeline(_ => { });
        LlmCostPipeline disposed = Pipeline(_ => { });
        await disposed.DisposeAsync();
        LlmBudget declared = new(BudgetScope.Operation, "Late.Library." + Guid.NewGuid().ToString("N") + ".*", BudgetPeriod.Day, 1m) { Source = "[LlmBudget] on a late library" };

        LlmDeclaredBudgets.Declare(declared);
        live.Record(Call(0.5m, operation: declared.ScopeValue![..^1] + "Ask"));

        Assert.Equal(0.5m, Assert.Single(live.GetBudgetStatus(), s => s.Budget == declared).SpentUsd);
        Assert.DoesNotContain(disposed.GetBudgetStatus(), s => s.Budget == declared);
    }
}
