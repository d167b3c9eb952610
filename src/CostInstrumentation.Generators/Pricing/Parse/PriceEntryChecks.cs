using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Json;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>The checks every format makes once an entry is read, before it joins the table.</summary>
internal static class PriceEntryChecks
{
    /// <returns>The entry, or null when it prices no tokens (images, audio, search: skipped quietly) or is inconsistent.</returns>
    public static PriceEntry? Finish(EntryBuilder entry, JsonProperty model, JsonProperty? tiers, ParseContext context)
    {
        PriceEntry built = entry.Build();
        bool hasContextTiers = built.ContextTiers.Count > 0 || built.ServiceTiers.Any(s => s.ContextTiers.Count > 0);
        if (built.RangeTiers.Count > 0 && hasContextTiers)
        {
            context.Report(DiagnosticIds.InconsistentTiers, tiers ?? model, $"'{model.Name}' has both a tier table and long-context tiers; use one or the other");
            return null;
        }

        return entry.HasTokenPrice ? built : null;
    }
}
