using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Budgets;

/// <summary><see cref="LlmCallMeter.Admit"/> as generated shims call it: reservations, hard limits, fallback, per-call budgets.</summary>
[Collection(TrackerCollection.Name)]
public sealed class AdmissionTests : IDisposable
{
    private readonly InMemoryCostSink _sink = new();

    public void Dispose() => LlmCostTracker.Configure(_ => { });

    /// <summary>A site whose model is fixed and priced: a reservation of 1,000 output tokens × 0.000004 = 0.004 USD.</summary>
    private static MeteredCallSite FixedSite(string operation = "Shop.Assistant.Ask") =>
        new(operation, "Assistant.cs:10", Model, null, null, null, null, Price(Model));

    /// <summary>A site whose model comes from an [LlmModel] argument.</summary>
    private static MeteredCallSite ArgumentSite() => new("Shop.Assistant.AskWith", "Assistant.cs:20", null, null, null, null, null, null);

    [Fact]
    public void WithoutMatchingBudgets_AdmissionReservesNothing_AndKeepsTheModel()
    {
        LlmCostTracker.Configure(options => options.AddSink(_sink));

        LlmAdmission admission = LlmCallMeter.Admit(ArgumentSite(), "some-model", null);

        Assert.Equal("some-model", admission.Model);
        Assert.All(LlmCostTracker.GetBudgetStatus(), s => Assert.Equal(0m, s.ReservedUsd)); // only budgets other tests declared, if any
    }

    [Fact]
    public void AnAdmittedCall_HoldsItsEstimate_UntilItIsRecorded_ThenCountsItsActualCost()
    {
        LlmCostTracker.Configure(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        MeteredCallSite site = FixedSite();

        LlmAdmission admission = LlmCallMeter.Admit(site, null, null);
        LlmBudgetStatus during = Assert.Single(BudgetLedgerTests.OwnStatus());
        LlmCallMeter.Completed(site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), null, null, null, admission);
        LlmBudgetStatus after = Assert.Single(BudgetLedgerTests.OwnStatus());

        Assert.Equal((0m, 0.004m), (during.SpentUsd, during.ReservedUsd));
        Assert.Equal((0.0014m, 0m), (after.SpentUsd, after.ReservedUsd)); // 1,000 × 0.000001 + 100 × 0.000004
    }

    [Fact]
    public void ACallAdmittedBeforeMidnight_AndRecordedAfter_CountsInThePeriodItStarted()
    {
        // The stored row's ts_utc is the call's start, so a restart counts it in the day it started: so must the ledger.
        ManualClock clock = new(new DateTimeOffset(2026, 11, 29, 23, 59, 59, TimeSpan.Zero));
        List<LlmBudgetAlertEventArgs> alerts = [];
        EventHandler<LlmBudgetAlertEventArgs> onAlert = (_, a) => alerts.Add(a);
        LlmCostTracker.BudgetAlert += onAlert;
        try
        {
            LlmCostTracker.Configure(options =>
            {
                options.Clock = clock;
                options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 0.001m));
            });
            MeteredCallSite site = FixedSite();
            LlmAdmission admission = LlmCallMeter.Admit(site, null, null);

            clock.Now = new DateTimeOffset(2026, 11, 30, 0, 0, 1, TimeSpan.Zero);
            LlmCallMeter.Completed(site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), null, null, null, admission); // 0.0014 USD

            LlmBudgetStatus today = Assert.Single(BudgetLedgerTests.OwnStatus());
            Assert.Equal((clock.Now.Date, 0m, 0m), (today.PeriodStartUtc.UtcDateTime, today.SpentUsd, today.ReservedUsd));
            Assert.All(alerts, a => Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), a.PeriodStartUtc));
        }
        finally
        {
            LlmCostTracker.BudgetAlert -= onAlert;
        }
    }

    [Fact]
    public void AFailedCall_ReleasesItsReservation()
    {
        LlmCostTracker.Configure(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        MeteredCallSite site = FixedSite();

        LlmAdmission admission = LlmCallMeter.Admit(site, null, null);
        Assert.False(LlmCallMeter.ObserveFailure(site, LlmCallMeter.Start(), new InvalidOperationException(), null, null, admission));

        Assert.Equal((0m, 0m), Assert.Single(BudgetLedgerTests.OwnStatus()) is var s ? (s.SpentUsd, s.ReservedUsd) : default);
    }

    [Fact]
    public async Task AStream_HoldsItsReservation_UntilItEnds()
    {
        LlmCostTracker.Configure(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        MeteredCallSite site = FixedSite();

        LlmAdmission admission = LlmCallMeter.Admit(site, null, null);
        IAsyncEnumerable<LlmUsage> stream = MeteredStream.Wrap(Items(), site, LlmCallMeter.Start(), null, null, static (LlmUsage item, out string? model, out bool final) =>
        {
            model = null;
            final = true;
            return item;
        }, admission);
        decimal reservedWhileStreaming = -1;
        await foreach (LlmUsage _ in stream)
        {
            reservedWhileStreaming = Assert.Single(BudgetLedgerTests.OwnStatus()).ReservedUsd;
        }

        Assert.Equal(0.004m, reservedWhileStreaming);
        Assert.Equal((0.0014m, 0m), Assert.Single(BudgetLedgerTests.OwnStatus()) is var s ? (s.SpentUsd, s.ReservedUsd) : default);

        static async IAsyncEnumerable<LlmUsage> Items()
        {
            await Task.Yield();
            yield return new LlmUsage(1_000, 100);
        }
    }

    [Fact]
    public void AnAbsurdDefaultReservation_IsConfigured_AndRefusedByAHardLimit_NotAdmittedByOverflow()
    {
        // 10^11 USD is 10^20 nano-USD: it used to throw out of Configure; saturated, spent + estimate must not wrap around.
        LlmCostTracker.Configure(options =>
        {
            options.DefaultReservationUsd = 100_000_000_000m;
            options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { HardLimit = true });
        });
        LlmCostTracker.Record(Call(0.5m)); // spent > 0, so spent + a saturated estimate would overflow

        Assert.Throws<BudgetExceededException>(() => LlmCallMeter.Admit(ArgumentSite(), "unpriced-absurd-model", null));
        Assert.Equal((0.5m, 0m), Assert.Single(BudgetLedgerTests.OwnStatus()) is var s ? (s.SpentUsd, s.ReservedUsd) : default);
    }

    [Fact]
    public void AnUnpricedModel_ReservesTheDefaultReservation()
    {
        LlmCostTracker.Configure(options =>
        {
            options.DefaultReservationUsd = 0.25m;
            options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m));
        });

        LlmAdmission admission = LlmCallMeter.Admit(ArgumentSite(), "no-such-model", null);

        Assert.Equal(0.25m, Assert.Single(BudgetLedgerTests.OwnStatus()).ReservedUsd);
        LlmCallMeter.Completed(ArgumentSite(), LlmCallMeter.Start(), new LlmUsage(1, 1), "no-such-model", null, null, admission);
        Assert.Equal(0m, Assert.Single(BudgetLedgerTests.OwnStatus()).ReservedUsd);
    }

    [Fact]
    public void AHardLimit_RefusesTheCallBeforeItRuns_AndRecordsItBlocked()
    {
        LlmBudget budget = new(BudgetScope.Operation, "Shop.Assistant.*", BudgetPeriod.Month, 0.01m) { HardLimit = true };
        LlmCostTracker.Configure(options => options.AddSink(_sink).AddBudget(budget));
        LlmCostTracker.Record(Call(0.007m)); // 0.007 + a 0.004 reservation > 0.01

        BudgetExceededException refusal = Assert.Throws<BudgetExceededException>(() => LlmCallMeter.Admit(FixedSite(), null, "s-9"));

        Assert.Same(budget, refusal.Budget);
        Assert.Equal((0.007m, 0.004m), (refusal.SpentUsd, refusal.EstimateUsd));
        LlmCallRecord blocked = Assert.Single(_sink.Records, r => r.Outcome == LlmCallOutcome.Blocked);
        Assert.Equal((Model, "Shop.Assistant.Ask", "s-9", 0m, typeof(BudgetExceededException).FullName), (blocked.Model, blocked.Operation, blocked.SessionId, blocked.CostUsd, blocked.ErrorType));
        Assert.Equal(0m, Assert.Single(BudgetLedgerTests.OwnStatus()).ReservedUsd);
    }

    [Fact]
    public void AHardLimitWithAFallback_SwitchesAnArgumentModelToIt()
    {
        LlmCostTracker.Configure(options => options.AddSink(_sink)
            .AddBudget(new LlmBudget(BudgetScope.Model, Model, BudgetPeriod.Day, 0.003m) { HardLimit = true, Fallback = Cheap }));

        LlmAdmission admission = LlmCallMeter.Admit(ArgumentSite(), Model, null);
        LlmCallMeter.Completed(ArgumentSite(), LlmCallMeter.Start(), new LlmUsage(100, 100), admission.Model, null, null, admission);

        Assert.Equal(Cheap, admission.Model);
        Assert.Equal(Cheap, Assert.Single(_sink.Records).Model);
    }

    [Fact]
    public void AFixedModel_CannotFallBack_AndIsRefused()
    {
        LlmCostTracker.Configure(options => options.AddSink(_sink)
            .AddBudget(new LlmBudget(BudgetScope.Model, Model, BudgetPeriod.Day, 0.003m) { HardLimit = true, Fallback = Cheap }));

        Assert.Throws<BudgetExceededException>(() => LlmCallMeter.Admit(FixedSite(), null, null));
    }

    [Fact]
    public void APerCallBudget_RefusesAnEstimateAboveIt_WhenHard_AndWarnsOtherwise()
    {
        List<LlmBudgetAlertEventArgs> alerts = [];
        EventHandler<LlmBudgetAlertEventArgs> collect = (_, alert) => alerts.Add(alert);
        LlmCostTracker.BudgetAlert += collect;
        try
        {
            LlmCostTracker.Configure(options => options.AddSink(_sink)
                .AddBudget(new LlmBudget(BudgetScope.Operation, "Shop.Assistant.Ask", BudgetPeriod.PerCall, 0.001m) { HardLimit = true })
                .AddBudget(new LlmBudget(BudgetScope.Operation, "Shop.Other.Ask", BudgetPeriod.PerCall, 0.001m)));

            Assert.Throws<BudgetExceededException>(() => LlmCallMeter.Admit(FixedSite(), null, null));
            LlmAdmission admitted = LlmCallMeter.Admit(FixedSite("Shop.Other.Ask"), null, null);

            Assert.NotNull(admitted.Reservation);
            LlmBudgetAlertEventArgs warning = Assert.Single(alerts);
            Assert.Equal((BudgetAlertLevel.Warning, 1m, 0.004m), (warning.Level, warning.Threshold, warning.SpentUsd));
        }
        finally
        {
            LlmCostTracker.BudgetAlert -= collect;
        }
    }

    [Fact]
    public async Task ConcurrentCalls_AgainstAHardLimit_SpendAtMostTheLimitPlusOneReservation()
    {
        const decimal limit = 0.05m;
        LlmCostTracker.Configure(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, limit) { HardLimit = true }));
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
                    admission = LlmCallMeter.Admit(site, null, null);
                }
                catch (BudgetExceededException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }

                Thread.Sleep(5); // the call runs while others try to get in
                LlmCallMeter.Completed(site, LlmCallMeter.Start(), new LlmUsage(500, 800), null, null, null, admission); // 0.0037 USD each
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
        Assert.Equal((spent, 0m), Assert.Single(BudgetLedgerTests.OwnStatus()) is var s ? (s.SpentUsd, s.ReservedUsd) : default);
    }
}
