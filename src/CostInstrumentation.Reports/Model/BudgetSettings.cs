using System.Text.Json;

namespace CostInstrumentation.Reports;

/// <summary>
/// A budget row's fallback model, warning fractions (ascending), whether it mirrors a budget declared in code or options,
/// and whether it is enabled (the runtime skips a disabled row).
/// </summary>
internal sealed record BudgetSettings(string? Fallback, IReadOnlyList<decimal> WarnAt, bool Declared, bool Enabled)
{
    /// <summary>The <c>warn_at</c> column read as the runtime reads it; a row it cannot read (the runtime reports and skips it) is still shown, without thresholds.</summary>
    internal static IReadOnlyList<decimal> ReadWarnAt(string json)
    {
        try
        {
            return [.. WarnAtColumn.Read(json).Order()];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return [];
        }
    }
}
