using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Anthropic.Models.Messages;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeteringCollection
{
    public const string Name = "Metering";
}

/// <summary>
/// The real OpenAI, Anthropic and Microsoft.Extensions.AI clients against loopback servers, through
/// metered methods: every recorded usage and cost is checked against a hand computation from
/// pricing/e2e-pricing.json (rates per 1M tokens: e2e-gpt 2 in / 8 out / 0.5 cached / 12 reasoning,
/// above 100K 4 / 16, priority 3.5 / 14; e2e-claude 3 in / 15 out / 0.3 cache read / 3.75 cache write).
/// </summary>
[Collection(MeteringCollection.Name)]
public sealed class MeteredSdkCallTests : IAsyncLifetime
{
    private readonly InMemoryCostSink _sink = new();
    private readonly List<LlmCostErrorEventArgs> _errors = [];
    private OpenAiLoopbackServer _openAi = null!;
    private AnthropicLoopbackServer _anthropic = null!;

    public async Task InitializeAsync()
    {
        _openAi = await OpenAiLoopbackServer.StartAsync();
        _anthropic = await AnthropicLoopbackServer.StartAsync();
        LlmCostTracker.Configure(options => options.AddSink(_sink));
        LlmCostTracker.Error += OnError;
    }

    public async Task DisposeAsync()
    {
        LlmCostTracker.Error -= OnError;
        LlmCostTracker.Configure(_ => { });
        await _openAi.DisposeAsync();
        await _anthropic.DisposeAsync();
    }

    private MeteredOpenAi OpenAi => new(SdkClients.CreateOpenAiChatClient(_openAi, "e2e-gpt"));

    [Fact]
    public async Task OpenAiChat_CachedAndReasoningTokensAreCountedOnce()
    {
        _openAi.EnqueueCompletion("e2e-gpt-2026-01-01", "ok", new OpenAiUsage(PromptTokens: 10_000, CompletionTokens: 500, CachedTokens: 4_000, ReasoningTokens: 200));

        ClientResult<ChatCompletion> result = await OpenAi.AskAsync("hi");

        Assert.Equal("ok", result.Value.Content[0].Text);
        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(new LlmUsage(10_000, 500, CachedInputTokens: 4_000, ReasoningTokens: 200), record.Usage);
        // 6,000 fresh × 0.000002 + 4,000 cached × 0.0000005 + 300 output × 0.000008 + 200 reasoning × 0.000012
        // = 0.012 + 0.002 + 0.0024 + 0.0024
        Assert.Equal(0.0188m, record.CostUsd);
        Assert.Equal("e2e-gpt", record.Model);
        Assert.Equal("openai", record.Provider);
        Assert.Equal("e2e", record.Project);
        Assert.Equal(["openai"], record.Tags);
        Assert.Equal("CostInstrumentation.EndToEnd.Tests.Metering.MeteredOpenAi.AskAsync", record.Operation);
        Assert.StartsWith("Metering/MeteredSdkCallTests.cs:", record.CallSite);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
    }

    [Fact]
    public void ModelFromTheResponse_DateSuffixedIdResolvesThroughItsAlias()
    {
        _openAi.EnqueueCompletion("e2e-gpt-2026-01-01", "ok", new OpenAiUsage(1_000, 100));

        OpenAi.Answer("hi", conversation: "conv-1");

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal("e2e-gpt-2026-01-01", record.Model);
        Assert.Equal("conv-1", record.SessionId);
        // 1,000 × 0.000002 + 100 × 0.000008 = 0.002 + 0.0008
        Assert.Equal(0.0028m, record.CostUsd);
    }

    [Fact]
    public async Task ModelFromParameter_LongContextCallIsBilledAtTheTier()
    {
        _openAi.EnqueueCompletion("e2e-gpt-2026-01-01", "ok", new OpenAiUsage(150_000, 1_000));

        await OpenAi.AskModelAsync("long", model: "e2e-gpt");

        // Input above 100,000: the whole call at the tier. 150,000 × 0.000004 + 1,000 × 0.000016 = 0.6 + 0.016
        Assert.Equal(0.616m, Assert.Single(_sink.Records).CostUsd);
    }

    [Fact]
    public async Task PriorityServiceTier_UsesThePriorityRates()
    {
        _openAi.EnqueueCompletion("e2e-gpt", "ok", new OpenAiUsage(1_000, 100));

        await OpenAi.AskPriorityAsync("fast");

        LlmCallRecord record = Assert.Single(_sink.Records);
        // 1,000 × 0.0000035 + 100 × 0.000014 = 0.0035 + 0.0014
        Assert.Equal(0.0049m, record.CostUsd);
        Assert.Equal("priority", record.ServiceTier);
    }

    [Fact]
    public async Task OpenAiStream_IsPricedFromTheFinalChunk()
    {
        _openAi.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "streamed text", Usage = new OpenAiUsage(2_000, 50), StreamChunkCount = 3 });

        string text = "";
        await foreach (StreamingChatCompletionUpdate update in OpenAi.StreamAsync("stream"))
        {
            text += string.Concat(update.ContentUpdate.Select(part => part.Text));
        }

        Assert.NotEmpty(text);
        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal(new LlmUsage(2_000, 50), record.Usage);
        // 2,000 × 0.000002 + 50 × 0.000008 = 0.004 + 0.0004
        Assert.Equal(0.0044m, record.CostUsd);
    }

    [Fact]
    public async Task AbandonedOpenAiStream_IsRecordedOnceAsCancelled_WithUnknownCost()
    {
        _openAi.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "a b c d e f", Usage = new OpenAiUsage(2_000, 50), StreamChunkCount = 5 });

        await foreach (StreamingChatCompletionUpdate _ in OpenAi.StreamAsync("stream"))
        {
            break;
        }

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Null(record.CostUsd); // The usage arrives in the last chunk, which was never read.
    }

    [Fact]
    public async Task HttpError_ReachesTheCallerUnchanged_AndIsRecordedAsError()
    {
        _openAi.EnqueueError(HttpStatusCode.InternalServerError, "upstream failed");

        ClientResultException thrown = await Assert.ThrowsAsync<ClientResultException>(() => OpenAi.AskAsync("hi"));

        Assert.Equal(500, thrown.Status);
        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(ClientResultException).FullName, record.ErrorType);
    }

    [Fact]
    public void UnpricedResponseModel_IsRecordedWithUnknownCostAndReportedOnce()
    {
        _openAi.EnqueueCompletion("mystery-model-e2e", "ok", new OpenAiUsage(10, 10));
        _openAi.EnqueueCompletion("mystery-model-e2e", "ok", new OpenAiUsage(10, 10));

        OpenAi.Answer("a", "s");
        OpenAi.Answer("b", "s");

        Assert.All(_sink.Records, r => Assert.Null(r.CostUsd));
        Assert.Single(_errors, e => e.Kind == LlmCostErrorKind.ModelNotPriced && e.Message.Contains("mystery-model-e2e"));
    }

    [Fact]
    public async Task ThrowingSink_NeverReachesTheCaller()
    {
        LlmCostTracker.Configure(options => options.AddSink(new ThrowingSink()).AddSink(_sink));
        _openAi.EnqueueCompletion("e2e-gpt", "still fine", new OpenAiUsage(10, 10));

        ClientResult<ChatCompletion> result = await OpenAi.AskAsync("hi");

        Assert.Equal("still fine", result.Value.Content[0].Text);
        Assert.Single(_sink.Records);
        Assert.Contains(_errors, e => e.Kind == LlmCostErrorKind.SinkFailed);
    }

    [Fact]
    public async Task ContextScope_FlowsAcrossAwaitAndTaskRun()
    {
        _openAi.EnqueueCompletion("e2e-gpt", "ok", new OpenAiUsage(10, 10));
        _openAi.EnqueueCompletion("e2e-gpt", "ok", new OpenAiUsage(10, 10));

        using (LlmCostContext.Begin(project: "billing", sessionId: "session-9", tags: "batch-job"))
        {
            await Task.Yield();
            await OpenAi.AskModelAsync("one", "e2e-gpt");
            await Task.Run(() => OpenAi.AskModelAsync("two", "e2e-gpt"));
        }

        Assert.Equal(2, _sink.Records.Count);
        Assert.All(_sink.Records, r =>
        {
            Assert.Equal("billing", r.Project);
            Assert.Equal("session-9", r.SessionId);
            Assert.Equal(["batch-job"], r.Tags);
        });
    }

    [Fact]
    public async Task AnthropicMessage_CacheTokensAreAddedToInputAndPricedAtTheirRates()
    {
        _anthropic.EnqueueMessage("e2e-claude-20260101", "ok", new AnthropicUsage(InputTokens: 50, OutputTokens: 200, CacheReadInputTokens: 3_000, CacheCreationInputTokens: 1_000));

        Message message = await new MeteredAnthropic(SdkClients.CreateAnthropicClient(_anthropic)).AskAsync("hi");

        Assert.Equal(200L, message.Usage.OutputTokens);
        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(new LlmUsage(4_050, 200, CachedInputTokens: 3_000, CacheWriteInputTokens: 1_000), record.Usage);
        // 50 × 0.000003 + 3,000 × 0.0000003 + 1,000 × 0.00000375 + 200 × 0.000015 = 0.00015 + 0.0009 + 0.00375 + 0.003
        Assert.Equal(0.0078m, record.CostUsd);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnthropicStream_InputFromMessageStart_OutputFromTheLastDelta(bool deltaIncludesInput)
    {
        _anthropic.Enqueue(new AnthropicReply
        {
            Model = "e2e-claude-20260101",
            Content = "streamed",
            Usage = new AnthropicUsage(InputTokens: 25, OutputTokens: 80, CacheReadInputTokens: 400, CacheCreationInputTokens: 100),
            DeltaUsageIncludesInput = deltaIncludesInput,
        });

        int events = 0;
        await foreach (RawMessageStreamEvent _ in new MeteredAnthropic(SdkClients.CreateAnthropicClient(_anthropic)).StreamAsync("hi"))
        {
            events++;
        }

        Assert.True(events > 2);
        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal(new LlmUsage(525, 80, CachedInputTokens: 400, CacheWriteInputTokens: 100), record.Usage);
        // 25 × 0.000003 + 400 × 0.0000003 + 100 × 0.00000375 + 80 × 0.000015 = 0.000075 + 0.00012 + 0.000375 + 0.0012
        Assert.Equal(0.00177m, record.CostUsd);
    }

    [Fact]
    public async Task ChatResponse_UsageDetailsArePriced()
    {
        FakeChatClient chat = new();
        chat.Enqueue(FakeChatReply.WithUsage("e2e-gpt", "ok", input: 1_000, output: 300, cachedInput: 600, reasoning: 100));

        await new MeteredChat(chat).AskAsync("hi");

        LlmCallRecord record = Assert.Single(_sink.Records);
        // 400 fresh × 0.000002 + 600 cached × 0.0000005 + 200 output × 0.000008 + 100 reasoning × 0.000012
        // = 0.0008 + 0.0003 + 0.0016 + 0.0012
        Assert.Equal(0.0039m, record.CostUsd);
    }

    [Fact]
    public async Task ChatResponseStream_UsageContentIsPriced()
    {
        FakeChatClient chat = new();
        chat.Enqueue(FakeChatReply.WithUsage("e2e-gpt", "one two three", input: 1_000, output: 100));

        await foreach (ChatResponseUpdate _ in new MeteredChat(chat).StreamAsync("hi"))
        {
        }

        // 1,000 × 0.000002 + 100 × 0.000008 = 0.002 + 0.0008
        Assert.Equal(0.0028m, Assert.Single(_sink.Records).CostUsd);
    }

    [Fact]
    public async Task MethodDeclaredInAnotherAssembly_IsMeteredWhereItIsCalled()
    {
        FakeChatClient chat = new();
        chat.Enqueue(FakeChatReply.WithUsage("e2e-gpt", "ok", input: 500, output: 50));

        await new CostInstrumentation.EndToEnd.Library.LibraryAssistant(chat).AskAsync("hi");

        LlmCallRecord record = Assert.Single(_sink.Records);
        Assert.Equal("CostInstrumentation.EndToEnd.Library.LibraryAssistant.AskAsync", record.Operation);
        Assert.StartsWith("Metering/MeteredSdkCallTests.cs:", record.CallSite);
        Assert.Equal("library", record.Project);
        // 500 × 0.000002 + 50 × 0.000008 = 0.001 + 0.0004
        Assert.Equal(0.0014m, record.CostUsd);
    }

    private void OnError(object? sender, LlmCostErrorEventArgs error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }

    private sealed class ThrowingSink : ILlmCostSink
    {
        public void Write(in LlmCallRecord record) => throw new InvalidOperationException("sink down");

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
