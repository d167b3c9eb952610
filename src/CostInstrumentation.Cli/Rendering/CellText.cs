using System.Globalization;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>How a cell's value is written: exact for files (CSV, Markdown, JSON), readable for the terminal.</summary>
internal static class CellText
{
    /// <summary>The exact text: money and fractions with every digit they have, times in ISO 8601.</summary>
    public static string Exact(object? value) => value switch
    {
        null => "",
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The terminal text of a cell: money rounded for reading (see <see cref="Usd"/>), tokens abbreviated, "(none)" for "".</summary>
    public static string Terminal(object? value, ColumnKind kind) => (kind, value) switch
    {
        (_, null) => "—",
        (ColumnKind.Money, decimal usd) => Usd(usd),
        (ColumnKind.Fraction, decimal fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
        (ColumnKind.Number, decimal number) => number.ToString("#,0.##", CultureInfo.InvariantCulture),
        (ColumnKind.Tokens, long tokens) => Abbreviate(tokens),
        (ColumnKind.Count, long count) => count.ToString("N0", CultureInfo.InvariantCulture),
        (ColumnKind.Time, DateTimeOffset instant) => instant.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), // the header names the zone
        (ColumnKind.Text, "") => "(none)",
        _ => Exact(value),
    };

    /// <summary>USD for a person: 4 decimals below $1 (calls cost fractions of a cent), cents from there. JSON, CSV and Markdown stay exact.</summary>
    public static string Usd(decimal usd)
    {
        string digits = Math.Abs(usd).ToString(Math.Abs(usd) >= 1 ? "N2" : "N4", CultureInfo.InvariantCulture);
        return (usd < 0 ? "-$" : "$") + digits;
    }

    /// <summary>Integer nano-USD of an exact USD amount (every stored cost is a whole number of nano-USD).</summary>
    public static long NanoUsd(decimal usd) => Reports.ReportMoney.ToNanoUsd(usd);

    /// <summary>12,345 → 12.3K; 1,234,567 → 1.2M; below 10,000 as is.</summary>
    public static string Abbreviate(long value)
    {
        long magnitude = Math.Abs(value);
        return magnitude switch
        {
            < 10_000 => value.ToString("N0", CultureInfo.InvariantCulture),
            < 1_000_000 => (value / 1_000m).ToString("0.#", CultureInfo.InvariantCulture) + "K",
            < 1_000_000_000 => (value / 1_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            _ => (value / 1_000_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "B",
        };
    }
}
