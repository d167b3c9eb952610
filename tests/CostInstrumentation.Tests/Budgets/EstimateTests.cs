using CostInstrumentation.Tests.Recording;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Budgets;

/// <summary><see cref="LlmCostPipeline.Estimate"/>: the cost range of a call and whether it fits the budgets.</summary>
public sealed class EstimateTests : PipelineTest
{
    [Fact]
    public void APricedModel_RangesFromItsInputAlone_ToInputPlusMaximumOutput()
    {
        LlmCostPipeline pipeline = Pipeline(_ => { });

        LlmCostEstimate estimate = pipeline.Estimate(Model, 10_000, 500);

        Assert.Equal((Model, true, 0.01m, 0.012m, true), (estimate.Model, estimate.Priced, estimate.MinUsd, estimate.MaxUsd, estimate.FitsBudgets));
    }

    [Fact]
    public void AnOutputCapAboveTheModelsMaximum_IsPricedAtTheModelsMaximum_TheWorstCaseOfOneCall()
    {
        LlmCostPipeline pipeline = Pipeline(_ => { });

        LlmCostEstimate estimate = pipeline.Estimate(Model, 10_000, 2_000);

        Assert.Equal(0.014m, estimate.MaxUsd); // 10,000 × 0.000001 + 1,000 (the model's max output) × 0.000004
    }

    [Fact]
    public void InputAboveALongContextThreshold_PricesTheWholeCallAtTheTier()
    {
        LlmCostPipeline pipeline = Pipeline(_ => { });

        LlmCostEstimate estimate = pipeline.Estimate(LongContext, 250_000, 1_000);

        Assert.Equal((0.5m, 0.508m), (estimate.MinUsd, estimate.MaxUsd)); // 250,000 × 0.000002; + 1,000 × 0.000008
    }

    [Fact]
    public void FitsBudgets_ComparesTheMaximumWithWhatIsLeft_OfTheBudgetsThatApply()
    {
        LlmBudget model = new(BudgetScope.Model, Model, BudgetPeriod.Day, 0.05m);
        LlmBudget perCall = new(BudgetScope.Global, null, BudgetPeriod.PerCall, 0.02m);
        LlmBudget project = new(BudgetScope.Project, "shop", BudgetPeriod.Day, 100m);
        LlmBudget otherModel = new(BudgetScope.Model, Cheap, BudgetPeriod.Day, 0.001m);
        LlmBudget operation = new(BudgetScope.Operation, "Shop.Assistant.Ask", BudgetPeriod.Day, 0.001m);
        LlmCostPipeline pipeline = Pipeline(options => options.AddBudget(model).AddBudget(perCall).AddBudget(project).AddBudget(otherModel).AddBudget(operation));
        pipeline.Record(Call(0.04m, model: Model, operation: "Shop.Assistant.Ask"));

        LlmCostEstimate fits = pipeline.Estimate(Model, 5_000, 1_000); // 0.009: 0.04 + 0.009 <= 0.05
        LlmCostEstimate tooMuch = pipeline.Estimate(Model, 8_000, 1_000); // 0.012
        LlmCostEstimate inProject;
        using (LlmCostContext.Begin(project: "shop"))
        {
            inProject = pipeline.Estimate(Model, 5_000, 1_000);
        }

        Assert.True(fits.FitsBudgets);
        Assert.False(tooMuch.FitsBudgets);
        Assert.Equal([model, perCall], fits.ApplicableBudgets.Where(s => !LlmDeclaredBudgets.All.Contains(s.Budget)).Select(s => s.Budget));
        Assert.Equal([model, perCall, project], inProject.ApplicableBudgets.Where(s => !LlmDeclaredBudgets.All.Contains(s.Budget)).Select(s => s.Budget));
        Assert.Equal(0.04m, fits.ApplicableBudgets[0].SpentUsd);
    }

    [Fact]
    public void AnUnpricedModel_FitsOnlyWhenNoHardLimitApplies()
    {
        LlmCostPipeline softLimits = Pipeline(options => options.AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        LlmCostEstimate soft = softLimits.Estimate("no-such-model", 1_000, 1_000);
        LlmCostPipeline hardLimit = Pipeline(options => options.AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { HardLimit = true }));
        LlmCostEstimate hard = hardLimit.Estimate("no-such-model", 1_000, 1_000);

        Assert.Equal((false, 0m, 0m, true), (soft.Priced, soft.MinUsd, soft.MaxUsd, soft.FitsBudgets));
        Assert.False(hard.FitsBudgets);
    }
}
