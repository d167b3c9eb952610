using System;
using System.Collections.Generic;

namespace CostInstrumentation.Contract;

/// <summary>The five per-token rates a price table line can state.</summary>
internal enum TableRateField
{
    Input,
    Output,
    CacheRead,
    CacheWrite,
    Reasoning,
}

/// <summary>The processing tier a rate belongs to (the runtime's <c>ServiceTier</c>, in the same order).</summary>
internal enum TableService
{
    Standard,
    Batch,
    Flex,
    Priority,
}

/// <summary>Which calls a rate applies to within its service tier.</summary>
internal enum TableTierKind
{
    /// <summary>The base rate of the service tier.</summary>
    Base,

    /// <summary>A long-context tier: the whole call when its input exceeds <see cref="TableRate.Start"/> tokens.</summary>
    Above,

    /// <summary>A tier-table row: the whole call when its input is in (<see cref="TableRate.Start"/>, <see cref="TableRate.End"/>].</summary>
    Range,
}

/// <summary>One per-token rate of a price table line, with the tier and service it applies to.</summary>
internal readonly struct TableRate : IEquatable<TableRate>
{
    public TableRate(TableService service, TableTierKind tier, long start, long? end, TableRateField field, decimal perToken)
    {
        Service = service;
        Tier = tier;
        Start = start;
        End = end;
        Field = field;
        PerToken = perToken;
    }

    public TableService Service { get; }

    public TableTierKind Tier { get; }

    /// <summary>The long-context threshold or the range's exclusive start; 0 for a base rate.</summary>
    public long Start { get; }

    /// <summary>The range's inclusive end; null for an open-ended range and for other tiers.</summary>
    public long? End { get; }

    public TableRateField Field { get; }

    /// <summary>USD per token.</summary>
    public decimal PerToken { get; }

    public static TableRate Base(TableService service, TableRateField field, decimal perToken) => new(service, TableTierKind.Base, 0, null, field, perToken);

    public static TableRate Above(TableService service, long aboveInputTokens, TableRateField field, decimal perToken) => new(service, TableTierKind.Above, aboveInputTokens, null, field, perToken);

    public static TableRate Range(long start, long? end, TableRateField field, decimal perToken) => new(TableService.Standard, TableTierKind.Range, start, end, field, perToken);

    /// <summary>True when the two rates are in the same card (same service and tier), whatever their field.</summary>
    public bool SameCard(TableRate other) => Service == other.Service && Tier == other.Tier && Start == other.Start && End == other.End;

    public bool Equals(TableRate other) => SameCard(other) && Field == other.Field && PerToken == other.PerToken;

    public override bool Equals(object? obj) => obj is TableRate other && Equals(other);

    public override int GetHashCode() => unchecked((((((int)Service * 31) + (int)Tier) * 31 + Start.GetHashCode()) * 31 + (int)Field) * 31 + PerToken.GetHashCode());

    public override string ToString() => PriceTableGrammar.RateKey(this) + "=" + PriceTableGrammar.FormatDecimal(PerToken);
}

/// <summary>One model of a generated price table, as its line states it (docs/pricing-table-format.md).</summary>
internal sealed class PriceTableRow
{
    public PriceTableRow(
        string model,
        string provider,
        string mode,
        long? maxInputTokens,
        long? maxOutputTokens,
        string deprecationDate,
        string successor,
        IReadOnlyList<TableRate> rates,
        IReadOnlyList<string> aliases)
    {
        Model = model;
        Provider = provider;
        Mode = mode;
        MaxInputTokens = maxInputTokens;
        MaxOutputTokens = maxOutputTokens;
        DeprecationDate = deprecationDate;
        Successor = successor;
        Rates = rates;
        Aliases = aliases;
    }

    public string Model { get; }

    /// <summary>Empty when unknown (as are <see cref="Mode"/>, <see cref="DeprecationDate"/> and <see cref="Successor"/>).</summary>
    public string Provider { get; }

    public string Mode { get; }

    public long? MaxInputTokens { get; }

    public long? MaxOutputTokens { get; }

    /// <summary><c>yyyy-MM-dd</c>, or empty.</summary>
    public string DeprecationDate { get; }

    public string Successor { get; }

    public IReadOnlyList<TableRate> Rates { get; }

    public IReadOnlyList<string> Aliases { get; }
}
