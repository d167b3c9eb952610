namespace CostInstrumentation;

/// <summary>USD ⇄ integer nano-USD, the unit budgets count in (as <c>cost_nanousd</c> is stored).</summary>
internal static class NanoUsd
{
    private const decimal PerUsd = 1_000_000_000m;

    /// <summary>Rounded half to even, as the SQLite sink stores costs.</summary>
    internal static long From(decimal usd) => (long)Math.Round(usd * PerUsd, MidpointRounding.ToEven);

    /// <summary>
    /// As <see cref="From"/>, but an amount beyond the range of a long (about ±9.2 billion USD) is clamped to it instead
    /// of throwing: for budget limits, where such a value means "no practical limit".
    /// </summary>
    internal static long Saturated(decimal usd)
    {
        const decimal MaxUsd = long.MaxValue / PerUsd;
        return usd >= MaxUsd ? long.MaxValue : usd <= -MaxUsd ? long.MinValue : From(usd);
    }

    internal static decimal ToUsd(long nano) => nano / PerUsd;
}
