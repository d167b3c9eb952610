using System;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Pricing.Model;

/// <summary>Per-token USD rates as a pricing file states them; a missing rate is null (the runtime applies the fallbacks).</summary>
internal sealed record RateSet(decimal? Input, decimal? Output, decimal? CacheRead, decimal? CacheWrite, decimal? Reasoning)
{
    public static readonly RateSet None = new(null, null, null, null, null);

    public bool IsEmpty => this == None;

    public bool PricesTokens => Input is not null || Output is not null;

    public decimal? this[TableRateField field] => field switch
    {
        TableRateField.Input => Input,
        TableRateField.Output => Output,
        TableRateField.CacheRead => CacheRead,
        TableRateField.CacheWrite => CacheWrite,
        _ => Reasoning,
    };

    public RateSet With(TableRateField field, decimal perToken) => field switch
    {
        TableRateField.Input => this with { Input = perToken },
        TableRateField.Output => this with { Output = perToken },
        TableRateField.CacheRead => this with { CacheRead = perToken },
        TableRateField.CacheWrite => this with { CacheWrite = perToken },
        _ => this with { Reasoning = perToken },
    };
}

/// <summary>A long-context tier: its rates price the whole call when the input exceeds <paramref name="AboveInputTokens"/>.</summary>
internal sealed record LongContextTier(long AboveInputTokens, RateSet Rates);

/// <summary>A tier-table row: its rates price the whole call when the input is in (<paramref name="Start"/>, <paramref name="End"/>].</summary>
internal sealed record InputRangeTier(long Start, long End, RateSet Rates);

/// <summary>The rates of a batch, flex or priority service tier, with its own long-context tiers.</summary>
internal sealed record ServiceTierPrice(TableService Service, RateSet Rates, EquatableArray<LongContextTier> ContextTiers);

/// <summary>
/// A priced model as read from one file, rates already per token and structured as the runtime's <c>ModelPriceDefinition</c>:
/// standard rates, their long-context tiers, a tier table, and service tiers. The table grammar is written only when the
/// table text is emitted (PriceTableEmitter). Tiers are sorted by their threshold, service tiers by service.
/// </summary>
internal sealed record PriceEntry(
    string Model,
    string Provider,
    string Mode,
    long? MaxInputTokens,
    long? MaxOutputTokens,
    string DeprecationDate,
    string Successor,
    RateSet Rates,
    EquatableArray<LongContextTier> ContextTiers,
    EquatableArray<InputRangeTier> RangeTiers,
    EquatableArray<ServiceTierPrice> ServiceTiers,
    EquatableArray<string> Aliases)
{
    /// <summary>The rates of a service tier, or null when the file names none for it.</summary>
    public ServiceTierPrice? Service(TableService service)
    {
        foreach (ServiceTierPrice tier in ServiceTiers)
        {
            if (tier.Service == service)
            {
                return tier;
            }
        }

        return null;
    }
}

/// <summary>Everything the generator keeps of one pricing file.</summary>
internal sealed record PricingFile(
    string Path,
    bool IsDefault,
    PricingFormat Format,
    string AsOf,
    TextSpan AsOfSpan,
    LinePositionSpan AsOfLineSpan,
    EquatableArray<PriceEntry> Entries,
    EquatableArray<DiagnosticInfo> Diagnostics);

internal enum PricingFormat
{
    Unrecognised,
    Own,
    LiteLlm,
    PerThousand,
}

/// <summary>The merged catalogue the table is emitted from.</summary>
/// <param name="AsOf">The newest as-of date among the sources (empty when none states one).</param>
/// <param name="Sources">The source file names, in merge order.</param>
internal sealed record PriceCatalog(string AsOf, EquatableArray<string> Sources, EquatableArray<PriceEntry> Entries)
{
    public bool IsEmpty => Entries.Count == 0;
}

internal static class PricingFormatNames
{
    public static string Describe(this PricingFormat format) => format switch
    {
        PricingFormat.Own => "CostInstrumentation (per 1M tokens)",
        PricingFormat.LiteLlm => "LiteLLM (per token)",
        PricingFormat.PerThousand => "per-1K",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
