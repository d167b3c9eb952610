using System;
using System.Collections.Generic;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>The merged price catalogue as analyzers query it: by model id or alias, ordinal like the runtime.</summary>
internal sealed class PriceLookup
{
    public static readonly PriceLookup Empty = new(Array.Empty<PriceEntry>());

    private readonly Dictionary<string, PriceEntry> _byName = new(StringComparer.Ordinal);

    public PriceLookup(IEnumerable<PriceEntry> entries)
    {
        foreach (PriceEntry entry in entries)
        {
            _byName[entry.Model] = entry;
            foreach (string alias in entry.Aliases)
            {
                _byName[alias] = entry;
            }
        }
    }

    /// <summary>No pricing file at all: every model would be "unknown", so the model checks stay silent.</summary>
    public bool IsEmpty => _byName.Count == 0;

    /// <summary>Every id and alias, the candidates for "did you mean".</summary>
    public IEnumerable<string> Names => _byName.Keys;

    public bool TryGet(string model, out PriceEntry entry) => _byName.TryGetValue(model, out entry!);
}
