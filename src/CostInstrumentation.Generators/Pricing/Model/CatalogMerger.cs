using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CostInstrumentation.Generators.Common;

namespace CostInstrumentation.Generators.Pricing.Model;

/// <summary>
/// Merges pricing files into one catalogue: the shipped default first, then the user's files in item
/// order; a later file's entry replaces an earlier one's rates for the same model, and an alias never hides a model.
/// </summary>
internal static class CatalogMerger
{
    public static PriceCatalog Merge(ImmutableArray<PricingFile> files, CancellationToken cancellationToken)
    {
        Dictionary<string, PriceEntry> models = new(StringComparer.Ordinal);
        Dictionary<string, string> aliasOwners = new(StringComparer.Ordinal);
        IEnumerable<PricingFile> ordered = files.Where(f => f.IsDefault).Concat(files.Where(f => !f.IsDefault));
        List<string> sources = new();
        string asOf = string.Empty;
        foreach (PricingFile file in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sources.Add(System.IO.Path.GetFileName(file.Path));
            if (string.CompareOrdinal(file.AsOf, asOf) > 0)
            {
                asOf = file.AsOf;
            }

            foreach (PriceEntry entry in file.Entries)
            {
                models[entry.Model] = entry;
                foreach (string alias in entry.Aliases)
                {
                    aliasOwners[alias] = entry.Model;
                }
            }
        }

        // An alias keeps resolving when a later file re-prices its model without repeating the alias
        // (a per-1K file cannot declare aliases); it is dropped only when a model id shadows it.
        ILookup<string, string> aliasesByModel = aliasOwners
            .Where(pair => !models.ContainsKey(pair.Key))
            .ToLookup(pair => pair.Value, pair => pair.Key);
        List<PriceEntry> merged = new(models.Count);
        foreach (PriceEntry entry in models.Values.OrderBy(e => e.Model, StringComparer.Ordinal))
        {
            EquatableArray<string> aliases = aliasesByModel[entry.Model].OrderBy(a => a, StringComparer.Ordinal).ToEquatableArray();
            merged.Add(aliases == entry.Aliases ? entry : entry with { Aliases = aliases });
        }

        return new PriceCatalog(asOf, sources.ToEquatableArray(), merged.ToEquatableArray());
    }
}
