namespace CostInstrumentation;

/// <summary>
/// A model's pricing as stated by its source, before the cost rules' fallbacks are applied.
/// The generated tables hold these; <see cref="ModelPrice"/> resolves them.
/// </summary>
public sealed record ModelPriceDefinition
{
    /// <summary>The model id a caller looks the price up by.</summary>
    public required string Model { get; init; }

    /// <summary>The provider (LiteLLM's <c>litellm_provider</c>), when known.</summary>
    public string? Provider { get; init; }

    /// <summary>What the model does (<c>chat</c>, <c>embedding</c>, <c>responses</c>, …), when known.</summary>
    public string? Mode { get; init; }

    /// <summary>The context window (max input tokens), when known.</summary>
    public long? MaxInputTokens { get; init; }

    /// <summary>The most output tokens one call can produce, when known.</summary>
    public long? MaxOutputTokens { get; init; }

    /// <summary>The date the provider retires the model, when announced.</summary>
    public DateOnly? DeprecationDate { get; init; }

    /// <summary>The model the provider recommends instead, when named.</summary>
    public string? Successor { get; init; }

    /// <summary>Standard (on-demand) rates.</summary>
    public RateCard Rates { get; init; } = RateCard.None;

    /// <summary>Long-context tiers of the standard rates.</summary>
    public IReadOnlyList<ContextTier> ContextTiers { get; init; } = [];

    /// <summary>A tier table that prices the whole call by its input size.</summary>
    public IReadOnlyList<RangeTier> RangeTiers { get; init; } = [];

    /// <summary>Batch API rates, when the source names them.</summary>
    public ServiceTierRates? Batch { get; init; }

    /// <summary>Flex processing rates, when the source names them.</summary>
    public ServiceTierRates? Flex { get; init; }

    /// <summary>Priority processing rates, when the source names them.</summary>
    public ServiceTierRates? Priority { get; init; }

    /// <summary>Other ids the same price is found by (date-suffixed snapshots, deployment names).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
