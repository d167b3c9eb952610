namespace CostInstrumentation;

/// <summary>
/// Token usage of one LLM call in canonical form: <see cref="InputTokens"/> includes cache reads and
/// cache writes, <see cref="OutputTokens"/> includes reasoning tokens. Every SDK adapter normalises to this.
/// </summary>
/// <param name="InputTokens">All input tokens, including <paramref name="CachedInputTokens"/> and <paramref name="CacheWriteInputTokens"/>.</param>
/// <param name="OutputTokens">All output tokens, including <paramref name="ReasoningTokens"/>.</param>
/// <param name="CachedInputTokens">Input tokens read from the provider's prompt cache (a subset of the input).</param>
/// <param name="CacheWriteInputTokens">Input tokens written to the prompt cache (a subset of the input).</param>
/// <param name="ReasoningTokens">Output tokens spent on reasoning (a subset of the output).</param>
public readonly record struct LlmUsage(
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens = 0,
    long CacheWriteInputTokens = 0,
    long ReasoningTokens = 0)
{
    /// <summary>Total tokens: input plus output.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>
    /// Checks the canonical invariants. Returns <see langword="null"/> when the usage is valid, else a
    /// message that says which invariant is broken and by which numbers.
    /// </summary>
    public string? Validate()
    {
        if (InputTokens < 0 || OutputTokens < 0 || CachedInputTokens < 0 || CacheWriteInputTokens < 0 || ReasoningTokens < 0)
        {
            return $"Token counts must not be negative (input {InputTokens}, output {OutputTokens}, cached {CachedInputTokens}, cache write {CacheWriteInputTokens}, reasoning {ReasoningTokens}).";
        }

        // Compared without adding the subsets, which could overflow for absurd counts.
        if (CachedInputTokens > InputTokens || CacheWriteInputTokens > InputTokens - CachedInputTokens)
        {
            return $"Cached ({CachedInputTokens}) plus cache-write ({CacheWriteInputTokens}) input tokens exceed the input tokens ({InputTokens}); InputTokens must include both.";
        }

        if (ReasoningTokens > OutputTokens)
        {
            return $"Reasoning tokens ({ReasoningTokens}) exceed the output tokens ({OutputTokens}); OutputTokens must include reasoning tokens.";
        }

        return null;
    }
}
