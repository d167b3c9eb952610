using System.Globalization;
using System.Text.Json;

namespace CostInstrumentation;

/// <summary>
/// The spelling of <c>budgets.warn_at</c>: the warning fractions as a JSON array of numbers, each without trailing zeros
/// (0.80 is written 0.8, as <c>budget_alerts.threshold</c> keys it). The runtime's store and the report layer both use it.
/// </summary>
internal static class WarnAtColumn
{
    internal static string Write(IEnumerable<decimal> fractions) =>
        "[" + string.Join(",", fractions.Select(f => BudgetAccount.Normalize(f).ToString(CultureInfo.InvariantCulture))) + "]";

    /// <exception cref="JsonException">Not a JSON array.</exception>
    /// <exception cref="InvalidOperationException">An item that is not a number.</exception>
    /// <exception cref="FormatException">A number that is not a decimal.</exception>
    internal static decimal[] Read(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetDecimal())];
    }
}
