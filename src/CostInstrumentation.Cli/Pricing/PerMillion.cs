namespace CostInstrumentation.Cli.Pricing;

/// <summary>Per-token rates as people read them: USD per 1M tokens.</summary>
internal static class PerMillion
{
    private const decimal TokensPerMillion = 1_000_000m;

    /// <summary>The exact per-1M rate, without trailing zeros (0.0000025 → 2.5, not 2.5000000).</summary>
    // Dividing by 1 written with 28 decimals drops the scale the multiplication left, and changes no digit.
    public static decimal Of(decimal perToken) => perToken * TokensPerMillion / 1.0000000000000000000000000000m;
}
