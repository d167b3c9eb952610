using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>Microsoft.Extensions.AI: <see cref="ChatResponse"/> and streamed <see cref="ChatResponseUpdate"/>s through metered methods.</summary>
[Collection(MeteringCollection.Name)]
public sealed class ChatClientMeteringTests : MeteringTestBase
{
    [Fact]
    public async Task ChatResponse_ModelFromModelId_ResolvesThroughTheAlias()
    {
        FakeChatClient chat = new();
        chat.Enqueue(FakeChatReply.WithUsage("e2e-reasoner-2026-02-01", "answer", input: 5_000, output: 1_000, cachedInput: 3_000, reasoning: 250));

        ChatResponse response = await new ChatScenarios(chat).AskAsync("hi");

        Assert.Equal("answer", response.Text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal("e2e-reasoner-2026-02-01", record.Model);
        Assert.Equal(new LlmUsage(5_000, 1_000, CachedInputTokens: 3_000, ReasoningTokens: 250), record.Usage);
        // 2,000 fresh × 0.00000125 + 3,000 cached × 0.000000125 + 750 output × 0.00001 + 250 reasoning × 0.000015
        // = 0.0025 + 0.000375 + 0.0075 + 0.00375
        Assert.Equal(0.014125m, record.CostUsd);
    }

    [Fact]
    public async Task ChatResponseStream_UsageContentInTheLastTextUpdate_ModelFromTheUpdates()
    {
        FakeChatClient chat = new();
        chat.Enqueue(new FakeChatReply
        {
            ModelId = "e2e-gpt",
            Text = "one two three",
            Usage = new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 100, CachedInputTokenCount = 200, ReasoningTokenCount = 20 },
            UsageInSeparateUpdate = false,
        });

        List<ChatResponseUpdate> updates = await DrainAsync(new ChatScenarios(chat).StreamAsync("hi"));

        Assert.Equal("one two three", updates.ToChatResponse().Text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal("e2e-gpt", record.Model);
        // 800 fresh × 0.000002 + 200 cached × 0.0000005 + 80 output × 0.000008 + 20 reasoning × 0.000012
        // = 0.0016 + 0.0001 + 0.00064 + 0.00024
        Assert.Equal(0.00258m, record.CostUsd);
    }

    [Fact]
    public async Task ValueTaskOfChatResponse_IsMetered()
    {
        FakeChatClient chat = new();
        chat.Enqueue(FakeChatReply.WithUsage("e2e-gpt", "value task", input: 2_000, output: 500));

        ChatResponse response = await new ChatScenarios(chat).AskValueTaskAsync("hi");

        Assert.Equal("value task", response.Text);
        // 2,000 × 0.000002 + 500 × 0.000008 = 0.004 + 0.004
        Assert.Equal(0.008m, SingleRecord().CostUsd);
    }

    [Fact]
    public async Task TaskAlreadyCompleted_IsRecordedAndReturnedAsItIs()
    {
        ChatResponse canned = new(new ChatMessage(ChatRole.Assistant, "canned"))
        {
            ModelId = "e2e-gpt",
            Usage = new UsageDetails { InputTokenCount = 3_000, OutputTokenCount = 100 },
        };

        Task<ChatResponse> task = new ChatScenarios(new CompletedChatClient(canned)).AskGptAsync("hi");

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Same(canned, await task);
        // 3,000 × 0.000002 + 100 × 0.000008 = 0.006 + 0.0008
        Assert.Equal(0.0068m, SingleRecord().CostUsd);
    }

    [Fact]
    public void ExceptionBeforeATaskIsReturned_IsStillThrownSynchronously()
    {
        ChatScenarios broken = new(null!); // GetResponseAsync(IChatClient, string) validates its receiver synchronously

        Assert.Throws<ArgumentNullException>(() => { _ = broken.AskGptAsync("hi"); });

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(ArgumentNullException).FullName, record.ErrorType);
    }

    [Fact]
    public async Task Exception_IsTheSameInstance_AndIsRecordedAsError()
    {
        FakeChatClient chat = new();
        InvalidOperationException failure = new("provider down");
        chat.EnqueueException(failure);

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => new ChatScenarios(chat).AskGptAsync("hi"));

        Assert.Same(failure, thrown);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(InvalidOperationException).FullName, record.ErrorType);
        Assert.Equal(0m, record.CostUsd);
        Assert.Equal("e2e-gpt", record.Model);
    }

    [Fact]
    public async Task StreamException_IsTheSameInstance_RecordedOnceAsError()
    {
        FakeChatClient chat = new();
        TimeoutException failure = new("mid-stream");
        chat.Enqueue(new FakeChatReply { ModelId = "e2e-gpt", Exception = failure, ThrowAfterChunks = 1 });

        TimeoutException thrown = await Assert.ThrowsAsync<TimeoutException>(() => DrainAsync(new ChatScenarios(chat).StreamAsync("hi")));

        Assert.Same(failure, thrown);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(TimeoutException).FullName, record.ErrorType);
    }

    [Fact]
    public async Task StreamCancelledThroughWithCancellation_TokenReachesTheSource_RecordedOnceAsCancelled()
    {
        FakeChatClient chat = new();
        chat.Enqueue(new FakeChatReply
        {
            ModelId = "e2e-gpt",
            Text = "one two three four five six",
            StreamChunkCount = 6,
            Usage = new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 100 },
        });
        using CancellationTokenSource cts = new();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in new ChatScenarios(chat).StreamAsync("hi").WithCancellation(cts.Token))
            {
                seen++;
                cts.Cancel();
            }
        });

        Assert.Equal(1, seen);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Null(record.CostUsd); // the usage update was never reached
    }

    [Fact]
    public async Task OperationCanceled_IsRecordedAsCancelled()
    {
        FakeChatClient chat = new();
        chat.Enqueue(FakeChatReply.WithUsage("e2e-gpt", "never", input: 10, output: 10));
        using CancellationTokenSource cts = new();
        cts.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() => new ChatScenarios(chat).AskGptAsync("hi", cts.Token));

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Null(record.CostUsd);
    }

    /// <summary>An <see cref="IChatClient"/> whose tasks have already completed.</summary>
    private sealed class CompletedChatClient(ChatResponse response) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(response);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
