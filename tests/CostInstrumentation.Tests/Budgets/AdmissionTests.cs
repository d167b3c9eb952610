using CostInstrumentation.Tests.Recording;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Budgets;

/// <summary>Admission as generated shims ask for it (<see cref="LlmCallMeter.Admit"/>): reservations, hard limits, fallback, per-call budgets.</summary>
public sealed class AdmissionTests : PipelineTest
{
    private readonly InMemoryCostSink _sink = new();

    /// <summary>A site whose model is fixed and priced: a reservation of 1,000 output tokens × 0.000004 = 0.004 USD.</summary>
    private static MeteredCallSite FixedSite(string operation = "Shop.Assistant.Ask") =>
        new(operation, "Assistant.cs:10", Model, null, null, null, null, Price(Model));

    /// <summary>A site whose model comes from an [LlmModel] argument.</summary>
    private static MeteredCallSite ArgumentSite() => new("Shop.Assistant.AskWith", "Assistant.cs:20", null, null, null, null, null, null);

    [Fact]
    public void WithoutMatchingBudgets_AdmissionReservesNothing_AndKeepsTheModel()
    {
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(_sink));

        LlmAdmission admission = pipeline.Admit(ArgumentSite(), "some-model", null);

        Assert.Equal("some-model", admission.Model);
        Assert.All(pipeline.GetBudgetStatus(), s => Assert.Equal(0m, s.ReservedUsd)); // only budgets other tests declared, if any
    }

    [Fact]
    public void AnAdmittedCall_HoldsItsEstimate_UntilItIsRecorded_ThenCountsItsActualCost()
    {
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        MeteredCallSite site = FixedSite();

        LlmAdmission admission = pipeline.Admit(site, null, null);
        LlmBudgetStatus during = Assert.Single(OwnStatus(pipeline));
        pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), null, null, null, admission);
        LlmBudgetStatus after = Assert.Single(OwnStatus(pipeline));

        Assert.Equal((0m, 0.004m), (during.SpentUsd, during.ReservedUsd));
        Assert.Equal((0.0014m, 0m), (after.SpentUsd, after.ReservedUsd)); // 1,000 × 0.000001 + 100 × 0.000004
    }

    [Fact]
    public void ACallAdmittedBeforeMidnight_AndRecordedAfter_CountsInThePeriodItStarted()
    {
        // The stored row's ts_utc is the call's start, so a restart counts it in the day it started: so must the ledger.
        ManualClock clock = new(new DateTimeOffset(2026, 11, 29, 23, 59, 59, TimeSpan.Zero));
        List<LlmBudgetAlertEventArgs> alerts = [];
        LlmCostPipeline pipeline = Pipeline(options =>
        {
            options.Clock = clock;
            options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 0.001m));
        });
        pipeline.BudgetAlert += (_, a) => alerts.Add(a);
        MeteredCallSite site = FixedSite();
        LlmAdmission admission = pipeline.Admit(site, null, null);

        clock.Now = new DateTimeOffset(2026, 11, 30, 0, 0, 1, TimeSpan.Zero);
        pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), null, null, null, admission); // 0.0014 USD

        LlmBudgetStatus today = Assert.Single(OwnStatus(pipeline));
        Assert.Equal((clock.Now.Date, 0m, 0m), (today.PeriodStartUtc.UtcDateTime, today.SpentUsd, today.ReservedUsd));
        Assert.All(alerts, a => Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), a.PeriodStartUtc));
    }

    [Fact]
    public void AFailedCall_ReleasesItsReservation()
    {
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        MeteredCallSite site = FixedSite();

        LlmAdmission admission = pipeline.Admit(site, null, null);
        pipeline.Failed(site, LlmCallMeter.Start(), new InvalidOperationException(), null, null, admission);

        Assert.Equal((0m, 0m), Assert.Single(OwnStatus(pipeline)) is var s ? (s.SpentUsd, s.ReservedUsd) : default);
    }

    [Fact]
    public void AnAbsurdDefaultReservation_IsConfigured_AndRefusedByAHardLimit_NotAdmittedByOverflow()
    {
        // 10^11 USD is 10^20 nano-USD: it used to throw out of Configure; saturated, spent + estimate must not wrap around.
        LlmCostPipeline pipeline = Pipeline(options =>
        {
            options.DefaultReservationUsd = 100_000_000_000m;
            options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { HardLimit = true });
        });
        pipeline.Record(Call(0.5m)); // spent > 0, so spent + a saturated estimate would overflow

        Assert.Throws<BudgetExceededException>(() => pipeline.Admit(ArgumentSite(), "unpriced-absurd-model", null));
        Assert.Equal((0.5m, 0m), Assert.Single(OwnStatus(pipeline)) is var s ? (s.SpentUsd, s.ReservedUsd) : default);
    }

    [Fact]
    public void AnUnpricedModel_ReservesTheDefaultReservation()
    {
        LlmCostPipeline pipeline = Pipeline(options =>
        {
            options.DefaultReservationUsd = 0.25m;
            options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m));
        });

        LlmAdmission admission = pipeline.Admit(ArgumentSite(), "no-such-model", null);

        Assert.Equal(0.25m, Assert.Single(OwnStatus(pipeline)).ReservedUsd);
        pipeline.Completed(ArgumentSite(), LlmCallMeter.Start(), new LlmUsage(1, 1), "no-such-model", null, null, admission);
        Assert.Equal(0m, Assert.Single(OwnStatus(pipeline)).ReservedUsd);
    }

    [Fact]
    public void AHardLimit_RefusesTheCallBeforeItRuns_AndRecordsItBlocked()
    {
        LlmBudget budget = new(BudgetScope.Operation, "Shop.Assistant.*", BudgetPeriod.Month, 0.01m) { HardLimit = true };
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(_sink).AddBudget(budget));
        pipeline.Record(Call(0.007m)); // 0.007 + a 0.004 reservation > 0.01

        BudgetExceededException refusal = Assert.Throws<BudgetExceededException>(() => pipeline.Admit(FixedSite(), null, "s-9"));

        Assert.Same(budget, refusal.Budget);
        Assert.Equal((0.007m, 0.004m), (refusal.SpentUsd, refusal.EstimateUsd));
        LlmCallRecord blocked = Assert.Single(_sink.Records, r => r.Outcome == LlmCallOutcome.Blocked);
        Assert.Equal((Model, "Shop.Assistant.Ask", "s-9", 0m, typeof(BudgetExceededException).FullName), (blocked.Model, blocked.Operation, blocked.SessionId, blocked.CostUsd, blocked.ErrorType));
        Assert.Equal(0m, Assert.Single(OwnStatus(pipeline)).ReservedUsd);
    }

    [Fact]
    public void AHardLimitWithAFallback_SwitchesAnArgumentModelToIt()
    {
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(_sink)
            .AddBudget(new LlmBudget(BudgetScope.Model, Model, BudgetPeriod.Day, 0.003m) { HardLimit = true, Fallback = Cheap }));

        LlmAdmission admission = pipeline.Admit(ArgumentSite(), Model, null);
        pipeline.Completed(ArgumentSite(), LlmCallMeter.Start(), new LlmUsage(100, 100), admission.Model, null, null, admission);

        Assert.Equal(Cheap, admission.Model);
        Assert.Equal(Cheap, Assert.Single(_sink.Records).Model);
    }

    [Fact]
    public void AFixedModel_CannotFallBack_AndIsRefused()
    {
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(_sink)
            .AddBudget(new LlmBudget(BudgetScope.Model, Model, BudgetPeriod.Day, 0.003m) { HardLimit = true, Fallback = Cheap }));

        Assert.Throws<BudgetExceededException>(() => pipeline.Admit(FixedSite(), null, null));
    }

    [Fact]
    public void APerCallBudget_RefusesAnEstimateAboveIt_WhenHard_AndWarnsOtherwise()
    {
        List<LlmBudgetAlertEventArgs> alerts = [];
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(_sink)
            .AddBudget(new LlmBudget(BudgetScope.Operation, "Shop.Assistant.Ask", BudgetPeriod.PerCall, 0.001m) { HardLimit = true })
            .AddBudget(new LlmBudget(BudgetScope.Operation, "Shop.Other.Ask", BudgetPeriod.PerCall, 0.001m)));
        pipeline.BudgetAlert += (_, alert) => alerts.Add(alert);

        Assert.Throws<BudgetExceededException>(() => pipeline.Admit(FixedSite(), null, null));
        LlmAdmission admitted = pipeline.Admit(FixedSite("Shop.Other.Ask"), null, null);

        Assert.NotNull(admitted.Reservation);
        LlmBudgetAlertEventArgs warning = Assert.Single(alerts);
        Assert.Equal((BudgetAlertLevel.Warning, 1m, 0.004m), (warning.Level, warning.Threshold, warning.SpentUsd));
    }

    [Fact]
    public async Task ConcurrentCalls_AgainstAHardLimit_SpendAtMostTheLimitPlusOneReservation()
    {
        const decimal limit = 0.05m;
        LlmCostPipeline pipeline = Pipeline(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, limit) { HardLimit = true }));
        MeteredCallSite site = FixedSite();
        using Barrier barrier = new(64);
        int refused = 0;

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Factory.StartNew(
            () =>
            {
                barrier.SignalAndWait();
                LlmAdmission admission;
                try
                {
                    admission = pipeline.Admit(site, null, null);
                }
                catch (BudgetExceededException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }

                Thread.Sleep(5); // the call runs while others try to get in
                pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(500, 800), null, null, null, admission); // 0.0037 USD each
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        LlmCallRecord[] records = [.. _sink.Records];
        decimal spent = records.Sum(r => r.CostUsd ?? 0m);
        Assert.True(spent <= limit + 0.004m, $"spent {spent}");
        Assert.Equal(refused, records.Count(r => r.Outcome == LlmCallOutcome.Blocked));
        Assert.True(refused > 0);
        Assert.Equal(64, records.Length);
        Assert.Equal((spent, 0m), Assert.Single(OwnStatus(pipeline)) is var s ? (s.SpentUsd, s.ReservedUsd) : default);
    }
}
