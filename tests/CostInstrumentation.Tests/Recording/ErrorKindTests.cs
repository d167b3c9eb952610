using System.Diagnostics.Metrics;
using System.IO;
using CostInstrumentation.Tests.Metering;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Recording;

/// <summary>Each failure inside the pipeline is reported as what failed, and none reaches the metered call.</summary>
public sealed class ErrorKindTests : PipelineTest
{
    private readonly InMemoryCostSink _sink = new();
    private readonly List<LlmCostErrorEventArgs> _errors = [];

    private static MeteredCallSite FixedSite() => new("Shop.Assistant.Ask", "Assistant.cs:10", Model, null, null, null, null, Price(Model));

    [Fact]
    public void ASinkThatThrows_IsSinkFailed_AndCounted()
    {
        LlmCostPipeline pipeline = Configured(options => options.AddSink(new ThrowingSink()).AddSink(_sink));

        pipeline.Record(Call(0.5m));

        Assert.Equal((LlmCostErrorKind.SinkFailed, 1L), (Assert.Single(_errors).Kind, pipeline.FailedWrites));
        Assert.Single(_sink.Records);
    }

    [Fact]
    public void AFailureBuildingTheRecord_IsMeteringFailed_AndReleasesTheReservation()
    {
        LlmCostPipeline pipeline = Configured(options => options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        LlmAdmission admission = pipeline.Admit(FixedSite(), null, null);

        pipeline.Completed(null!, LlmCallMeter.Start(), new LlmUsage(1, 1), null, null, null, admission); // a shim bug

        Assert.Equal(LlmCostErrorKind.MeteringFailed, Assert.Single(_errors).Kind);
        Assert.Equal(0m, Assert.Single(OwnStatus(pipeline)).ReservedUsd);
        Assert.Empty(_sink.Records);
    }

    [Fact]
    public void AFailingBudgetCheck_IsBudgetCheckFailed_AndLetsTheCallThrough()
    {
        FailingClock clock = new();
        LlmCostPipeline pipeline = Configured(options =>
        {
            options.Clock = clock;
            options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { HardLimit = true });
        });
        clock.Failing = true;

        LlmAdmission admission = pipeline.Admit(new MeteredCallSite("Shop.Assistant.AskWith", "Assistant.cs:20", null, null, null, null, null, null), Model, null);

        Assert.Equal((Model, null), (admission.Model, admission.Reservation));
        Assert.Equal(LlmCostErrorKind.BudgetCheckFailed, Assert.Single(_errors).Kind);
    }

    [Fact]
    public void AFailingSettlement_IsBudgetSettlementFailed_AndTheSinksStillGetTheRecord()
    {
        FailingClock clock = new();
        LlmCostPipeline pipeline = Configured(options =>
        {
            options.Clock = clock;
            options.AddSink(_sink).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m));
        });
        clock.Failing = true;

        pipeline.Record(Call(0.5m));

        Assert.Equal(LlmCostErrorKind.BudgetSettlementFailed, Assert.Single(_errors).Kind);
        Assert.Single(_sink.Records);
    }

    [Fact]
    public async Task ABudgetDatabaseThatCannotBeOpened_IsBudgetStoreFailed()
    {
        string folder = Path.Combine(Path.GetTempPath(), "llmcost-error-kind-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "costs.db");
        await File.WriteAllTextAsync(path, "not a SQLite database, but long enough to be read as one and refused".PadRight(4096, '.'));
        ListLogger log = new();
        try
        {
            // Met while the pipeline is built, before anyone could subscribe to its event: the logger has it.
            LlmCostPipeline pipeline = Pipeline(options => options.UseLogger(log).UseSqlite(path).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
            await pipeline.DisposeAsync();

            Assert.Contains(log.Entries, e => e.EventId.Name == nameof(LlmCostErrorKind.BudgetStoreFailed) && e.Message.Contains(path, StringComparison.Ordinal));
            Assert.DoesNotContain(log.Entries, e => e.EventId.Name == nameof(LlmCostErrorKind.SinkFailed) && e.Message.Contains("budget", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AMetricsListenerThatThrows_IsMetricsFailed_AndTheSinksStillGetTheRecord()
    {
        using TestMeterFactory meters = new();
        LlmCostPipeline pipeline = Configured(options => options.AddSink(_sink).UseMeterFactory(meters));
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => throw new InvalidOperationException("listener"));
        listener.Start();

        pipeline.Record(Call(0.5m));

        Assert.Equal(LlmCostErrorKind.MetricsFailed, Assert.Single(_errors).Kind);
        Assert.Single(_sink.Records);
    }

    /// <summary>A pipeline whose problems the test collects.</summary>
    private LlmCostPipeline Configured(Action<LlmCostOptions> configure)
    {
        LlmCostPipeline pipeline = Pipeline(configure);
        pipeline.Error += (_, error) => _errors.Add(error);
        return pipeline;
    }

    /// <summary>The system clock until told to fail.</summary>
    private sealed class FailingClock : TimeProvider
    {
        public bool Failing { get; set; }

        public override DateTimeOffset GetUtcNow() => Failing ? throw new InvalidOperationException("clock") : base.GetUtcNow();
    }
}
