namespace CostInstrumentation;

/// <summary>The UTC time slot <see cref="ILlmCostReader.Series"/> totals by.</summary>
public enum CostSeriesSlot
{
    /// <summary>A UTC hour (read from the hourly rollups when the filter allows).</summary>
    Hour,

    /// <summary>15 minutes from :00, :15, :30 or :45 UTC (always read from the calls): the grain of every zone offset in use.</summary>
    QuarterHour,
}
