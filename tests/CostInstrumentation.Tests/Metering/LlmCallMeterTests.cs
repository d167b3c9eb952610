using System.IO;
using System.Diagnostics.Metrics;
using CostInstrumentation.Tests.Budgets;

namespace CostInstrumentation.Tests.Metering;

/// <summary>
/// The run-time half of a shim, called as generated code calls it. One class: the tracker is process-wide.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class LlmCallMeterTests : IDisposable
{
    private static readonly ModelPrice s_price = new(new ModelPriceDefinition
    {
        Model = "meter-test-model",
        Provider = "meter-test",
        Rates = new RateCard { Input = 0.000002m, Output = 0.000008m },
    });

    private readonly InMemoryCostSink _sink = new();

    public LlmCallMeterTests() => LlmCostTracker.Configure(options => options.AddSink(_sink));

    public void Dispose() => LlmCostTracker.Configure(_ => { });

    [Fact]
    public void Completed_EmitsTheGenAiTokenHistogramAndTheCostCounter()
    {
        List<(string Instrument, object Value, Dictionary<string, object?> Tags)> measurements = [];
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LlmCostMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<decimal>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();

        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, null, null, null, s_price);
        LlmCallMeter.Completed(site, LlmCallMeter.Start(), new LlmUsage(1_000, 100), null, "meter-test-model-2026", null, default);

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
        // 1,000 × 0.000002 + 100 × 0.000008 = 0.002 + 0.0008
        Assert.Equal(0.0028m, (decimal)Assert.Single(measurements, m => m.Instrument == "gen_ai.client.cost").Value);

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
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, null, null, null, s_price);
        DateTimeOffset before = DateTimeOffset.UtcNow;
        long start = LlmCallMeter.Start();
        Thread.Sleep(20);

        LlmCallMeter.Completed(site, start, new LlmUsage(1, 1), null, null, null, default);

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.InRange(record.Duration, TimeSpan.FromMilliseconds(15), TimeSpan.FromSeconds(5));
        Assert.InRange(record.TimestampUtc, before.AddMilliseconds(-50), before.AddSeconds(1));
    }

    [Fact]
    public void MissingUsage_IsAnUnknownCost_NeverZero()
    {
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, null, null, null, s_price);

        LlmCallMeter.Completed(site, LlmCallMeter.Start(), usage: null, null, null, null, default);

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Null(record.CostUsd);
        Assert.Equal("The response carried no token usage.", record.PricingError);
    }

    [Fact]
    public void ContextTagsAreAddedToTheSiteTags_WithoutDuplicates()
    {
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, "site-project", ["a", "b"], "batch", s_price);

        using (LlmCostContext.Begin(project: "context-project", sessionId: "s-1", "b", "c"))
        {
            LlmCallMeter.Completed(site, LlmCallMeter.Start(), new LlmUsage(1, 1), null, null, null, default);
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
        MeteredCallSite site = new("Tests.Bot.Ask", "Bot.cs:1", "meter-test-model", null, null, null, null, s_price);
        string[] tags = ["night-batch"];

        using (LlmCostContext.Begin(tags: tags))
        {
            LlmCallMeter.Completed(site, LlmCallMeter.Start(), new LlmUsage(1, 1), null, null, null, default);
        }

        tags[0] = "changed-afterwards";
        Assert.Equal(["night-batch"], Assert.Single(_sink.Records).Tags);
    }

    [Theory]
    [InlineData(2, true, 0.004008, false)] // the final usage report: ok, exact
    [InlineData(2, false, 0.004008, true)] // input and a running output total, then the end: a lower bound
    [InlineData(1, false, null, false)] // output totals without the input: unknown, not a near-$0 bound
    [InlineData(0, false, null, false)] // nothing seen: unknown
    public async Task StreamEnded_OkOnlyWithTheFinalUsage_ElseIncomplete_PricedAsALowerBoundOnlyWhenInputWasSeen(int reports, bool lastIsFinal, double? cost, bool lowerBound)
    {
        MeteredCallSite site = new("Tests.Bot.Stream", "Bot.cs:2", "meter-test-model", null, null, null, null, s_price);
        LlmUsage[] items = [new LlmUsage(0, 1), new LlmUsage(2_000, 1)];

        await foreach (LlmUsage _ in MeteredStream.Wrap(Items(), site, LlmCallMeter.Start(), null, null, Read, default))
        {
        }

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(lastIsFinal ? LlmCallOutcome.Ok : LlmCallOutcome.Incomplete, record.Outcome);
        Assert.Equal((decimal?)cost, record.CostUsd);
        Assert.Equal(lowerBound, record.CostIsLowerBound);
        Assert.Equal(cost is null, record.PricingError is not null);

        async IAsyncEnumerable<LlmUsage> Items()
        {
            foreach (LlmUsage item in items[..reports])
            {
                await Task.Yield();
                yield return item;
            }
        }

        LlmUsage? Read(LlmUsage item, out string? model, out bool final)
        {
            model = null;
            final = lastIsFinal && item.InputTokens > 0;
            return item;
        }
    }

    [Theory]
    [InlineData(false, 0.0, false)] // before the first item: an error response, not billed
    [InlineData(true, 0.004008, true)] // part-way: the provider was generating, at least what was seen
    public async Task StreamFailed_IsZeroBeforeTheFirstItem_ALowerBoundAfterIt(bool afterAnItem, double cost, bool lowerBound)
    {
        MeteredCallSite site = new("Tests.Bot.Stream", "Bot.cs:3", "meter-test-model", null, null, null, null, s_price);

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (LlmUsage _ in MeteredStream.Wrap(Items(), site, LlmCallMeter.Start(), null, null, static (LlmUsage item, out string? model, out bool final) =>
            {
                model = null;
                final = false;
                return item;
            }, default))
            {
            }
        });

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal((LlmCallOutcome.Error, typeof(IOException).FullName), (record.Outcome, record.ErrorType));
        Assert.Equal((decimal)cost, record.CostUsd);
        Assert.Equal(lowerBound, record.CostIsLowerBound);

        async IAsyncEnumerable<LlmUsage> Items()
        {
            await Task.Yield();
            if (afterAnItem)
            {
                yield return new LlmUsage(2_000, 1);
            }

            throw new IOException("connection reset");
        }
    }
}
