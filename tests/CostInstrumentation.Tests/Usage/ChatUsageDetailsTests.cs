namespace CostInstrumentation.Tests.Usage;

/// <summary>Microsoft.Extensions.AI usage counts to canonical usage: what the Anthropic and OpenAI adapters really report.</summary>
public sealed class ChatUsageDetailsTests
{
    [Fact]
    public void InputTokenCount_IsTakenAsTheCanonicalTotal_CacheWritesComeFromTheAnthropicKey()
    {
        Dictionary<string, long> additional = new() { [ChatUsageDetails.AnthropicCacheWriteKey] = 2_000, ["WebSearchRequests"] = 3 };

        LlmUsage? usage = ChatUsageDetails.ToLlmUsage(32_100, 400, 30_000, null, additional);

        Assert.Equal(new LlmUsage(32_100, 400, CachedInputTokens: 30_000, CacheWriteInputTokens: 2_000), usage);
    }

    [Fact]
    public void WithoutTheKey_NoCacheWrites_ReasoningKept()
    {
        Assert.Equal(new LlmUsage(5_000, 700, CachedInputTokens: 3_000, ReasoningTokens: 250), ChatUsageDetails.ToLlmUsage(5_000, 700, 3_000, 250, null));
        Assert.Equal(new LlmUsage(5_000, 700), ChatUsageDetails.ToLlmUsage(5_000, 700, null, null, new Dictionary<string, long> { ["OutputTokenDetails.AudioTokenCount"] = 0 }));
    }

    [Theory]
    [InlineData(null, 400L)]
    [InlineData(100L, null)]
    public void MissingInputOrOutput_IsUnknownUsage_NotZero(long? input, long? output) =>
        Assert.Null(ChatUsageDetails.ToLlmUsage(input, output, 10, null, null));
}
