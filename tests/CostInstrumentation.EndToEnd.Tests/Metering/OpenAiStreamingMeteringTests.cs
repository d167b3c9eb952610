using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>
/// The real OpenAI streaming chat client, through metered methods returning
/// <c>IAsyncEnumerable&lt;StreamingChatCompletionUpdate&gt;</c>: usage from the final chunk, and exactly one record
/// however the stream ends.
/// </summary>
[Collection(MeteringCollection.Name)]
public sealed class OpenAiStreamingMeteringTests : MeteringTestBase
{
    private OpenAiScenarios Chat => new(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt"));

    [Fact]
    public async Task Stream_UsageFromTheFinalChunk_ModelFromTheChunks_CountedOnce()
    {
        OpenAiServer.Enqueue(new OpenAiReply
        {
            Model = "e2e-gpt-2026-01-01",
            Content = "streamed with reasoning",
            Usage = new OpenAiUsage(3_000, 600, CachedTokens: 1_000, ReasoningTokens: 100),
            StreamChunkCount = 4,
        });

        int line = Line(); List<StreamingChatCompletionUpdate> updates = await DrainAsync(Chat.StreamAnyAsync("stream", session: "s-stream"));

        Assert.Equal("streamed with reasoning", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.NotNull(updates[^1].Usage); // the items reach the caller as the SDK produced them
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal("e2e-gpt-2026-01-01", record.Model);
        Assert.Equal("s-stream", record.SessionId);
        Assert.Equal($"Metering/OpenAiStreamingMeteringTests.cs:{line}", record.CallSite);
        Assert.Equal(new LlmUsage(3_000, 600, CachedInputTokens: 1_000, ReasoningTokens: 100), record.Usage);
        // 2,000 fresh × 0.000002 + 1,000 cached × 0.0000005 + 500 output × 0.000008 + 100 reasoning × 0.000012
        // = 0.004 + 0.0005 + 0.004 + 0.0012
        Assert.Equal(0.0097m, record.CostUsd);
        Assert.False(record.CostIsLowerBound);
    }

    [Fact]
    public async Task Stream_AbandonedAfterTheUsageChunk_IsCancelledButPricedFromTheUsageSeen()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "a b c", Usage = new OpenAiUsage(2_000, 50), StreamChunkCount = 3 });

        await foreach (StreamingChatCompletionUpdate update in Chat.StreamAsync("stream"))
        {
            if (update.Usage is not null)
            {
                break;
            }
        }

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Equal(new LlmUsage(2_000, 50), record.Usage);
        // 2,000 × 0.000002 + 50 × 0.000008 = 0.004 + 0.0004
        Assert.Equal(0.0044m, record.CostUsd);
        Assert.False(record.CostIsLowerBound); // the final usage had arrived: exact
    }

    [Fact]
    public async Task Stream_TokenCancelledBeforeEnumeration_RecordedOnceAsCancelled()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "never sent", Usage = new OpenAiUsage(2_000, 50) });
        using CancellationTokenSource cts = new();
        IAsyncEnumerable<StreamingChatCompletionUpdate> stream = Chat.StreamAsync("stream", cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DrainAsync(stream));

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Null(record.CostUsd); // nothing was seen: unknown, not $0
    }

    [Fact]
    public async Task Stream_TokenCancelledMidStream_RecordedOnceAsCancelled()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "one two three four five six", Usage = new OpenAiUsage(2_000, 50), StreamChunkCount = 6 });
        using CancellationTokenSource cts = new();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (StreamingChatCompletionUpdate _ in Chat.StreamAsync("stream", cts.Token))
            {
                seen++;
                cts.Cancel();
            }
        });

        Assert.Equal(1, seen);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Null(record.CostUsd);
    }

    [Fact]
    public async Task Stream_WithCancellationToken_ReachesTheSdkEnumerator_WhichBehavesAsWithoutMetering()
    {
        // OpenAI 2.10.0's AsyncCollectionResult ignores the token given to GetAsyncEnumerator (only the method's
        // cancellationToken counts): the metered stream passes the token on and keeps that behaviour.
        ChatClient direct = SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt");
        OpenAiReply reply = new() { Model = "e2e-gpt", Content = "one two three four five six", Usage = new OpenAiUsage(2_000, 50), StreamChunkCount = 6 };
        OpenAiServer.Enqueue(reply).Enqueue(reply);

        async Task<int> CountAsync(IAsyncEnumerable<StreamingChatCompletionUpdate> stream)
        {
            using CancellationTokenSource cts = new();
            int seen = 0;
            await foreach (StreamingChatCompletionUpdate _ in stream.WithCancellation(cts.Token))
            {
                seen++;
                cts.Cancel();
            }

            return seen;
        }

        int unmetered = await CountAsync(direct.CompleteChatStreamingAsync([new UserChatMessage("stream")]));
        int metered = await CountAsync(Chat.StreamAsync("stream"));

        Assert.Equal(unmetered, metered);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        // 2,000 × 0.000002 + 50 × 0.000008 = 0.004 + 0.0004
        Assert.Equal(0.0044m, record.CostUsd);
    }

    [Fact]
    public async Task Stream_HttpError_ReachesTheCallerUnchanged_RecordedOnceAsError()
    {
        OpenAiServer.EnqueueError(HttpStatusCode.InternalServerError, "stream failed");

        ClientResultException thrown = await Assert.ThrowsAsync<ClientResultException>(() => DrainAsync(Chat.StreamAsync("stream")));

        Assert.Equal(500, thrown.Status);
        Assert.Contains("stream failed", thrown.Message, StringComparison.Ordinal);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(ClientResultException).FullName, record.ErrorType);
        Assert.Equal(0m, record.CostUsd); // providers do not bill an error response
    }

    [Fact]
    public async Task Stream_ConnectionLostMidway_RecordedOnceAsError()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "this stream will break", StreamChunkCount = 4, AbortStreamAfterChunks = 2 });

        Exception thrown = await Record.ExceptionAsync(() => DrainAsync(Chat.StreamAsync("stream")));

        Assert.NotNull(thrown);
        Assert.IsNotAssignableFrom<OperationCanceledException>(thrown);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(thrown.GetType().FullName, record.ErrorType);
        Assert.Null(record.CostUsd); // the provider was generating (billed), and its usage never came: unknown, not $0
        Assert.NotNull(record.PricingError);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Stream_TruncatedBeforeTheUsageChunk_IsIncomplete_WithUnknownCost(int contentChunks)
    {
        // 4: every content chunk arrived, then the response ended without the finish chunk, the usage chunk or [DONE].
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "this stream just stops", Usage = new OpenAiUsage(2_000, 50), StreamChunkCount = 4, AbortStreamAfterChunks = contentChunks, TruncateInsteadOfAbort = true });

        List<StreamingChatCompletionUpdate> updates = await DrainAsync(Chat.StreamAsync("stream"));

        Assert.Equal(1 + contentChunks, updates.Count); // the role chunk and the content chunks: the SDK ends the stream quietly
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Incomplete, record.Outcome);
        Assert.Equal(default, record.Usage);
        Assert.Null(record.CostUsd);
        Assert.False(record.CostIsLowerBound);
        Assert.Equal("The stream ended before the provider reported its token usage.", record.PricingError);
    }

    [Fact]
    public async Task Stream_WithoutAUsageChunk_IsIncompleteWithUnknownCost_ReportedOncePerCallSite()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "no usage", ForceStreamUsage = false });
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "no usage", ForceStreamUsage = false });

        for (int i = 0; i < 2; i++)
        {
            await DrainAsync(Chat.StreamAsync("stream"));
        }

        Assert.Equal(2, Sink.Records.Count);
        Assert.All(Sink.Records, record =>
        {
            Assert.Equal(LlmCallOutcome.Incomplete, record.Outcome); // the provider's final usage never came
            Assert.Null(record.CostUsd);
            Assert.NotNull(record.PricingError);
        });
        Assert.Single(Errors, e => e.Kind == LlmCostErrorKind.UsageUnavailable);
    }
}
