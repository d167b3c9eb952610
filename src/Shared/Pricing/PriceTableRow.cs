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

    /// <summary>A long-context tier: the whole call when its input exceeds <see cref="TableScope.Start"/> tokens.</summary>
    Above,

    /// <summary>A tier-table row: the whole call when its input is in (<see cref="TableScope.Start"/>, <see cref="TableScope.End"/>].</summary>
    Range,
}

/// <summary>Which card of a model a rate belongs to: a service tier, then its base rates, a long-context tier or a tier-table row.</summary>
internal readonly struct TableScope : IEquatable<TableScope>
{
    public static readonly TableScope Standard = default;

    private TableScope(TableService service, TableTierKind tier, long start, long? end)
    {
        Service = service;
        Tier = tier;
        Start = start;
        End = end;
    }

    public TableService Service { get; }

    public TableTierKind Tier { get; }

    /// <summary>The long-context threshold or the range's exclusive start; 0 for base rates.</summary>
    public long Start { get; }

    /// <summary>The range's inclusive end; null for an open-ended range and for other tiers.</summary>
    public long? End { get; }

    public static TableScope Base(TableService service) => new(service, TableTierKind.Base, 0, null);

    public static TableScope Above(TableService service, long aboveInputTokens) => new(service, TableTierKind.Above, aboveInputTokens, null);

    /// <summary>A tier-table row; tier tables have no service-tier variants.</summary>
    public static TableScope Range(long start, long? end) => new(TableService.Standard, TableTierKind.Range, start, end);

    public bool Equals(TableScope other) => Service == other.Service && Tier == other.Tier && Start == other.Start && End == other.End;

    public override bool Equals(object? obj) => obj is TableScope other && Equals(other);

    public override int GetHashCode() => unchecked((((((int)Service * 31) + (int)Tier) * 31) + Start.GetHashCode()) * 31 + End.GetHashCode());
}

/// <summary>One per-token rate of a price table line: the card it belongs to, the field and its value.</summary>
internal readonly struct TableRate : IEquatable<TableRate>
{
    public TableRate(TableScope scope, TableRateField field, decimal perToken)
    {
        Scope = scope;
        Field = field;
        PerToken = perToken;
    }

    public TableScope Scope { get; }

    public TableRateField Field { get; }

    /// <summary>USD per token.</summary>
    public decimal PerToken { get; }

    public bool Equals(TableRate other) => Scope.Equals(other.Scope) && Field == other.Field && PerToken == other.PerToken;

    public override bool Equals(object? obj) => obj is TableRate other && Equals(other);

    public override int GetHashCode() => unchecked((((Scope.GetHashCode() * 31) + (int)Field) * 31) + PerToken.GetHashCode());

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
