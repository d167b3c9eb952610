using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Budgets;

/// <summary>Spend counted per budget and period as calls are recorded, and threshold alerts.</summary>
[Collection(TrackerCollection.Name)]
public sealed class BudgetLedgerTests : IDisposable
{
    private readonly List<LlmBudgetAlertEventArgs> _alerts = [];

    public BudgetLedgerTests() => LlmCostTracker.BudgetAlert += OnAlert;

    public void Dispose()
    {
        LlmCostTracker.BudgetAlert -= OnAlert;
        LlmCostTracker.Configure(_ => { });
    }

    [Fact]
    public void NoBudgets_NoStatus()
    {
        LlmCostTracker.Configure(_ => { });

        LlmCostTracker.Record(Call(1m));

        Assert.Empty(OwnStatus());
    }

    [Fact]
    public void AModelBudget_CountsCallsRecordedUnderTheModelsAliases_AndTheAliasBudgetCountsTheModel()
    {
        LlmBudget byModel = new(BudgetScope.Model, Model, BudgetPeriod.Day, 10m);
        LlmBudget bySnapshot = new(BudgetScope.Model, ModelSnapshot, BudgetPeriod.Day, 10m);
        LlmBudget byCheap = new(BudgetScope.Model, Cheap, BudgetPeriod.Day, 10m);
        LlmCostTracker.Configure(options => options.AddBudget(byModel).AddBudget(bySnapshot).AddBudget(byCheap));

        LlmCostTracker.Record(Call(0.25m, model: ModelSnapshot)); // e.g. the dated id a response reports
        LlmCostTracker.Record(Call(0.5m, model: Model));

        Assert.Equal(0.75m, Spent(byModel));
        Assert.Equal(0.75m, Spent(bySnapshot));
        Assert.Equal(0m, Spent(byCheap));
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
        LlmCostTracker.Configure(options =>
        {
            foreach (LlmBudget budget in matching.Concat(other))
            {
                options.AddBudget(budget);
            }
        });

        LlmCostTracker.Record(Call(0.25m, project: "shop", session: "s-1", tags: ["alpha", "beta"]));
        LlmCostTracker.Record(Call(null, project: "shop", session: "s-1", tags: ["beta"])); // unknown cost: nothing to add

        List<LlmBudgetStatus> status = OwnStatus();
        Assert.Equal(matching.Length + other.Length, status.Count);
        Assert.All(status.Where(s => matching.Contains(s.Budget)), s => Assert.Equal((0.25m, 0.025m), (s.SpentUsd, s.Fraction)));
        Assert.All(status.Where(s => other.Contains(s.Budget)), s => Assert.Equal(0m, s.SpentUsd));
    }

    [Fact]
    public void Thresholds_RaiseWarningCriticalAndExceeded_OnceEach_InOrder()
    {
        LlmBudget budget = new(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { Source = "test" };
        LlmCostTracker.Configure(options => options.AddBudget(budget));

        LlmCostTracker.Record(Call(0.5m));
        Assert.Empty(_alerts);
        LlmCostTracker.Record(Call(0.3m)); // 0.8: warning
        LlmCostTracker.Record(Call(0.25m)); // 1.05: critical (0.95) and exceeded
        LlmCostTracker.Record(Call(0.1m));

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
        LlmCostTracker.Configure(options => options.AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { WarnAt = [0.5m] }));

        LlmCostTracker.Record(Call(0.6m));

        LlmBudgetAlertEventArgs alert = Assert.Single(_alerts);
        Assert.Equal((BudgetAlertLevel.Warning, 0.5m), (alert.Level, alert.Threshold));
    }

    [Fact]
    public async Task ConcurrentRecords_RaiseEachThresholdExactlyOnce_AndLoseNoSpend()
    {
        LlmCostTracker.Configure(options => options.AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        using Barrier barrier = new(8);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            barrier.SignalAndWait();
            for (int i = 0; i < 1_000; i++)
            {
                LlmCostTracker.Record(Call(0.0002m)); // 8,000 × 0.0002 = 1.6 USD
            }
        })));

        Assert.Equal(1.6m, Assert.Single(OwnStatus()).SpentUsd);
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
        LlmCostTracker.Configure(options =>
        {
            options.Clock = clock;
            options.AddBudget(day).AddBudget(week);
        });

        LlmCostTracker.Record(Call(0.9m));
        Assert.Single(_alerts);
        clock.Now = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero); // Monday: a new day and a new ISO week
        LlmCostTracker.Record(Call(0.85m));

        Assert.Equal([0.8m, 0.8m], _alerts.Select(a => a.Threshold));
        Assert.Equal(clock.Now, _alerts[1].PeriodStartUtc);
        List<LlmBudgetStatus> status = OwnStatus();
        Assert.Equal((clock.Now, 0.85m), status.Single(s => s.Budget == day) is var d ? (d.PeriodStartUtc, d.SpentUsd) : default);
        Assert.Equal((clock.Now, 0.85m), status.Single(s => s.Budget == week) is var w ? (w.PeriodStartUtc, w.SpentUsd) : default);

        clock.Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [(clock.Now, 0m), (new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), 0.85m)],
            OwnStatus().Select(s => (s.PeriodStartUtc, s.SpentUsd)));
    }

    [Fact]
    public void Alerts_AreLogged_WarningsAsWarnings_CriticalAndExceededAsErrors()
    {
        ListLogger logger = new();
        LlmCostTracker.Configure(options => options
            .UseLogger(logger)
            .AddBudget(new LlmBudget(BudgetScope.Tag, "beta", BudgetPeriod.Day, 1m) { Source = "[LlmBudget] on Shop.Assistant" }));

        LlmCostTracker.Record(Call(2m, tags: ["beta"]));

        Assert.Equal(
            [Microsoft.Extensions.Logging.LogLevel.Warning, Microsoft.Extensions.Logging.LogLevel.Error, Microsoft.Extensions.Logging.LogLevel.Error],
            logger.Entries.Select(e => e.Level));
        Assert.All(logger.Entries, e => Assert.Contains("[LlmBudget] on Shop.Assistant has spent 2 of 1 USD", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void AlertHandlersAndLoggersThatThrow_DoNotReachTheCaller()
    {
        EventHandler<LlmBudgetAlertEventArgs> throwing = (_, _) => throw new InvalidOperationException("handler");
        LlmCostTracker.BudgetAlert += throwing;
        try
        {
            LlmCostTracker.Configure(options => options
                .UseLogger(new ThrowingLogger())
                .AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));

            LlmCostTracker.Record(Call(2m));

            Assert.Equal(3, _alerts.Count);
        }
        finally
        {
            LlmCostTracker.BudgetAlert -= throwing;
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
    public void ABudgetBeyondTheNanoUsdRange_IsConfigured_AndCountsSpend()
    {
        // 10 billion USD is 10^19 nano-USD, beyond a long: the limit saturates instead of throwing out of Configure.
        LlmBudget huge = new(BudgetScope.Global, null, BudgetPeriod.Month, 10_000_000_000m) { HardLimit = true };
        LlmBudget absurd = new(BudgetScope.Global, null, BudgetPeriod.Year, decimal.MaxValue);
        LlmCostTracker.Configure(options => options.AddBudget(huge).AddBudget(absurd));

        LlmCostTracker.Record(Call(2.5m));

        Assert.Equal([2.5m, 2.5m], OwnStatus().Select(s => s.SpentUsd));
        Assert.Empty(_alerts);
    }

    /// <summary>The status of the budgets a test configured (budgets declared by other tests stay declared for the process).</summary>
    private static decimal Spent(LlmBudget budget) => OwnStatus().Single(s => s.Budget == budget).SpentUsd;

    internal static List<LlmBudgetStatus> OwnStatus() =>
        [.. LlmCostTracker.GetBudgetStatus().Where(s => !LlmDeclaredBudgets.All.Contains(s.Budget))];

    private void OnAlert(object? sender, LlmBudgetAlertEventArgs alert)
    {
        lock (_alerts)
        {
            _alerts.Add(alert);
        }
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    private sealed class ThrowingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("logger");
    }
}
