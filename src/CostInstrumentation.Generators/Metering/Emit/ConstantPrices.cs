using System.Collections.Generic;
using CostInstrumentation.Generators.Analyzers;
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
        PriceLookup prices = new(catalog.Entries);
        List<ConstantPrice> used = new();
        foreach (string model in models)
        {
            if (prices.TryGet(model, out PriceEntry entry))
            {
                used.Add(new ConstantPrice(model, ConstantPriceEmitter.Expression(entry)));
            }
        }

        return used.ToEquatableArray();
    }
}
