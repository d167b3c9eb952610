using System.IO;
using CostInstrumentation.Tests.Recording;

namespace CostInstrumentation.Tests.Metering;

/// <summary>
/// <see cref="MeteredStream"/> as generated shims wrap a stream: it records through <see cref="LlmCallMeter"/> to the
/// tracker's pipeline, so these tests configure the tracker and run in its serial collection.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class MeteredStreamTests : IDisposable
{
    private static readonly ModelPrice s_price = LlmCallMeterTests.Price;
    private readonly InMemoryCostSink _sink = new();

    public MeteredStreamTests() => LlmCostTracker.Configure(options => options.AddSink(_sink));

    public void Dispose() => LlmCostTracker.Configure(_ => { });

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
