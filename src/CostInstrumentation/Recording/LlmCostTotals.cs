namespace CostInstrumentation;

/// <summary>
/// The running cost of the calls of a <see cref="LlmCostContext"/> scope. Calls whose cost is unknown are counted in
/// <see cref="UnknownCostCalls"/> and never added to the money as $0: <see cref="CostUsd"/> is null while there is one.
/// </summary>
public readonly record struct LlmCostTotals
{
    /// <summary>Every call recorded, whatever its outcome.</summary>
    public long Calls { get; init; }

    /// <summary>The sum of the costs that are known (exact, in USD).</summary>
    public decimal KnownCostUsd { get; init; }

    /// <summary>Calls that could not be priced (unknown model, no usage reported, …).</summary>
    public long UnknownCostCalls { get; init; }

    /// <summary>Calls whose known cost is a lower bound (a stream that ended before its final usage).</summary>
    public long LowerBoundCalls { get; init; }

    /// <summary>The total in USD, or <see langword="null"/> when a call's cost is unknown (so the total is too).</summary>
    public decimal? CostUsd => UnknownCostCalls == 0 ? KnownCostUsd : null;

    internal LlmCostTotals Add(in LlmCallRecord record) => this with
    {
        Calls = Calls + 1,
        KnownCostUsd = KnownCostUsd + (record.CostUsd ?? 0m),
        UnknownCostCalls = UnknownCostCalls + (record.CostUsd is null ? 1 : 0),
        LowerBoundCalls = LowerBoundCalls + (record.CostIsLowerBound ? 1 : 0),
    };
}
