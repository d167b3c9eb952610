using System;
using CostInstrumentation.Generators.Common;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Pricing.Model;

/// <summary>
/// One per-token rate, keyed as the runtime's table format reads it: <c>[service][tier].field</c>, e.g.
/// <c>in</c>, <c>@200000.cr</c>, <c>p@272000.out</c>, <c>#0-256000.rs</c> (docs/pricing-table-format.md).
/// </summary>
internal sealed record RateValue(string Key, decimal Value);

/// <summary>A priced model as read from one file, rates already per token.</summary>
internal sealed record PriceEntry(
    string Model,
    string Provider,
    string Mode,
    long? MaxInputTokens,
    long? MaxOutputTokens,
    string DeprecationDate,
    string Successor,
    EquatableArray<RateValue> Rates,
    EquatableArray<string> Aliases);

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
