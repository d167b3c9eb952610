using System;
using System.Collections.Generic;
using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>Which card a rate a reader finds belongs to: a service tier, then a long-context or tier-table tier.</summary>
internal readonly struct RateScope : IEquatable<RateScope>
{
    public static readonly RateScope Standard = default;

    private RateScope(TableService service, TableTierKind tier, long start, long end)
    {
        ServiceTier = service;
        Tier = tier;
        Start = start;
        End = end;
    }

    public TableService ServiceTier { get; }

    public TableTierKind Tier { get; }

    public long Start { get; }

    public long End { get; }

    /// <summary>The base rates of a service tier, by the name a pricing file gives it.</summary>
    public static RateScope Service(string serviceTier) => Service(serviceTier switch
    {
        "batch" or "batches" => TableService.Batch,
        "flex" => TableService.Flex,
        "priority" => TableService.Priority,
        _ => throw new ArgumentOutOfRangeException(nameof(serviceTier)),
    });

    public static RateScope Service(TableService service) => new(service, TableTierKind.Base, 0, 0);

    public static RateScope Above(RateScope service, long tokens) => new(service.ServiceTier, TableTierKind.Above, tokens, 0);

    public static RateScope Range(long start, long end) => new(TableService.Standard, TableTierKind.Range, start, end);

    public bool Equals(RateScope other) => ServiceTier == other.ServiceTier && Tier == other.Tier && Start == other.Start && End == other.End;

    public override bool Equals(object? obj) => obj is RateScope other && Equals(other);

    public override int GetHashCode() => unchecked((((((int)ServiceTier * 31) + (int)Tier) * 31) + Start.GetHashCode()) * 31 + End.GetHashCode());
}

/// <summary>Collects what the readers find about one model and builds its <see cref="PriceEntry"/>.</summary>
internal sealed class EntryBuilder
{
    private static readonly TableService[] ServiceTiers = { TableService.Batch, TableService.Flex, TableService.Priority };

    private readonly Dictionary<RateScope, RateSet> _cards = new();

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
    public bool HasTokenPrice => Card(RateScope.Standard).PricesTokens || _cards.Keys.Any(k => k.Tier == TableTierKind.Range);

    public void SetRate(RateScope scope, TableRateField field, decimal perToken) => _cards[scope] = Card(scope).With(field, perToken);

    public bool HasRate(RateScope scope, TableRateField field) => Card(scope)[field] is not null;

    public PriceEntry Build() => new(
        Model,
        Provider,
        Mode,
        MaxInputTokens,
        MaxOutputTokens,
        DeprecationDate,
        Successor,
        Card(RateScope.Standard),
        ContextTiers(TableService.Standard),
        _cards.Where(c => c.Key.Tier == TableTierKind.Range).OrderBy(c => c.Key.Start).Select(c => new InputRangeTier(c.Key.Start, c.Key.End, c.Value)).ToEquatableArray(),
        ServiceTiers
            .Select(service => new ServiceTierPrice(service, Card(RateScope.Service(service)), ContextTiers(service)))
            .Where(tier => !tier.Rates.IsEmpty || tier.ContextTiers.Count > 0)
            .ToEquatableArray(),
        Aliases.ToEquatableArray());

    private RateSet Card(RateScope scope) => _cards.TryGetValue(scope, out RateSet? card) ? card : RateSet.None;

    private EquatableArray<LongContextTier> ContextTiers(TableService service) => _cards
        .Where(c => c.Key.Tier == TableTierKind.Above && c.Key.ServiceTier == service)
        .OrderBy(c => c.Key.Start)
        .Select(c => new LongContextTier(c.Key.Start, c.Value))
        .ToEquatableArray();
}
