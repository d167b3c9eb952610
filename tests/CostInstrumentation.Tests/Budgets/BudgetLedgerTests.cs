using CostInstrumentation.Tests.Recording;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Budgets;

/// <summary>Spend counted per budget and period as calls are recorded, and threshold alerts.</summary>
public sealed class BudgetLedgerTests : PipelineTest
{
    private readonly List<LlmBudgetAlertEventArgs> _alerts = [];
    private readonly List<LlmCostErrorEventArgs> _errors = [];

    [Fact]
    public void NoBudgets_NoStatus()
    {
        LlmCostPipeline pipeline = Configured(_ => { });

        pipeline.Record(Call(1m));

        Assert.Empty(OwnStatus(pipeline));
    }

    [Fact]
    public void AModelBudget_CountsCallsRecordedUnderTheModelsAliases_AndTheAliasBudgetCountsTheModel()
    {
        LlmBudget byModel = new(BudgetScope.Model, Model, BudgetPeriod.Day, 10m);
        LlmBudget bySnapshot = new(BudgetScope.Model, ModelSnapshot, BudgetPeriod.Day, 10m);
        LlmBudget byCheap = new(BudgetScope.Model, Cheap, BudgetPeriod.Day, 10m);
        LlmCostPipeline pipeline = Configured(options => options.AddBudget(byModel).AddBudget(bySnapshot).AddBudget(byCheap));

        pipeline.Record(Call(0.25m, model: ModelSnapshot)); // e.g. the dated id a response reports
        pipeline.Record(Call(0.5m, model: Model));

        Assert.Equal(0.75m, Spent(pipeline, byModel));
        Assert.Equal(0.75m, Spent(pipeline, bySnapshot));
        Assert.Equal(0m, Spent(pipeline, byCheap));
    }

    [Fact]
    public void ARecordedCall_CountsAgainstEveryBudgetWhoseScopeItMatches_AndNoOther()
    {
        LlmBudget[] matching =
        [
            new(BudgetScope.Global, null, BudgetPeriod.Day, 10m),
            new(BudgetScope.Provider, "BUDGET-TEST", BudgetPeriod.Week, 10m),
            new(BudgetScope.Model, Model, BudgetPeriod.Month, 10m),
            new(BudgetScope.Project, "shop", BudgetPeriod.Year, 10m),
            new(BudgetScope.Session, "s-1", BudgetPeriod.Day, 10m),
            new(BudgetScope.Tag, "beta", BudgetPeriod.Day, 10m),
            new(BudgetScope.Operation, "Shop.Assistant.Ask", BudgetPeriod.Day, 10m),
            new(BudgetScope.Operation, "Shop.Assistant.*", BudgetPeriod.Day, 10m),
        ];
        LlmBudget[] other =
        [
            new(BudgetScope.Model, Cheap, BudgetPeriod.Day, 10m),
            new(BudgetScope.Project, "other", BudgetPeriod.Day, 10m),
            new(BudgetScope.Session, "s-2", BudgetPeriod.Day, 10m),
            new(BudgetScope.Tag, "gamma", BudgetPeriod.Day, 10m),
            new(BudgetScope.Operation, "Shop.Assistant.AskMore", BudgetPeriod.Day, 10m),
            new(BudgetScope.Operation, "Shop.Assist.*", BudgetPeriod.Day, 10m),
        ];
        LlmCostPipeline pipeline = Configured(options =>
        {
            foreach (LlmBudget budget in matching.Concat(other))
            {
                options.AddBudget(budget);
            }
        });

        pipeline.Record(Call(0.25m, project: "shop", session: "s-1", tags: ["alpha", "beta"]));
        pipeline.Record(Call(null, project: "shop", session: "s-1", tags: ["beta"])); // unknown cost: nothing to add

        List<LlmBudgetStatus> status = OwnStatus(pipeline);
        Assert.Equal(matching.Length + other.Length, status.Count);
        Assert.All(status.Where(s => matching.Contains(s.Budget)), s => Assert.Equal((0.25m, 0.025m), (s.SpentUsd, s.Fraction)));
        Assert.All(status.Where(s => other.Contains(s.Budget)), s => Assert.Equal(0m, s.SpentUsd));
    }

    [Fact]
    public void Thresholds_RaiseWarningCriticalAndExceeded_OnceEach_InOrder()
    {
        LlmBudget budget = new(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { Source = "test" };
        LlmCostPipeline pipeline = Configured(options => options.AddBudget(budget));

        pipeline.Record(Call(0.5m));
        Assert.Empty(_alerts);
        pipeline.Record(Call(0.3m)); // 0.8: warning
        pipeline.Record(Call(0.25m)); // 1.05: critical (0.95) and exceeded
        pipeline.Record(Call(0.1m));

        Assert.Equal(
            [(BudgetAlertLevel.Warning, 0.8m, 0.8m), (BudgetAlertLevel.Critical, 0.95m, 1.05m), (BudgetAlertLevel.Exceeded, 1m, 1.05m)],
            _alerts.Select(a => (a.Level, a.Threshold, a.SpentUsd)));
        Assert.All(_alerts, a =>
        {
            Assert.Same(budget, a.Budget);
            Assert.Equal(1m, a.LimitUsd);
            Assert.Equal(new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero), a.PeriodStartUtc);
        });
    }

    [Fact]
    public void OneWarnAtThreshold_IsAWarning()
    {
        LlmCostPipeline pipeline = Configured(options => options.AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { WarnAt = [0.5m] }));

        pipeline.Record(Call(0.6m));

        LlmBudgetAlertEventArgs alert = Assert.Single(_alerts);
        Assert.Equal((BudgetAlertLevel.Warning, 0.5m), (alert.Level, alert.Threshold));
    }

    [Fact]
    public async Task ConcurrentRecords_RaiseEachThresholdExactlyOnce_AndLoseNoSpend()
    {
        LlmCostPipeline pipeline = Configured(options => options.AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        using Barrier barrier = new(8);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            barrier.SignalAndWait();
            for (int i = 0; i < 1_000; i++)
            {
                pipeline.Record(Call(0.0002m)); // 8,000 × 0.0002 = 1.6 USD
            }
        })));

        Assert.Equal(1.6m, Assert.Single(OwnStatus(pipeline)).SpentUsd);
        lock (_alerts)
        {
            Assert.Equal([BudgetAlertLevel.Warning, BudgetAlertLevel.Critical, BudgetAlertLevel.Exceeded], _alerts.Select(a => a.Level).Order());
        }
    }

    [Fact]
    public void APeriodEndsAtItsUtcBoundary_AndTheNextStartsFromZero_WithItsOwnAlerts()
    {
        ManualClock clock = new(new DateTimeOffset(2026, 11, 29, 23, 59, 59, TimeSpan.Zero)); // a Sunday
        LlmBudget day = new(BudgetScope.Global, null, BudgetPeriod.Day, 1m);
        LlmBudget week = new(BudgetScope.Global, null, BudgetPeriod.Week, 10m);
        LlmCostPipeline pipeline = Configured(options =>
        {
            options.Clock = clock;
            options.AddBudget(day).AddBudget(week);
        });

        pipeline.Record(Call(0.9m));
        Assert.Single(_alerts);
        clock.Now = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero); // Monday: a new day and a new ISO week
        pipeline.Record(Call(0.85m));

        Assert.Equal([0.8m, 0.8m], _alerts.Select(a => a.Threshold));
        Assert.Equal(clock.Now, _alerts[1].PeriodStartUtc);
        List<LlmBudgetStatus> status = OwnStatus(pipeline);
        Assert.Equal((clock.Now, 0.85m), status.Single(s => s.Budget == day) is var d ? (d.PeriodStartUtc, d.SpentUsd) : default);
        Assert.Equal((clock.Now, 0.85m), status.Single(s => s.Budget == week) is var w ? (w.PeriodStartUtc, w.SpentUsd) : default);

        clock.Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [(clock.Now, 0m), (new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), 0.85m)],
            OwnStatus(pipeline).Select(s => (s.PeriodStartUtc, s.SpentUsd)));
    }

    [Fact]
    public void Alerts_AreLogged_WarningsAsWarnings_CriticalAndExceededAsErrors()
    {
        ListLogger logger = new();
        LlmCostPipeline pipeline = Configured(options => options
            .UseLogger(logger)
            .AddBudget(new LlmBudget(BudgetScope.Tag, "beta", BudgetPeriod.Day, 1m) { Source = "[LlmBudget] on Shop.Assistant" }));

        pipeline.Record(Call(2m, tags: ["beta"]));

        Assert.Equal(
            [Microsoft.Extensions.Logging.LogLevel.Warning, Microsoft.Extensions.Logging.LogLevel.Error, Microsoft.Extensions.Logging.LogLevel.Error],
            logger.Entries.Select(e => e.Level));
        Assert.All(logger.Entries, e => Assert.Contains("[LlmBudget] on Shop.Assistant has spent 2 of 1 USD", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void AlertHandlersAndLoggersThatThrow_DoNotReachTheCaller()
    {
        LlmCostPipeline pipeline = Configured(options => options
            .UseLogger(new ThrowingLogger())
            .AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { Source = "throwing test" }));
        pipeline.BudgetAlert += (_, _) => throw new InvalidOperationException("handler");

        pipeline.Record(Call(2m));

        Assert.Equal(3, _alerts.Count);
        // Reported as what failed, not as a sink: each alert's log entry, each alert's handler, and the logger failing to log the handler's failure.
        LlmCostErrorKind[] perAlert = [LlmCostErrorKind.LoggerFailed, LlmCostErrorKind.AlertHandlerFailed, LlmCostErrorKind.LoggerFailed];
        Assert.Equal([.. perAlert, .. perAlert, .. perAlert], _errors.Select(e => e.Kind));
        Assert.All(_errors.Where(e => e.Kind == LlmCostErrorKind.AlertHandlerFailed), e => Assert.Contains("alert of throwing test: handler", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ABudgetBeyondTheNanoUsdRange_IsConfigured_AndCountsSpend()
    {
        // 10 billion USD is 10^19 nano-USD, beyond a long: the limit saturates instead of throwing out of Configure.
        LlmBudget huge = new(BudgetScope.Global, null, BudgetPeriod.Month, 10_000_000_000m) { HardLimit = true };
        LlmBudget absurd = new(BudgetScope.Global, null, BudgetPeriod.Year, decimal.MaxValue);
        LlmCostPipeline pipeline = Configured(options => options.AddBudget(huge).AddBudget(absurd));

        pipeline.Record(Call(2.5m));

        Assert.Equal([2.5m, 2.5m], OwnStatus(pipeline).Select(s => s.SpentUsd));
        Assert.Empty(_alerts);
    }

    private static decimal Spent(LlmCostPipeline pipeline, LlmBudget budget) => OwnStatus(pipeline).Single(s => s.Budget == budget).SpentUsd;

    /// <summary>A pipeline whose alerts and problems the test collects.</summary>
    private LlmCostPipeline Configured(Action<LlmCostOptions> configure)
    {
        LlmCostPipeline pipeline = Pipeline(configure);
        pipeline.BudgetAlert += OnAlert;
        pipeline.Error += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
        return pipeline;
    }

    private void OnAlert(object? sender, LlmBudgetAlertEventArgs alert)
    {
        lock (_alerts)
        {
            _alerts.Add(alert);
        }
    }

    internal sealed class ThrowingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("logger");
    }
}
