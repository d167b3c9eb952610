using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>
/// The Anthropic SDK's own <see cref="IChatClient"/> (<c>AnthropicClient.AsIChatClient</c>) over the loopback server,
/// through metered methods. The adapter's <see cref="UsageDetails"/>: <c>InputTokenCount</c> = input + cache reads +
/// cache writes, <c>CachedInputTokenCount</c> = cache reads, <c>AdditionalCounts["CacheCreationInputTokens"]</c> = cache
/// writes. Rates (e2e-claude, per million): input 3, cache read 0.3, cache write 3.75, output 15.
/// </summary>
[Collection(MeteringCollection.Name)]
public sealed class AnthropicChatClientMeteringTests : MeteringTestBase
{
    private static readonly AnthropicUsage CachedUsage = new(InputTokens: 100, OutputTokens: 400, CacheReadInputTokens: 30_000, CacheCreationInputTokens: 2_000);

    private static readonly LlmUsage CanonicalCachedUsage = new(32_100, 400, CachedInputTokens: 30_000, CacheWriteInputTokens: 2_000);

    // 100 fresh × 0.000003 + 30,000 cache reads × 0.0000003 + 2,000 cache writes × 0.00000375 + 400 output × 0.000015
    // = 0.0003 + 0.009 + 0.0075 + 0.006
    private const decimal CachedCost = 0.0228m;

    private ChatScenarios Claude => new(SdkClients.CreateAnthropicChatClient(AnthropicServer));

    [Fact]
    public async Task ChatResponse_CacheReadsAndWrites_AreCanonicalAndPricedAtTheirOwnRates()
    {
        AnthropicServer.EnqueueMessage("e2e-claude-20260101", "cached answer", CachedUsage);

        ChatResponse response = await Claude.AskAsync("hi");

        Assert.Equal("cached answer", response.Text);
        Assert.Equal(2_000L, response.Usage!.AdditionalCounts![ChatUsageDetails.AnthropicCacheWriteKey]); // the key the reader relies on
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal("e2e-claude-20260101", record.Model);
        Assert.Equal(CanonicalCachedUsage, record.Usage);
        Assert.Equal(CachedCost, record.CostUsd);
    }

    [Fact]
    public async Task ChatResponse_NoCacheWrites_TheKeyIsAbsent_ReadsStillCanonical()
    {
        // The adapter only adds AdditionalCounts["CacheCreationInputTokens"] when cache writes are non-zero.
        AnthropicServer.EnqueueMessage("e2e-claude-20260101", "read only", new AnthropicUsage(InputTokens: 1_000, OutputTokens: 200, CacheReadInputTokens: 10_000, CacheCreationInputTokens: 0));

        ChatResponse response = await Claude.AskAsync("hi");

        Assert.Null(response.Usage!.AdditionalCounts);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(new LlmUsage(11_000, 200, CachedInputTokens: 10_000), record.Usage);
        // 1,000 × 0.000003 + 10,000 × 0.0000003 + 200 × 0.000015 = 0.003 + 0.003 + 0.003
        Assert.Equal(0.009m, record.CostUsd);
    }

    [Fact]
    public async Task ChatResponseStream_UsageContentFromTheLastMessageDelta_IsCanonical()
    {
        AnthropicServer.Enqueue(new AnthropicReply { Model = "e2e-claude-20260101", Content = "one two three", Usage = CachedUsage });

        List<ChatResponseUpdate> updates = await DrainAsync(Claude.StreamAsync("hi"));

        Assert.Equal("one two three", updates.ToChatResponse().Text);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal("e2e-claude-20260101", record.Model);
        Assert.Equal(CanonicalCachedUsage, record.Usage);
        Assert.Equal(CachedCost, record.CostUsd);
        Assert.False(record.CostIsLowerBound);
    }

    [Fact]
    public async Task ChatResponseStream_OlderDeltaShape_AdapterLosesTheInput_CostIsUnknownNotUnderpriced()
    {
        // With a message_delta carrying only output_tokens, the adapter's UsageContent has no InputTokenCount
        // (it replaces message_start's usage with the delta's): unknown, never priced as zero input.
        AnthropicServer.Enqueue(new AnthropicReply { Model = "e2e-claude-20260101", Content = "old shape", Usage = CachedUsage, DeltaUsageIncludesInput = false });

        List<ChatResponseUpdate> updates = await DrainAsync(Claude.StreamAsync("hi"));

        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
#if PREVIOUS_SDKS
        Assert.Null(Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.InputTokenCount);
        Assert.Null(record.CostUsd);
        Assert.NotNull(record.PricingError);
        Assert.Contains(Errors, e => e.Kind == LlmCostErrorKind.UsageUnavailable);
#else
        // Anthropic 13's adapter keeps message_start's input counts: the call is priced in full.
        Assert.Equal(32_100, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.InputTokenCount);
        Assert.Equal(CanonicalCachedUsage, record.Usage);
        Assert.Equal(CachedCost, record.CostUsd);
#endif
    }

    [Fact]
    public async Task ChatResponse_ThinkingTokens_AreNotPassedOnByTheAdapter_SoReasoningIsZero()
    {
        // The reader takes UsageDetails.ReasoningTokenCount; the Anthropic adapter (12.36.0) leaves it unset and puts the
        // thinking count nowhere else. Should it start passing it on, this test fails and the reader already reads it.
        AnthropicServer.EnqueueMessage("e2e-claude-20260101", "thought", new AnthropicUsage(InputTokens: 1_000, OutputTokens: 600, ThinkingTokens: 450));

        ChatResponse response = await Claude.AskAsync("think");

        Assert.Null(response.Usage!.AdditionalCounts);
        LlmCallRecord record = SingleRecord();
#if PREVIOUS_SDKS
        Assert.Null(response.Usage.ReasoningTokenCount);
        Assert.Equal(new LlmUsage(1_000, 600), record.Usage);
#else
        // Anthropic 13's adapter passes the thinking count on, and the reader takes it.
        Assert.Equal(450, response.Usage.ReasoningTokenCount);
        Assert.Equal(new LlmUsage(1_000, 600, ReasoningTokens: 450), record.Usage);
#endif
        Assert.Equal(0.012m, record.CostUsd); // thinking is output, priced at the output rate either way
    }

    [Fact]
    public async Task ChatResponseStream_CutOffBeforeMessageDelta_IsIncomplete_PricedFromMessageStartAsAFlaggedLowerBound()
    {
        // Cut off, the adapter still ends with a UsageContent: message_start's counts (output = its placeholder 1), but
        // no finish reason, which only message_delta brings.
        AnthropicServer.Enqueue(new AnthropicReply { Model = "e2e-claude-20260101", Content = "one two three", Usage = CachedUsage, AbortStreamAfterChunks = 1, TruncateInsteadOfAbort = true });

        List<ChatResponseUpdate> updates = await DrainAsync(Claude.StreamAsync("hi"));

        Assert.Equal(1, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.OutputTokenCount);
        Assert.All(updates, u => Assert.Null(u.FinishReason));
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Incomplete, record.Outcome);
        Assert.Equal(CanonicalCachedUsage with { OutputTokens = 1 }, record.Usage);
        // 100 fresh × 0.000003 + 30,000 × 0.0000003 + 2,000 × 0.00000375 + 1 × 0.000015 = 0.0003 + 0.009 + 0.0075 + 0.000015
        Assert.Equal(0.016815m, record.CostUsd);
        Assert.True(record.CostIsLowerBound);
    }
}
