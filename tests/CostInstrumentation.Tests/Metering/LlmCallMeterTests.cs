using System.Diagnostics.Metrics;
using CostInstrumentation.Tests.Recording;

namespace CostInstrumentation.Tests.Metering;

/// <summary>
/// The run-time half of a shim, called as generated code calls <see cref="LlmCallMeter"/>, on a pipeline of the test's own.
/// </summary>
public sealed class LlmCallMeterTests : PipelineTest
{
    internal static readonly ModelPrice Price = new(new ModelPriceDefinition
    {
        Model = "meter-test-model",
        Provider = "meter-test",
        Rates = new RateCard { Input = 0.000002m, Output = 0.000008m },
    });

    private readonly InMemoryCostSink _sink = new();
    private readonly TestMeterFactory _meters = new();
    private readonly LlmCostPipeline _pipeline;

    public LlmCallMeterTests() => _pipeline = Pipeline(options => options.AddSink(_sink).UseMeterFactory(_meters));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _meters.Dispose();
    }

    [Fact]
    public void Completed_EmitsTheGenAiTokenHistogramAndTheCostCounter()
    {
        List<(string Instrument, object Value, Dictionary<string, object?> Tags)> measurements = [];
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This pipeline's meter only: pipelines of tests running in parallel record on meters of the same name.
            if (instrument.Meter.Name == LlmCostMetrics.MeterName && instrument.Meter.Scope == _meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();

        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, null, null, null, Price);
        _pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), null, "meter-test-model-2026", null, default);

        var tokens = measurements.Where(m => m.Instrument == "gen_ai.client.token.usage").ToList();
        Assert.Equal(2, tokens.Count);
        Assert.Contains(tokens, m => (long)m.Value == 1_000 && (string?)m.Tags["gen_ai.token.type"] == "input");
        Assert.Contains(tokens, m => (long)m.Value == 100 && (string?)m.Tags["gen_ai.token.type"] == "output");
        Assert.All(tokens, m =>
        {
            Assert.Equal("chat", m.Tags["gen_ai.operation.name"]);
            Assert.Equal("meter-test", m.Tags["gen_ai.provider.name"]);
            Assert.Equal("meter-test-model", m.Tags["gen_ai.request.model"]);
            Assert.Equal("meter-test-model-2026", m.Tags["gen_ai.response.model"]);
        });
        // 1,000 × 0.000002 + 100 × 0.000008 = 0.002 + 0.0008 USD, in nano-USD
        Assert.Equal(2_800_000L, (long)Assert.Single(measurements, m => m.Instrument == "gen_ai.client.cost").Value);

        void Add(Instrument instrument, object value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            Dictionary<string, object?> copy = [];
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, copy));
            }
        }
    }

    [Fact]
    public void Completed_RecordsWallClockStartAndDuration()
    {
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, null, null, null, Price);
        DateTimeOffset before = DateTimeOffset.UtcNow;
        long start = LlmCallMeter.Start();
        Thread.Sleep(20);

        _pipeline.Completed(site, start, new LlmUsage(1, 1), null, null, null, default);

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.InRange(record.Duration, TimeSpan.FromMilliseconds(15), TimeSpan.FromSeconds(5));
        Assert.InRange(record.TimestampUtc, before.AddMilliseconds(-50), before.AddSeconds(1));
    }

    [Fact]
    public void MissingUsage_IsAnUnknownCost_NeverZero()
    {
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, null, null, null, Price);

        _pipeline.Completed(site, LlmCallMeter.Start(), usage: null, null, null, null, default);

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Null(record.CostUsd);
        Assert.Equal("The response carried no token usage.", record.PricingError);
    }

    [Fact]
    public void ContextTagsAreAddedToTheSiteTags_WithoutDuplicates()
    {
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, "site-project", ["a", "b"], "batch", Price);

        using (LlmCostContext.Begin(project: "context-project", sessionId: "s-1", "b", "c"))
        {
            _pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(1, 1), null, null, null, default);
        }

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(["a", "b", "c"], record.Tags);
        Assert.Equal("site-project", record.Project);
        Assert.Equal("s-1", record.SessionId);
        Assert.Equal("batch", record.ServiceTier);
    }

    [Fact]
    public void ContextTags_AreCopied_SoReusingTheArrayLaterDoesNotChangeRecords()
    {
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, null, null, null, Price);
        string[] tags = ["night-batch"];

        using (LlmCostContext.Begin(tags: tags))
        {
            _pipeline.Completed(site, LlmCallMeter.Start(), new LlmUsage(1, 1), null, null, null, default);
        }

        tags[0] = "changed-afterwards";
        Assert.Equal(["night-batch"], Assert.Single(_sink.Records).Tags);
    }
}
