using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>
/// The real Anthropic client through metered methods: canonical input = input_tokens + cache reads + cache writes,
/// each priced at its own rate; streams priced from message_start and the last message_delta.
/// </summary>
[Collection(MeteringCollection.Name)]
public sealed class AnthropicMeteringTests : MeteringTestBase
{
    private AnthropicScenarios Claude => new(SdkClients.CreateAnthropicClient(AnthropicServer));

    [Fact]
    public async Task Message_ModelFromTheResponse_ResolvesThroughTheAlias()
    {
        AnthropicServer.EnqueueMessage("e2e-claude-20260101", "ok", new AnthropicUsage(InputTokens: 100, OutputTokens: 50, CacheReadInputTokens: null, CacheCreationInputTokens: null));

        int line = Line(); Message message = await Claude.AskAsync("hi");

        Assert.Equal("e2e-claude-20260101", message.Model.Raw());
        LlmCallRecord record = SingleRecord();
        Assert.Equal("e2e-claude-20260101", record.Model);
        Assert.Equal("anthropic", record.Provider);
        Assert.Equal(new LlmUsage(100, 50), record.Usage); // absent cache fields are zero
        Assert.Equal($"Metering/AnthropicMeteringTests.cs:{line}", record.CallSite);
        // 100 × 0.000003 + 50 × 0.000015 = 0.0003 + 0.00075
        Assert.Equal(0.00105m, record.CostUsd);
    }

    [Fact]
    public async Task LongContext_IsSelectedByTheCanonicalInput_WhichIncludesCacheTokens()
    {
        // input_tokens alone (10,000) is far below the 200,000 threshold; with cache reads and writes it is 210,000.
        AnthropicUsage usage = new(InputTokens: 10_000, OutputTokens: 1_000, CacheReadInputTokens: 195_000, CacheCreationInputTokens: 5_000);
        AnthropicServer.EnqueueMessage("e2e-claude-20260101", "ok", usage);
        AnthropicServer.Enqueue(new AnthropicReply { Model = "e2e-claude-20260101", Content = "streamed", Usage = usage });

        await Claude.AskAsync("long"); // model from the response, priced at run time
        await DrainAsync(Claude.StreamAsync("long")); // constant model, rates compiled in

        // 10,000 × 0.000006 + 195,000 cached × 0.0000006 + 5,000 cache writes × 0.0000075 + 1,000 × 0.0000225
        // = 0.06 + 0.117 + 0.0375 + 0.0225
        Assert.Collection(
            Sink.Records,
            message =>
            {
                Assert.Equal(new LlmUsage(210_000, 1_000, CachedInputTokens: 195_000, CacheWriteInputTokens: 5_000), message.Usage);
                Assert.Equal(0.237m, message.CostUsd);
            },
            stream =>
            {
                Assert.Equal(new LlmUsage(210_000, 1_000, CachedInputTokens: 195_000, CacheWriteInputTokens: 5_000), stream.Usage);
                Assert.Equal(0.237m, stream.CostUsd);
            });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stream_ModelFromMessageStart_SessionFromTheParameter(bool deltaIncludesInput)
    {
        AnthropicServer.Enqueue(new AnthropicReply
        {
            Model = "e2e-claude-20260101",
            Content = "streamed",
            Usage = new AnthropicUsage(InputTokens: 2_000, OutputTokens: 300, CacheReadInputTokens: 10_000, CacheCreationInputTokens: 0),
            DeltaUsageIncludesInput = deltaIncludesInput,
        });

        List<RawMessageStreamEvent> events = await DrainAsync(Claude.StreamAnyAsync("hi", session: "claude-session"));

        Assert.True(events[0].TryPickStart(out _));
        Assert.True(events[^1].TryPickStop(out _));
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal("e2e-claude-20260101", record.Model);
        Assert.Equal("claude-session", record.SessionId);
        Assert.Equal("claude-streams", record.Project);
        Assert.Equal(new LlmUsage(12_000, 300, CachedInputTokens: 10_000), record.Usage);
        // 2,000 × 0.000003 + 10,000 cached × 0.0000003 + 300 × 0.000015 = 0.006 + 0.003 + 0.0045
        Assert.Equal(0.0135m, record.CostUsd);
        Assert.False(record.CostIsLowerBound);
    }

    [Fact]
    public async Task Stream_AbandonedAfterMessageStart_IsCancelledAndPricedFromTheUsageSeen()
    {
        AnthropicServer.Enqueue(new AnthropicReply
        {
            Model = "e2e-claude-20260101",
            Content = "a long answer that is never read",
            Usage = new AnthropicUsage(InputTokens: 25, OutputTokens: 80, CacheReadInputTokens: 400, CacheCreationInputTokens: 100),
            StartOutputTokens = 1,
        });

        await foreach (RawMessageStreamEvent _ in Claude.StreamAsync("hi"))
        {
            break; // only message_start was read
        }

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Equal(new LlmUsage(525, 1, CachedInputTokens: 400, CacheWriteInputTokens: 100), record.Usage);
        // 25 × 0.000003 + 400 × 0.0000003 + 100 × 0.00000375 + 1 × 0.000015 = 0.000075 + 0.00012 + 0.000375 + 0.000015
        Assert.Equal(0.000585m, record.CostUsd);
        Assert.True(record.CostIsLowerBound); // the 80 output tokens generated were never reported
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task Stream_CutOffBeforeMessageDelta_IsIncomplete_PricedFromMessageStartAsAFlaggedLowerBound(int textDeltas)
    {
        AnthropicServer.Enqueue(new AnthropicReply
        {
            Model = "e2e-claude-20260101",
            Content = "an answer the server stops sending",
            Usage = new AnthropicUsage(InputTokens: 25, OutputTokens: 80, CacheReadInputTokens: 400, CacheCreationInputTokens: 100),
            StreamChunkCount = 4,
            AbortStreamAfterChunks = textDeltas,
            TruncateInsteadOfAbort = true,
        });

        List<RawMessageStreamEvent> events = await DrainAsync(Claude.StreamAsync("hi"));

        Assert.True(events[0].TryPickStart(out _));
        Assert.DoesNotContain(events, e => e.TryPickDelta(out _)); // the SDK ends the stream quietly, without message_delta
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Incomplete, record.Outcome);
        Assert.Null(record.ErrorType);
        Assert.Equal(new LlmUsage(525, 1, CachedInputTokens: 400, CacheWriteInputTokens: 100), record.Usage); // message_start's placeholder output
        // 25 × 0.000003 + 400 × 0.0000003 + 100 × 0.00000375 + 1 × 0.000015: at least this, the 80 output tokens unreported
        Assert.Equal(0.000585m, record.CostUsd);
        Assert.True(record.CostIsLowerBound);
    }

    [Fact]
    public async Task Stream_ConnectionResetAfterMessageStart_IsAnError_PricedAsAFlaggedLowerBound_NotZero()
    {
        AnthropicServer.Enqueue(new AnthropicReply
        {
            Model = "e2e-claude-20260101",
            Content = "an answer cut by the network",
            Usage = new AnthropicUsage(InputTokens: 2_000, OutputTokens: 300),
            StreamChunkCount = 4,
            AbortStreamAfterChunks = 1,
        });

        Exception thrown = await Record.ExceptionAsync(() => DrainAsync(Claude.StreamAsync("hi")));

        Assert.NotNull(thrown);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(thrown.GetType().FullName, record.ErrorType);
        Assert.Equal(new LlmUsage(2_000, 1), record.Usage);
        // 2,000 × 0.000003 + 1 × 0.000015: the provider was generating, so it bills at least this
        Assert.Equal(0.006015m, record.CostUsd);
        Assert.True(record.CostIsLowerBound);
    }

    [Fact]
    public async Task Message_ThinkingTokens_AreItsReasoningTokens()
    {
        AnthropicServer.EnqueueMessage("e2e-claude-20260101", "thought it through", new AnthropicUsage(InputTokens: 1_000, OutputTokens: 600, ThinkingTokens: 450));

        await Claude.AskAsync("think");

        LlmCallRecord record = SingleRecord();
        Assert.Equal(new LlmUsage(1_000, 600, ReasoningTokens: 450), record.Usage);
        // 1,000 × 0.000003 + 600 × 0.000015 (thinking is output, at the output rate) = 0.003 + 0.009
        Assert.Equal(0.012m, record.CostUsd);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stream_ThinkingTokensFromMessageDelta_AreItsReasoningTokens(bool deltaIncludesInput)
    {
        AnthropicServer.Enqueue(new AnthropicReply
        {
            Model = "e2e-claude-20260101",
            Content = "streamed thoughts",
            Usage = new AnthropicUsage(InputTokens: 1_000, OutputTokens: 600, ThinkingTokens: 450),
            DeltaUsageIncludesInput = deltaIncludesInput,
        });

        await DrainAsync(Claude.StreamAsync("think"));

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal(new LlmUsage(1_000, 600, ReasoningTokens: 450), record.Usage);
        Assert.Equal(0.012m, record.CostUsd);
        Assert.False(record.CostIsLowerBound);
    }

    [Fact]
    public async Task HttpError_ReachesTheCallerUnchanged_AndIsRecordedAsError()
    {
        AnthropicServer.EnqueueError(HttpStatusCode.InternalServerError, "claude failed");

        Anthropic5xxException thrown = await Assert.ThrowsAsync<Anthropic5xxException>(() => Claude.AskAsync("hi"));

        Assert.Equal(HttpStatusCode.InternalServerError, thrown.StatusCode);
        Assert.Contains("claude failed", thrown.ResponseBody, StringComparison.Ordinal);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(Anthropic5xxException).FullName, record.ErrorType);
        Assert.Equal(0m, record.CostUsd);
    }

    [Fact]
    public async Task Stream_HttpError_ReachesTheCallerUnchanged_AndIsRecordedOnceAsError()
    {
        AnthropicServer.EnqueueError(HttpStatusCode.TooManyRequests, "slow down");

        await Assert.ThrowsAsync<AnthropicRateLimitException>(() => DrainAsync(Claude.StreamAsync("hi")));

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(AnthropicRateLimitException).FullName, record.ErrorType);
        Assert.Equal(0m, record.CostUsd);
    }

    [Fact]
    public async Task Cancellation_SameExceptionTypeAsWithoutMetering_RecordedAsCancelled()
    {
        // What the SDK itself throws when its token is cancelled, without metering.
        AnthropicServer.Enqueue(new AnthropicReply { Model = "e2e-claude", Delay = TimeSpan.FromSeconds(10) });
        using AnthropicClient direct = SdkClients.CreateAnthropicClient(AnthropicServer);
        using (CancellationTokenSource cts = new(TimeSpan.FromMilliseconds(200)))
        {
            Exception unmetered = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => direct.Messages.Create(
                new MessageCreateParams { MaxTokens = 16, Model = "claude-sonnet-4-5", Messages = [AnthropicMessages.User("hi")] },
                cts.Token));
            Assert.Empty(Sink.Records);

            AnthropicServer.Enqueue(new AnthropicReply { Model = "e2e-claude", Delay = TimeSpan.FromSeconds(10) });
            using CancellationTokenSource meteredCts = new(TimeSpan.FromMilliseconds(200));
            Exception metered = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Claude.AskAsync("hi", meteredCts.Token));

            Assert.Equal(unmetered.GetType(), metered.GetType());
            LlmCallRecord record = SingleRecord();
            Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
            Assert.Null(record.CostUsd);
        }
    }
}
