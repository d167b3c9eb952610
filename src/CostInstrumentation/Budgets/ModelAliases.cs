namespace CostInstrumentation;

/// <summary>The ids a model budget counts: its own, and every id the loaded price tables price as the same model.</summary>
internal static class ModelAliases
{
    /// <summary><paramref name="model"/>, its priced model and that model's aliases (a dated snapshot, a deployment name); distinct, ordinal.</summary>
    internal static IReadOnlyList<string> IdsPricedAs(string model) =>
        LlmPricing.TryGetPrice(model, out ModelPrice? price)
            ? new[] { model, price.Model }.Concat(price.Definition.Aliases).Distinct(StringComparer.Ordinal).ToArray()
            : [model];
}
