using System.Linq;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>Standard-service rates of an entry (per token), read from its rate keys (docs/pricing-table-format.md).</summary>
internal static class Rates
{
    private const decimal Million = 1_000_000m;

    /// <summary>The base output rate per million tokens (a model priced only by tiers: its first tier's).</summary>
    public static decimal OutputPerMillion(PriceEntry entry) => (Base(entry, "out") ?? Highest(entry, "out") ?? 0m) * Million;

    /// <summary>The highest standard-service rate for <paramref name="field"/> over the base, long-context and tier rates: the worst case.</summary>
    public static decimal? Highest(PriceEntry entry, string field)
    {
        decimal[] rates = entry.Rates
            .Where(r => IsStandardService(r.Key) && (r.Key == field || r.Key.EndsWith("." + field, System.StringComparison.Ordinal)))
            .Select(r => r.Value)
            .ToArray();
        return rates.Length == 0 ? null : rates.Max();
    }

    private static decimal? Base(PriceEntry entry, string field) =>
        entry.Rates.FirstOrDefault(r => r.Key == field)?.Value;

    // Keys start with the field, a tier ('@' long context, '#' tier table) or a service prefix letter (b, f, p).
    private static bool IsStandardService(string key) => key.Length > 0 && (key[0] is '@' or '#' || key.IndexOf('.') < 0);
}
