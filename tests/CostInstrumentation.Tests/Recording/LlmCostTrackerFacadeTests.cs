using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Recording;

/// <summary>
/// The static facade generated shims call: <see cref="LlmCallMeter"/> and <see cref="MeteredStream"/> record to the
/// pipeline <see cref="LlmCostTracker.Configure"/> built, its events reach the tracker's, and budgets declared after
/// <see cref="LlmCostTracker.Configure"/> reach the configured pipeline. Serial: they change the process-wide configuration.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class LlmCostTrackerFacadeTests : IDisposable
{
    private readonly InMemoryCostSink _sink = new();

    public void Dispose() => LlmCostTracker.Configure(_ => { });

    private static MeteredCallSite FixedSite() => new("Shop.Assistant.Ask", "Assistant.cs:10", Model, null, null, null, null, Price(Model));

    private static List<LlmBudgetStatus> OwnStatus() =>
        [.. LlmCostTracker.GetBudgetStatus().Where(s => !LlmDeclaredBudgets.All.Contains(s.Budget))];

    [Fact]
    public void TheShimEntryPoints_RecordToTheConfiguredPipeline_AndObserveFailureLetsTheExceptionGo()
    {
        LlmCostTracker.Configure(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        MeteredCallSite site = FixedSite();

        LlmAdmission admission = LlmCallMeter.Admit(site, null, null);
        Assert.Equal(0.004m, Assert.Single(OwnStatus()).ReservedUsd);
        Assert.False(LlmCallMeter.ObserveFailure(site, LlmCallMeter.Start(), new InvalidOperationException(), null, null, admission));
        LlmCallMeter.Completed(site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), null, null, null, LlmCallMeter.Admit(site, null, null));

        Assert.Equal([LlmCallOutcome.Error, LlmCallOutcome.Ok], _sink.Records.Select(r => r.Outcome));
        Assert.Equal((0.0014m, 0m), Assert.Single(OwnStatus()) is var s ? (s.SpentUsd, s.ReservedUsd) : default);
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
            reservedWhileStreaming = Assert.Single(OwnStatus()).ReservedUsd;
        }

        Assert.Equal(0.004m, reservedWhileStreaming);
        Assert.Equal((0.0014m, 0m), Assert.Single(OwnStatus()) is var s ? (s.SpentUsd, s.ReservedUsd) : default);

        static async IAsyncEnumerable<LlmUsage> Items()
        {
            await Task.Yield();
            yield return new LlmUsage(1_000, 100);
        }
    }

    [Fact]
    public void ABudgetDeclaredAfterConfigure_IsEnforced()
    {
        LlmCostTracker.Configure(_ => { });
        LlmBudget declared = new(BudgetScope.Operation, "Late.Library." + Guid.NewGuid().ToString("N") + ".*", BudgetPeriod.Day, 1m) { Source = "[LlmBudget] on a late library" };

        LlmDeclaredBudgets.Declare(declared);
        LlmCostTracker.Record(Call(0.5m, operation: declared.ScopeValue![..^1] + "Ask"));

        Assert.Equal(0.5m, Assert.Single(LlmCostTracker.GetBudgetStatus(), s => s.Budget == declared).SpentUsd);
    }

    [Fact]
    public void TheConfiguredPipelinesEvents_AreRaisedOnTheTrackersEvents_AndFailedWritesCountAcrossConfigurations()
    {
        List<(object? Sender, LlmCostErrorEventArgs Error)> errors = [];
        List<(object? Sender, LlmBudgetAlertEventArgs Alert)> alerts = [];
        EventHandler<LlmCostErrorEventArgs> onError = (sender, e) => errors.Add((sender, e));
        EventHandler<LlmBudgetAlertEventArgs> onAlert = (sender, a) => alerts.Add((sender, a));
        LlmCostTracker.Error += onError;
        LlmCostTracker.BudgetAlert += onAlert;
        try
        {
            long failedBefore = LlmCostTracker.FailedWrites;
            LlmCostTracker.Configure(options => options.AddSink(new ThrowingSink()).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { WarnAt = [0.5m] }));
            LlmCostTracker.Record(Call(0.6m));
            LlmCostTracker.Configure(options => options.AddSink(new ThrowingSink()));
            LlmCostTracker.Record(Call(0.1m));

            Assert.Equal(2, LlmCostTracker.FailedWrites - failedBefore);
            // Filtered: SQLite sinks of storage tests running meanwhile report their problems on the tracker's event too.
            Assert.Equal(
                [(null, LlmCostErrorKind.SinkFailed), (null, LlmCostErrorKind.SinkFailed)],
                errors.Where(e => e.Error.Message.Contains(nameof(ThrowingSink), StringComparison.Ordinal)).Select(e => (e.Sender, e.Error.Kind)));
            Assert.Equal([(null, BudgetAlertLevel.Warning)], alerts.Select(a => (a.Sender, a.Alert.Level)));
        }
        finally
        {
            LlmCostTracker.Error -= onError;
            LlmCostTracker.BudgetAlert -= onAlert;
        }
    }
}
