using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>
/// Microsoft.Extensions.AI.OpenAI's <see cref="IChatClient"/> (<c>ChatClient.AsIChatClient</c>) over the loopback server,
/// through metered methods. The adapter's <see cref="UsageDetails"/>: <c>InputTokenCount</c> = <c>prompt_tokens</c>
/// (includes cached), <c>CachedInputTokenCount</c>, <c>ReasoningTokenCount</c> (inside <c>OutputTokenCount</c>); no cache
/// writes. Rates (e2e-gpt, per million): input 2, cache read 0.5, output 8, reasoning 12.
/// </summary>
[Collection(MeteringCollection.Name)]
public sealed class OpenAiChatClientMeteringTests : MeteringTestBase
{
    private static readonly OpenAiUsage CachedUsage = new(PromptTokens: 5_000, CompletionTokens: 700, CachedTokens: 3_000, ReasoningTokens: 250);

    private static readonly LlmUsage CanonicalCachedUsage = new(5_000, 700, CachedInputTokens: 3_000, ReasoningTokens: 250);

    // 2,000 fresh × 0.000002 + 3,000 cached × 0.0000005 + 450 output × 0.000008 + 250 reasoning × 0.000012
    // = 0.004 + 0.0015 + 0.0036 + 0.003
    private const decimal CachedCost = 0.0121m;

    private ChatScenarios Gpt => new(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt").AsIChatClient());

    [Fact]
    public async Task ChatResponse_CachedAndReasoning_AreCanonical_NothingAddedTwice()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt-2026-01-01", "cached answer", CachedUsage);

        ChatResponse response = await Gpt.AskAsync("hi");

        Assert.Equal("cached answer", response.Text);
        Assert.False(response.Usage!.AdditionalCounts!.ContainsKey(ChatUsageDetails.AnthropicCacheWriteKey));
        LlmCallRecord record = SingleRecord();
        Assert.Equal("e2e-gpt-2026-01-01", record.Model);
        Assert.Equal(CanonicalCachedUsage, record.Usage);
        Assert.Equal(CachedCost, record.CostUsd);
    }

    [Fact]
    public async Task ChatResponseStream_UsageContentFromTheUsageChunk_IsCanonical()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt-2026-01-01", Content = "one two three", Usage = CachedUsage });

        List<ChatResponseUpdate> updates = await DrainAsync(Gpt.StreamAsync("hi"));

        Assert.Equal("one two three", updates.ToChatResponse().Text);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal("e2e-gpt-2026-01-01", record.Model);
        Assert.Equal(CanonicalCachedUsage, record.Usage);
        Assert.Equal(CachedCost, record.CostUsd);
    }

    [Fact]
    public async Task ChatResponseStream_TruncatedBeforeTheUsageChunk_IsIncomplete_WithUnknownCost()
    {
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "one two three", Usage = CachedUsage, StreamChunkCount = 3, AbortStreamAfterChunks = 2, TruncateInsteadOfAbort = true });

        List<ChatResponseUpdate> updates = await DrainAsync(Gpt.StreamAsync("hi"));

        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Incomplete, record.Outcome);
        Assert.Null(record.CostUsd);
        Assert.False(record.CostIsLowerBound);
    }
}
