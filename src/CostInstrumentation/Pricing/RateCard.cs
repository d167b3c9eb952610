namespace CostInstrumentation;

/// <summary>
/// Per-token USD rates as a pricing source states them. A missing rate is <see langword="null"/>; the
/// fallbacks of the cost rules are applied when a <see cref="ModelPrice"/> is built, not here.
/// </summary>
public sealed record RateCard
{
    /// <summary>An empty card: every rate falls back.</summary>
    public static RateCard None { get; } = new();

    /// <summary>Rate of an input token that is neither a cache read nor a cache write.</summary>
    public decimal? Input { get; init; }

    /// <summary>Rate of an output token (and of a reasoning token when <see cref="Reasoning"/> is missing).</summary>
    public decimal? Output { get; init; }

    /// <summary>Rate of an input token read from the prompt cache.</summary>
    public decimal? CacheRead { get; init; }

    /// <summary>Rate of an input token written to the prompt cache.</summary>
    public decimal? CacheWrite { get; init; }

    /// <summary>Rate of a reasoning token.</summary>
    public decimal? Reasoning { get; init; }

    /// <summary>True when the card names no rate at all.</summary>
    public bool IsEmpty => Input is null && Output is null && CacheRead is null && CacheWrite is null && Reasoning is null;
}

/// <summary>A long-context tier: applies to the whole call when its input exceeds <see cref="AboveInputTokens"/>.</summary>
/// <param name="AboveInputTokens">The tier applies when <c>InputTokens &gt; AboveInputTokens</c> (LiteLLM's <c>_above_&lt;N&gt;k_tokens</c> is N × 1000).</param>
/// <param name="Rates">The tier's rates; missing ones fall back to the base rates.</param>
public sealed record ContextTier(long AboveInputTokens, RateCard Rates);

/// <summary>One row of a tier table (LiteLLM's <c>tiered_pricing</c>): prices every token of a call whose input is in (Start, End].</summary>
/// <param name="Start">Exclusive lower bound of the call's input tokens.</param>
/// <param name="End">Inclusive upper bound; <see langword="null"/> for an open-ended last tier.</param>
/// <param name="Rates">The tier's rates; missing cache rates fall back to the tier's input rate, a missing output rate to the model's.</param>
public sealed record RangeTier(long Start, long? End, RateCard Rates);

/// <summary>The rates of a service tier (batch, flex or priority); missing rates fall back to the standard ones.</summary>
/// <param name="Rates">The service tier's base rates.</param>
/// <param name="ContextTiers">The service tier's own long-context rates.</param>
public sealed record ServiceTierRates(RateCard Rates, IReadOnlyList<ContextTier> ContextTiers);
