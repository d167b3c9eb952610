using System;
using System.Collections.Generic;
using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>Collects what the readers find about one model and builds its <see cref="PriceEntry"/>.</summary>
internal sealed class EntryBuilder
{
    private static readonly TableService[] ServiceTiers = { TableService.Batch, TableService.Flex, TableService.Priority };

    private readonly Dictionary<TableScope, RateSet> _cards = new();

    public EntryBuilder(string model) => Model = model;

    public string Model { get; }

    public string Provider { get; set; } = string.Empty;

    public string Mode { get; set; } = string.Empty;

    public long? MaxInputTokens { get; set; }

    public long? MaxOutputTokens { get; set; }

    public string DeprecationDate { get; set; } = string.Empty;

    public string Successor { get; set; } = string.Empty;

    public List<string> Aliases { get; } = new();

    /// <summary>True once a rate that prices tokens is known (standard input/output or a tier table row).</summary>
    public bool HasTokenPrice => Card(TableScope.Standard).PricesTokens || _cards.Keys.Any(k => k.Tier == TableTierKind.Range);

    /// <summary>The base rates of a service tier, by the name a pricing file gives it (<c>batch</c>, LiteLLM's <c>batches</c>, …).</summary>
    public static TableScope ServiceScope(string serviceTier) => TableScope.Base(serviceTier switch
    {
        "batch" or "batches" => TableService.Batch,
        "flex" => TableService.Flex,
        "priority" => TableService.Priority,
        _ => throw new ArgumentOutOfRangeException(nameof(serviceTier)),
    });

    public void SetRate(TableScope scope, TableRateField field, decimal perToken) => _cards[scope] = Card(scope).With(field, perToken);

    public bool HasRate(TableScope scope, TableRateField field) => Card(scope)[field] is not null;

    public PriceEntry Build() => new(
        Model,
        Provider,
        Mode,
        MaxInputTokens,
        MaxOutputTokens,
        DeprecationDate,
        Successor,
        Card(TableScope.Standard),
        ContextTiers(TableService.Standard),
        _cards.Where(c => c.Key.Tier == TableTierKind.Range).OrderBy(c => c.Key.Start).Select(c => new InputRangeTier(c.Key.Start, c.Key.End!.Value, c.Value)).ToEquatableArray(),
        ServiceTiers
            .Select(service => new ServiceTierPrice(service, Card(TableScope.Base(service)), ContextTiers(service)))
            .Where(tier => !tier.Rates.IsEmpty || tier.ContextTiers.Count > 0)
            .ToEquatableArray(),
        Aliases.ToEquatableArray());

    private RateSet Card(TableScope scope) => _cards.TryGetValue(scope, out RateSet? card) ? card : RateSet.None;

    private EquatableArray<LongContextTier> ContextTiers(TableService service) => _cards
        .Where(c => c.Key.Tier == TableTierKind.Above && c.Key.Service == service)
        .OrderBy(c => c.Key.Start)
        .Select(c => new LongContextTier(c.Key.Start, c.Value))
        .ToEquatableArray();
}
