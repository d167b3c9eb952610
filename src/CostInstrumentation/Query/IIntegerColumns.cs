namespace CostInstrumentation;

/// <summary>A row whose columns hold integers, read by position (the totals of <see cref="LlmCostQuery.TotalsAt"/>).</summary>
internal interface IIntegerColumns
{
    long Int64(int column);
}
