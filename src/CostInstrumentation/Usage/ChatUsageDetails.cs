using System.ComponentModel;

namespace CostInstrumentation;

/// <summary>
/// Maps the counts of a Microsoft.Extensions.AI <c>UsageDetails</c> (passed as plain values, so this assembly
/// does not depend on Microsoft.Extensions.AI) to canonical <see cref="LlmUsage"/>. Called by generated code.
/// </summary>
/// <remarks>
/// The emitted reader cannot know which <c>IChatClient</c> produced the usage, so the rules key off the data.
/// What the adapters put in <c>UsageDetails</c> (verified against the real adapters over a loopback server):
/// <list type="bullet">
/// <item><description>Anthropic 12.36.0 (<c>AnthropicClient.AsIChatClient</c>, also the beta client's):
/// <c>InputTokenCount</c> = <c>input_tokens + cache_read_input_tokens + cache_creation_input_tokens</c>;
/// <c>CachedInputTokenCount</c> = cache reads; <c>AdditionalCounts["CacheCreationInputTokens"]</c> = cache writes
/// (present only when non-zero); no reasoning count (thinking is inside <c>OutputTokenCount</c>).</description></item>
/// <item><description>Microsoft.Extensions.AI.OpenAI 10.5.0 (<c>ChatClient.AsIChatClient</c>; its Responses client maps the same fields):
/// <c>InputTokenCount</c> = <c>prompt_tokens</c> (includes cached); <c>CachedInputTokenCount</c>; <c>ReasoningTokenCount</c>
/// (inside <c>OutputTokenCount</c>); <c>AdditionalCounts</c> holds audio/prediction details only; no cache writes.</description></item>
/// </list>
/// So <c>InputTokenCount</c> is already the canonical total in both (as the <c>UsageDetails</c> contract asks): it is
/// taken as it is and the cache counts are never added again. Cache writes come from the
/// <see cref="AnthropicCacheWriteKey"/> count, else 0. Missing input or output counts make the usage unknown
/// (<see langword="null"/>: recorded with an unknown cost) rather than priced as zero.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ChatUsageDetails
{
    /// <summary>The <c>AdditionalCounts</c> key under which Anthropic's <c>IChatClient</c> reports cache-creation (cache write) tokens.</summary>
    public const string AnthropicCacheWriteKey = "CacheCreationInputTokens";

    /// <summary>Canonical usage from the counts of a <c>UsageDetails</c>; <see langword="null"/> when input or output is missing.</summary>
    public static LlmUsage? ToLlmUsage(long? inputTokenCount, long? outputTokenCount, long? cachedInputTokenCount, long? reasoningTokenCount, IDictionary<string, long>? additionalCounts)
    {
        if (inputTokenCount is not long input || outputTokenCount is not long output)
        {
            return null;
        }

        long cacheWrite = additionalCounts is not null && additionalCounts.TryGetValue(AnthropicCacheWriteKey, out long written) ? written : 0;
        return new LlmUsage(input, output, cachedInputTokenCount ?? 0, cacheWrite, reasoningTokenCount ?? 0);
    }
}
