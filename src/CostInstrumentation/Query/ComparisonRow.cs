namespace CostInstrumentation;

/// <summary>One key's cost in both filters of a comparison; <see cref="DeltaUsd"/> is second − first.</summary>
public sealed record ComparisonRow(string Key, decimal FirstUsd, decimal SecondUsd, decimal DeltaUsd);
