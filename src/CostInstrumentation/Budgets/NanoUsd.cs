namespace CostInstrumentation;

/// <summary>USD ⇄ integer nano-USD, the unit budgets count in (as <c>cost_nanousd</c> is stored).</summary>
internal static class NanoUsd
{
    private const decimal PerUsd = 1_000_000_000m;

    /// <summary>Rounded half to even, as the SQLite sink stores costs.</summary>
    internal static long From(decimal usd) => (long)Math.Round(usd * PerUsd, MidpointRounding.ToEven);

    internal static decimal ToUsd(long nano) => nano / PerUsd;
}
