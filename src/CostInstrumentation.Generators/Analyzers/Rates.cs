using System.Collections.Generic;
using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>Standard-service rates of an entry (per token), as the analyzers judge a model's cost.</summary>
internal static class Rates
{
    private const decimal Million = 1_000_000m;

    /// <summary>The base output rate per million tokens (a model priced only by tiers: its highest tier's).</summary>
    public static decimal OutputPerMillion(PriceEntry entry) => (entry.Rates.Output ?? Highest(entry, TableRateField.Output) ?? 0m) * Million;

    /// <summary>The highest standard-service rate for <paramref name="field"/> over the base, long-context and tier rates: the worst case.</summary>
    public static decimal? Highest(PriceEntry entry, TableRateField field)
    {
        IEnumerable<RateSet> cards = new[] { entry.Rates }
            .Concat(entry.ContextTiers.Select(t => t.Rates))
            .Concat(entry.RangeTiers.Select(t => t.Rates));
        decimal[] rates = cards.Where(c => c[field] is not null).Select(c => c[field]!.Value).ToArray();
        return rates.Length == 0 ? null : rates.Max();
    }
}
