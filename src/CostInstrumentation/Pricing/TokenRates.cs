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
    internal static TokenRates Resolve(RateCard card, RateCard? first = null, RateCard? second = null, RateCard? third = null)
    {
        decimal input = card.Input ?? first?.Input ?? second?.Input ?? third?.Input ?? 0m;
        decimal output = card.Output ?? first?.Output ?? second?.Output ?? third?.Output ?? 0m;
        return new TokenRates(
            input,
            output,
            card.CacheRead ?? first?.CacheRead ?? second?.CacheRead ?? third?.CacheRead ?? input,
            card.CacheWrite ?? first?.CacheWrite ?? second?.CacheWrite ?? third?.CacheWrite ?? input,
            card.Reasoning ?? first?.Reasoning ?? second?.Reasoning ?? third?.Reasoning ?? output);
    }
}
