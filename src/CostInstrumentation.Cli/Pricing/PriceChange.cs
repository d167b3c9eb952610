namespace CostInstrumentation.Cli.Pricing;

/// <summary>One difference between two catalogues: a model added or removed, or one of its per-1M rates changed.</summary>
/// <param name="Field"><c>input</c>, <c>output</c>, <c>cache_read</c>, <c>cache_write</c>, <c>reasoning</c>, <c>tiers</c> (long-context, tier tables or service tiers), or "" for a whole model.</param>
internal sealed record PriceChange(string Model, string Kind, string Field, decimal? OldPerMillion, decimal? NewPerMillion)
{
    /// <summary>The relative change (0.25 for +25 %), when both rates are known and the old one is not zero.</summary>
    public decimal? Change => OldPerMillion is { } old && NewPerMillion is { } now && old != 0 ? decimal.Round((now - old) / old, 4) : null;

    /// <summary>
    /// The changes from <paramref name="before"/> to <paramref name="after"/> for the models <paramref name="include"/> selects (all
    /// when null), model by model in ordinal order. Rates compared are the resolved ones the runtime bills (a missing cache rate is
    /// the input rate), so a change of fallback shows too.
    /// </summary>
    public static List<PriceChange> Compare(PricingCatalogue before, PricingCatalogue after, Func<string, bool>? include = null)
    {
        Dictionary<string, ModelPrice> old = before.Table.Prices.ToDictionary(p => p.Model, StringComparer.Ordinal);
        Dictionary<string, ModelPrice> now = after.Table.Prices.ToDictionary(p => p.Model, StringComparer.Ordinal);
        List<PriceChange> changes = [];
        foreach (string model in old.Keys.Union(now.Keys).Where(m => include?.Invoke(m) ?? true).Order(StringComparer.Ordinal))
        {
            ModelPrice? a = old.GetValueOrDefault(model);
            ModelPrice? b = now.GetValueOrDefault(model);
            if (a is null || b is null)
            {
                TokenRates rates = (a ?? b)!.BaseRates;
                changes.Add(new PriceChange(model, a is null ? "added" : "removed", "", a is null ? null : PerMillion.Of(rates.Input), b is null ? null : PerMillion.Of(rates.Input)));
                continue;
            }

            foreach ((string field, Func<TokenRates, decimal> rate) in Fields)
            {
                if (rate(a.BaseRates) != rate(b.BaseRates))
                {
                    changes.Add(new PriceChange(model, "changed", field, PerMillion.Of(rate(a.BaseRates)), PerMillion.Of(rate(b.BaseRates))));
                }
            }

            if (OwnFormatWriter.TiersText(a.Definition) != OwnFormatWriter.TiersText(b.Definition))
            {
                changes.Add(new PriceChange(model, "changed", "tiers", null, null));
            }
        }

        return changes;
    }

    private static readonly (string Field, Func<TokenRates, decimal> Rate)[] Fields =
    [
        ("input", r => r.Input),
        ("output", r => r.Output),
        ("cache_read", r => r.CacheRead),
        ("cache_write", r => r.CacheWrite),
        ("reasoning", r => r.Reasoning),
    ];
}
