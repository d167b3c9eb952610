using System.Collections.Generic;
using System.Linq;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Metering.Model;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Metering.Emit;

/// <summary>Narrows the catalogue to the constant prices the call sites compile in.</summary>
internal static class ConstantPrices
{
    /// <summary>The constant prices of the <paramref name="models"/> the call sites name (ids or aliases) that the catalogue prices.</summary>
    public static EquatableArray<ConstantPrice> For(EquatableArray<string> models, PriceCatalog catalog)
    {
        Dictionary<string, PriceEntry> index = new(System.StringComparer.Ordinal);
        foreach (PriceEntry entry in catalog.Entries)
        {
            index[entry.Model] = entry;
            foreach (string alias in entry.Aliases)
            {
                index[alias] = entry;
            }
        }

        return models
            .Where(index.ContainsKey)
            .Select(model => new ConstantPrice(model, ConstantPriceEmitter.Expression(index[model])))
            .ToEquatableArray();
    }
}
