namespace CostInstrumentation.Reports;

/// <summary>
/// One group a source reads (<see cref="IReportSource.Group"/>): its key per dimension asked for (none for grand totals;
/// at most two, a breakdown's and its --then-by's) and its totals. A struct, so a year's grid is read without an object
/// per group.
/// </summary>
internal readonly record struct SourceGroup(string? First, string? Second, CostTotals Totals)
{
    /// <summary>The most dimensions a group has keys for.</summary>
    public const int MostDimensions = 2;
}
