using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>
/// Shared set-up of the metering tests: both loopback servers, a fresh <see cref="InMemoryCostSink"/> per
/// test configured as the only sink, and the <see cref="LlmCostTracker.Error"/> reports of the test.
/// <see cref="LlmCostTracker"/> and <see cref="LlmPricing"/> are process-wide, so every subclass must be in
/// <see cref="MeteringCollection"/> (never run in parallel with another test).
/// </summary>
/// <remarks>
/// Rates of pricing/e2e-pricing.json, USD per 1M tokens (per token in brackets):
/// <list type="bullet">
/// <item>e2e-gpt (alias e2e-gpt-2026-01-01): input 2 [0.000002], output 8 [0.000008], cache read 0.5 [0.0000005],
/// reasoning 12 [0.000012]; above 100,000 input: input 4 [0.000004], output 16 [0.000016] (cache read and reasoning
/// fall back to the base rates); batch input 1, output 4; priority input 3.5 [0.0000035], output 14 [0.000014].</item>
/// <item>e2e-reasoner (aliases e2e-reasoner-2026-02-01, my-e2e-reasoner-deployment): input 1.25 [0.00000125],
/// output 10 [0.00001], cache read 0.125 [0.000000125], cache write 1.5, reasoning 15 [0.000015]; above 200,000:
/// 2.5 / 20 / 0.25 / reasoning 30; batch 0.625 / 5 / 0.0625 / reasoning 7.5; priority 2.5 / 20 / 0.25 / reasoning 30,
/// priority above 200,000: 5 / 40 / 0.5 / reasoning 60.</item>
/// <item>e2e-claude (alias e2e-claude-20260101): input 3 [0.000003], output 15 [0.000015], cache read 0.3
/// [0.0000003], cache write 3.75 [0.00000375]; above 200,000: input 6 [0.000006], output 22.5 [0.0000225],
/// cache read 0.6 [0.0000006], cache write 7.5 [0.0000075].</item>
/// </list>
/// </remarks>
[Collection(MeteringCollection.Name)]
public abstract class MeteringTestBase : IAsyncLifetime
{
    private readonly List<LlmCostErrorEventArgs> _errors = [];

    protected InMemoryCostSink Sink { get; } = new();

    protected OpenAiLoopbackServer OpenAiServer { get; private set; } = null!;

    protected AnthropicLoopbackServer AnthropicServer { get; private set; } = null!;

    /// <summary>What <see cref="LlmCostTracker.Error"/> reported during this test.</summary>
    protected IReadOnlyList<LlmCostErrorEventArgs> Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToArray();
            }
        }
    }

    public virtual async Task InitializeAsync()
    {
        OpenAiServer = await OpenAiLoopbackServer.StartAsync();
        AnthropicServer = await AnthropicLoopbackServer.StartAsync();
        Sink.Clear();
        LlmCostTracker.Configure(options => options.AddSink(Sink));
        LlmCostTracker.Error += OnError;
    }

    public virtual async Task DisposeAsync()
    {
        LlmCostTracker.Error -= OnError;
        LlmCostTracker.Configure(_ => { });
        await OpenAiServer.DisposeAsync();
        await AnthropicServer.DisposeAsync();
    }

    /// <summary>The line this is called from: put it on the same line as a metered call to know its call site.</summary>
    protected static int Line([CallerLineNumber] int line = 0) => line;

    /// <summary>The single record written since the test started.</summary>
    protected LlmCallRecord SingleRecord() => Assert.Single(Sink.Records);

    /// <summary>Collects every item of <paramref name="stream"/>.</summary>
    protected static async Task<List<T>> DrainAsync<T>(IAsyncEnumerable<T> stream, CancellationToken cancellationToken = default)
    {
        List<T> items = [];
        await foreach (T item in stream.WithCancellation(cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    private void OnError(object? sender, LlmCostErrorEventArgs error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }

    /// <summary>A sink that always throws: metering must contain it.</summary>
    protected sealed class ThrowingSink : ILlmCostSink
    {
        public int Writes { get; private set; }

        public void Write(in LlmCallRecord record)
        {
            Writes++;
            throw new InvalidOperationException("sink down");
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException("sink down");
    }
}
