using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using CostInstrumentation.Hosting.ChatClients;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.Hosting.Tests.ChatClients;

/// <summary><c>UseCostTracking()</c> over the real OpenAI SDK, talking OpenAI's JSON to a loopback server.</summary>
public sealed class OpenAiChatClientTests : MiddlewareTest
{
    private static readonly OpenAiUsage CachedUsage = new(PromptTokens: 1_000, CompletionTokens: 200, CachedTokens: 400, ReasoningTokens: 50);

    // 600 fresh × 0.000002 + 400 cached × 0.0000005 + 150 output × 0.000008 + 50 reasoning × 0.000012
    // = 0.0012 + 0.0002 + 0.0012 + 0.0006
    private const decimal CachedCost = 0.0032m;

    [Fact]
    public async Task Response_IsRecordedLikeAMeteredCall_ProviderModelUsageCostAndContext()
    {
        Server.EnqueueCompletion("mw-gpt-2026-01-01", "an answer", CachedUsage);
        IChatClient client = Tracked(OpenAi(), o => o.Tags = ["support"]);

        ChatResponse response;
        using (LlmCostContext.Begin("helpdesk", "conversation-7", "rag"))
        {
            response = await client.GetResponseAsync("hi");
        }

        Assert.Equal("an answer", response.Text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("openai", record.Provider);
        Assert.Equal("mw-gpt", record.Model);
        Assert.Equal(CostTrackingChatClient.ResponseOperation, record.Operation);
        Assert.StartsWith(Server.BaseAddress.GetLeftPart(UriPartial.Authority), record.CallSite);
        Assert.Equal(new LlmUsage(1_000, 200, CachedInputTokens: 400, ReasoningTokens: 50), record.Usage);
        Assert.Equal(CachedCost, record.CostUsd);
        Assert.False(record.CostIsLowerBound);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal("helpdesk", record.Project);
        Assert.Equal("conversation-7", record.SessionId);
        Assert.Equal(["support", "rag"], record.Tags);
    }

    [Fact]
    public async Task ModelOfTheCall_WinsOverTheClientsDefault_AndAServiceTierPricesAtItsRates()
    {
        Server.EnqueueCompletion("mw-gpt-2026-01-01", "fast", new OpenAiUsage(1_000, 100));
        IChatClient client = Tracked(OpenAi("mw-mini"));

        await client.GetResponseAsync("hi", new ChatOptions
        {
            ModelId = "mw-gpt",
            AdditionalProperties = new() { [CostTrackingChatClient.ServiceTierKey] = "priority" },
        });

        LlmCallRecord record = SingleRecord();
        Assert.Equal("mw-gpt", record.Model);
        Assert.Equal("priority", record.ServiceTier);
        Assert.Equal((1_000 * 4m + 100 * 16m) / 1_000_000m, record.CostUsd); // priority rates, not 2 and 8
    }

    [Fact]
    public async Task Stream_WithTheUsageChunk_IsOk_AndPricedExactly()
    {
        Server.Enqueue(new OpenAiReply { Model = "mw-gpt-2026-01-01", Content = "one two three", Usage = CachedUsage });

        List<ChatResponseUpdate> updates = await DrainAsync(Tracked(OpenAi()).GetStreamingResponseAsync("hi"));

        Assert.Equal("one two three", updates.ToChatResponse().Text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(CostTrackingChatClient.StreamingOperation, record.Operation);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal(CachedCost, record.CostUsd);
        Assert.False(record.CostIsLowerBound);
    }

    [Fact]
    public async Task Stream_AbandonedAfterTheFirstUpdate_IsCancelled_WithAnUnknownCost_AsTheShimsRecordIt()
    {
        Server.Enqueue(new OpenAiReply { Model = "mw-gpt", Content = "one two three four", Usage = CachedUsage, StreamChunkCount = 4 });

        await foreach (ChatResponseUpdate update in Tracked(OpenAi()).GetStreamingResponseAsync("hi"))
        {
            Assert.NotNull(update);
            break;
        }

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Null(record.CostUsd); // OpenAI reports no input before the end: no lower bound to give, and never $0
    }

    [Fact]
    public async Task Stream_CutOffBeforeTheUsageChunk_IsIncomplete()
    {
        Server.Enqueue(new OpenAiReply { Model = "mw-gpt", Content = "one two three", Usage = CachedUsage, AbortStreamAfterChunks = 2, TruncateInsteadOfAbort = true });

        await DrainAsync(Tracked(OpenAi()).GetStreamingResponseAsync("hi"));

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Incomplete, record.Outcome);
        Assert.Null(record.CostUsd);
    }

    [Fact]
    public async Task ProviderError_ReachesTheCaller_AndIsRecordedAsAnErrorAtZero()
    {
        Server.EnqueueError(HttpStatusCode.BadRequest, "bad request");

        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => Tracked(OpenAi()).GetResponseAsync("hi"));

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(System.ClientModel.ClientResultException).FullName, record.ErrorType);
        Assert.Equal(0m, record.CostUsd);
    }

    [Fact]
    public async Task UnknownModel_IsRecordedWithAnUnknownCost_NeverZero_AndReportedOnce()
    {
        Server.EnqueueCompletion("mw-unpriced-1", "a", new OpenAiUsage(100, 10));
        Server.EnqueueCompletion("mw-unpriced-1", "b", new OpenAiUsage(100, 10));
        IChatClient client = Tracked(OpenAi("mw-unpriced"));

        await client.GetResponseAsync("one");
        await client.GetResponseAsync("two");

        Assert.Equal(2, Sink.Records.Count);
        Assert.All(Sink.Records, r =>
        {
            Assert.Equal("mw-unpriced", r.Model);
            Assert.Null(r.CostUsd);
            Assert.Contains("mw-unpriced", r.PricingError);
        });
        LlmCostErrorEventArgs reported = Assert.Single(Errors, e => e.Kind == LlmCostErrorKind.ModelNotPriced);
        Assert.Contains("'mw-unpriced'", reported.Message);
    }

    [Fact]
    public async Task RegisteredTwice_RecordsOnce()
    {
        Server.EnqueueCompletion("mw-gpt", "once", new OpenAiUsage(100, 10));
        IChatClient client = OpenAi().AsBuilder()
            .UseCostTracking(o => o.Pipeline = Pipeline)
            .UseCostTracking(o => o.Pipeline = Pipeline)
            .Build();

        await client.GetResponseAsync("hi");

        Assert.Equal(CostTrackingChatClient.ResponseOperation, SingleRecord().Operation);
    }

    [Fact]
    public async Task ACallMadeDuringAnotherTrackedCall_IsItsOwn_BothRecorded()
    {
        Server.EnqueueCompletion("mw-mini", "tool's answer", new OpenAiUsage(100, 10));
        Server.EnqueueCompletion("mw-gpt", "answer", new OpenAiUsage(1_000, 100));
        // A tool (here: a layer of the outer pipeline) asks another tracked client before the outer call goes out.
        IChatClient tool = Tracked(OpenAi("mw-mini"), o => o.Project = "tool");
        IChatClient outer = Tracked(new AskingFirstChatClient(OpenAi(), tool), o => o.Project = "agent");

        await outer.GetResponseAsync("hi");

        Assert.Equal([("tool", "mw-mini", 100L), ("agent", "mw-gpt", 1_000L)], Sink.Records.Select(r => (r.Project, r.Model, r.Usage.InputTokens)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ComposesWithUseOpenTelemetry_InEitherOrder_RecordingOnce(bool costTrackingOutside)
    {
        Server.EnqueueCompletion("mw-gpt-2026-01-01", "traced", CachedUsage);
        Server.Enqueue(new OpenAiReply { Model = "mw-gpt-2026-01-01", Content = "streamed", Usage = CachedUsage });
        ChatClientBuilder builder = OpenAi().AsBuilder();
        IChatClient client = (costTrackingOutside
                ? builder.UseCostTracking(o => o.Pipeline = Pipeline).UseOpenTelemetry()
                : builder.UseOpenTelemetry().UseCostTracking(o => o.Pipeline = Pipeline))
            .Build();

        ChatResponse response = await client.GetResponseAsync("hi");
        List<ChatResponseUpdate> updates = await DrainAsync(client.GetStreamingResponseAsync("hi"));

        Assert.Equal("traced", response.Text);
        Assert.Equal("streamed", updates.ToChatResponse().Text);
        Assert.NotNull(client.GetService<OpenTelemetryChatClient>());
        Assert.Equal([CostTrackingChatClient.ResponseOperation, CostTrackingChatClient.StreamingOperation], Sink.Records.Select(r => r.Operation));
        Assert.All(Sink.Records, r => Assert.Equal(CachedCost, r.CostUsd));
    }
}
