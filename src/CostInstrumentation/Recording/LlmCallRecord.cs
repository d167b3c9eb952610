namespace CostInstrumentation;

/// <summary>
/// One metered call, as stored in <c>llm_calls</c>. Holds no prompt or response text and no key.
/// A struct passed by reference, so recording a call allocates nothing.
/// </summary>
public readonly record struct LlmCallRecord
{
    /// <summary>When the call started (UTC).</summary>
    public required DateTimeOffset TimestampUtc { get; init; }

    /// <summary>The provider (<c>openai</c>, <c>anthropic</c>, …), or empty when unknown.</summary>
    public required string Provider { get; init; }

    /// <summary>The model id, as resolved for pricing (empty when it could not be determined).</summary>
    public required string Model { get; init; }

    /// <summary>The metered method, fully qualified (<c>Namespace.Type.Method</c>).</summary>
    public required string Operation { get; init; }

    /// <summary>Where the call is in the source: <c>file:line</c>.</summary>
    public required string CallSite { get; init; }

    /// <summary>The project the call is attributed to, when known.</summary>
    public string? Project { get; init; }

    /// <summary>The session (conversation) id, when known.</summary>
    public string? SessionId { get; init; }

    /// <summary>Tags of the call site and the ambient context.</summary>
    public IReadOnlyList<string> Tags { get; init; }

    /// <summary>Token usage in canonical form (zero when the call failed before a response).</summary>
    public LlmUsage Usage { get; init; }

    /// <summary>The cost in USD; <see langword="null"/> when it could not be priced (never recorded as 0).</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>
    /// <see langword="true"/> when <see cref="CostUsd"/> prices only the usage a stream reported before it ended without
    /// its final usage (incomplete, abandoned, cancelled or failed part-way): the provider bills at least this much.
    /// </summary>
    public bool CostIsLowerBound { get; init; }

    /// <summary>How long the call took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How the call ended.</summary>
    public LlmCallOutcome Outcome { get; init; }

    /// <summary>The exception type name when <see cref="Outcome"/> is <see cref="LlmCallOutcome.Error"/>.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Why the usage could not be read or priced, when it could not (e.g. invalid usage, unknown model).</summary>
    public string? PricingError { get; init; }

    /// <summary>The version of the price table that priced the call.</summary>
    public string? PricingVersion { get; init; }

    /// <summary>The service tier the call was priced at, when not standard.</summary>
    public string? ServiceTier { get; init; }

    /// <summary>The hold the call took on shared budgets (a shared ledger settles it when the call is shipped); empty when none.</summary>
    internal Guid HoldId { get; init; }
}
