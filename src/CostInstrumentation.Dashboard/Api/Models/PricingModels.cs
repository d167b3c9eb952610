namespace CostInstrumentation.Dashboard.Api.Models;

/// <summary>A priced model as listed: base rates in USD per million tokens (exact decimal strings).</summary>
public sealed record ApiModelSummary(string Model, string? Provider, string? Mode, string? InputPerMillionUsd, string? OutputPerMillionUsd, IReadOnlyList<string> Aliases, string? DeprecationDate);

/// <summary>Rates in USD per token and per million tokens (null where the catalogue names none: the cost rules' fallbacks apply).</summary>
public sealed record ApiRates(string? InputPerTokenUsd, string? OutputPerTokenUsd, string? CacheReadPerTokenUsd, string? CacheWritePerTokenUsd, string? ReasoningPerTokenUsd,
    string? InputPerMillionUsd, string? OutputPerMillionUsd, string? CacheReadPerMillionUsd, string? CacheWritePerMillionUsd, string? ReasoningPerMillionUsd)
{
    private const decimal Million = 1_000_000m;

    internal static ApiRates Of(RateCard rates) => new(
        Envelope.Usd(rates.Input), Envelope.Usd(rates.Output), Envelope.Usd(rates.CacheRead), Envelope.Usd(rates.CacheWrite), Envelope.Usd(rates.Reasoning),
        Envelope.Usd(rates.Input * Million), Envelope.Usd(rates.Output * Million), Envelope.Usd(rates.CacheRead * Million), Envelope.Usd(rates.CacheWrite * Million), Envelope.Usd(rates.Reasoning * Million));
}

/// <summary>Rates that apply to the whole call when its input tokens exceed <c>aboveInputTokens</c>.</summary>
public sealed record ApiContextTier(long AboveInputTokens, ApiRates Rates);

/// <summary>Rates that apply to the whole call when <c>start &lt; input tokens ≤ end</c> (end null: no upper bound).</summary>
public sealed record ApiRangeTier(long Start, long? End, ApiRates Rates);

/// <summary>A service tier's (batch, flex, priority) rates and its own context tiers.</summary>
public sealed record ApiServiceTier(string Name, ApiRates Rates, IReadOnlyList<ApiContextTier> ContextTiers);

/// <summary>One model with every rate and tier the catalogue holds.</summary>
public sealed record ApiModelDetail(
    string Model, string? Provider, string? Mode, IReadOnlyList<string> Aliases, long? MaxInputTokens, long? MaxOutputTokens, string? DeprecationDate, string? Successor,
    ApiRates Rates, IReadOnlyList<ApiContextTier> ContextTiers, IReadOnlyList<ApiRangeTier> RangeTiers, IReadOnlyList<ApiServiceTier> ServiceTiers);
