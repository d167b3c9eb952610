namespace CostInstrumentation.Reports;

/// <summary>A child key of a breakdown's group and its totals being added up (<see cref="BreakdownGroup"/>).</summary>
internal struct BreakdownCell(string key)
{
    public TotalsSum Sum;

    public readonly string Key { get; } = key;
}
