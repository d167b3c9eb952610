using System;

namespace CostInstrumentation.Contract;

/// <summary>USD ⇄ integer nano-USD: the unit costs are stored in (<c>cost_nanousd</c>) and budgets count in.</summary>
internal static class NanoUsd
{
    public const decimal PerUsd = 1_000_000_000m;

    // Beyond this many USD a nano-USD amount does not fit a long (about ±9.2 billion USD).
    private const decimal MaxUsd = long.MaxValue / PerUsd;

    /// <summary>Rounded half to even (sub-nano fractions come from rates with float noise); throws when it does not fit a long.</summary>
    public static long From(decimal usd) => (long)Math.Round(usd * PerUsd, MidpointRounding.ToEven);

    /// <summary>As <see cref="From"/>, but null — an unknown cost — when the amount does not fit a long.</summary>
    public static long? TryFrom(decimal usd)
    {
        // Compared before multiplying: usd × 10⁹ itself overflows decimal for |usd| above 7.9 × 10¹⁹.
        if (usd > MaxUsd + 1m || usd < -MaxUsd - 1m)
        {
            return null;
        }

        decimal nano = Math.Round(usd * PerUsd, MidpointRounding.ToEven);
        return nano >= long.MinValue && nano <= long.MaxValue ? (long)nano : null;
    }

    /// <summary>
    /// As <see cref="From"/>, but an amount beyond the range of a long is clamped to it instead of throwing: for budget
    /// limits, where such a value means "no practical limit".
    /// </summary>
    public static long Saturated(decimal usd) => usd >= MaxUsd ? long.MaxValue : usd <= -MaxUsd ? long.MinValue : From(usd);

    public static decimal ToUsd(long nano) => nano / PerUsd;
}
