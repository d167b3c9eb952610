namespace CostInstrumentation;

/// <summary>Fully resolved per-token USD rates: every fallback of the cost rules already applied.</summary>
/// <param name="Input">Rate of an input token that is neither a cache read nor a cache write.</param>
/// <param name="Output">Rate of a non-reasoning output token.</param>
/// <param name="CacheRead">Rate of a cache-read input token.</param>
/// <param name="CacheWrite">Rate of a cache-write input token.</param>
/// <param name="Reasoning">Rate of a reasoning token.</param>
public readonly record struct TokenRates(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite, decimal Reasoning)
{
    /// <summary>
    /// Resolves <paramref name="card"/> against fallback cards, nearest first. Input and output take the
    /// first rate any card names; cache and reasoning rates take the first one named, else the resolved
    /// input (cache) or output (reasoning) rate — never zero by omission.
    /// </summary>
    internal static TokenRates Resolve(RateCard card, params ReadOnlySpan<RateCard> fallbacks)
    {
        decimal input = First(card.Input, fallbacks, static c => c.Input) ?? 0m;
        decimal output = First(card.Output, fallbacks, static c => c.Output) ?? 0m;
        return new TokenRates(
            input,
            output,
            First(card.CacheRead, fallbacks, static c => c.CacheRead) ?? input,
            First(card.CacheWrite, fallbacks, static c => c.CacheWrite) ?? input,
            First(card.Reasoning, fallbacks, static c => c.Reasoning) ?? output);
    }

    private static decimal? First(decimal? own, ReadOnlySpan<RateCard> fallbacks, Func<RateCard, decimal?> rate)
    {
        if (own is not null)
        {
            return own;
        }

        foreach (RateCard fallback in fallbacks)
        {
            if (rate(fallback) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}
