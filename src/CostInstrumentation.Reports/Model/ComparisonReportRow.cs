namespace CostInstrumentation.Reports;

/// <summary>One key's totals in both sides of a comparison; <see cref="DeltaUsd"/> is second − first.</summary>
public sealed record ComparisonReportRow(string Key, CostTotals First, CostTotals Second)
{
    /// <summary>Second cost − first cost.</summary>
    public decimal DeltaUsd => Second.CostUsd - First.CostUsd;

    /// <summary>The change as a fraction of the first cost (null when the first is 0).</summary>
    public decimal? Change => First.CostUsd == 0 ? null : decimal.Round(DeltaUsd / First.CostUsd, 4);
}
