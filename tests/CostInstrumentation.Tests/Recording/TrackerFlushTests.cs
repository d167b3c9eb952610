using System.Net.Http;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Recording;

/// <summary><see cref="LlmCostPipeline.FlushAsync"/>: the records come first.</summary>
public sealed class TrackerFlushTests : PipelineTest
{
    [Fact]
    public async Task AWebhookThatDoesNotAnswer_DoesNotKeepTheSinksFromBeingFlushed()
    {
        FlagSink sink = new();
        using SilentHandler handler = new();
        LlmCostPipeline pipeline = Pipeline(options => options
            .AddSink(sink)
            .UseBudgetWebhook(new Uri("http://127.0.0.1:9/hook"), webhook => webhook.Handler = handler)
            .AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        pipeline.Record(Call(2m)); // raises alerts the webhook will never deliver

        using CancellationTokenSource shutdown = new(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.FlushAsync(shutdown.Token).AsTask());

        Assert.True(sink.Flushed, "the sinks were not flushed before the wait for the webhook ran out");
    }

    private sealed class FlagSink : ILlmCostSink
    {
        public bool Flushed { get; private set; }

        public void Write(in LlmCallRecord record)
        {
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken = default)
        {
            Flushed = true;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SilentHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
