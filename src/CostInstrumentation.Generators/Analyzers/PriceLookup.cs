using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>The merged price catalogue as analyzers query it: by model id or alias, ordinal like the runtime.</summary>
internal sealed class PriceLookup
{
    public static readonly PriceLookup Empty = new(Array.Empty<PriceEntry>());

    private readonly Dictionary<string, PriceEntry> _byName = new(StringComparer.Ordinal);

    // A misspelt name is usually written at many call sites; the search over thousands of names is done once.
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _nearest = new(StringComparer.Ordinal);

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

    public bool TryGet(string model, out PriceEntry entry) => _byName.TryGetValue(model, out entry!);

    /// <summary>Whether two ids name the same priced model (one is an alias of the other), as the runtime's budgets match them.</summary>
    public bool SameModel(string first, string second) =>
        first == second || (TryGet(first, out PriceEntry a) && TryGet(second, out PriceEntry b) && a.Model == b.Model);

    /// <summary>The priced names nearest to an unknown one, best first ("did you mean").</summary>
    public IReadOnlyList<string> Nearest(string model) => _nearest.GetOrAdd(model, m => NearestNames.Find(m, _byName.Keys));
}
