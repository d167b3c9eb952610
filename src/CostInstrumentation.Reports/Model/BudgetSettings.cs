using System.Text.Json;

namespace CostInstrumentation.Reports;

/// <summary>A budget row's fallback model, warning fractions and whether it mirrors a budget declared in code or options.</summary>
internal sealed record BudgetSettings(string? Fallback, IReadOnlyList<decimal> WarnAt, bool Declared);

/// <summary>The <c>warn_at</c> column: a JSON array of fractions, as the runtime writes and reads it.</summary>
internal static class WarnAt
{
    internal static IReadOnlyList<decimal> Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return [.. document.RootElement.EnumerateArray().Select(e => e.GetDecimal()).Order()];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            // The runtime reports and skips such a row; a report still shows it, without thresholds.
            return [];
        }
    }
}
