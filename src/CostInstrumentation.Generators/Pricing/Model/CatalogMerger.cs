using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CostInstrumentation.Generators.Common;

namespace CostInstrumentation.Generators.Pricing.Model;

/// <summary>
/// Merges pricing files into one catalogue: the shipped default first, then the user's files in item
/// order; a later file's entry replaces an earlier one for the same model, and an alias never hides a model.
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

        List<PriceEntry> merged = new(models.Count);
        foreach (PriceEntry entry in models.Values.OrderBy(e => e.Model, StringComparer.Ordinal))
        {
            // Keep only aliases this entry still owns and that no model id shadows.
            EquatableArray<string> aliases = entry.Aliases
                .Where(a => !models.ContainsKey(a) && aliasOwners.TryGetValue(a, out string? owner) && owner == entry.Model && ReferenceEquals(models[owner], entry))
                .ToEquatableArray();
            merged.Add(aliases == entry.Aliases ? entry : entry with { Aliases = aliases });
        }

        return new PriceCatalog(asOf, sources.ToEquatableArray(), merged.ToEquatableArray());
    }
}
