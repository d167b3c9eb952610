using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>How the pages spell numbers, money and times: exact decimals, invariant culture, the zone named.</summary>
internal static class PageText
{
    /// <summary>Exact USD: at least cents, every stored digit (nano-USD) beyond them.</summary>
    public static string Usd(decimal usd) => (usd < 0 ? "−$" : "$") + Math.Abs(usd).ToString("#,0.00#######", CultureInfo.InvariantCulture);

    /// <summary>A signed change: <c>+$1.20</c>, <c>−$0.50</c>.</summary>
    public static string Delta(decimal usd) => usd > 0 ? "+" + Usd(usd) : Usd(usd);

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with one decimal.</summary>
    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    /// <summary>An instant in <paramref name="zone"/>.</summary>
    public static string Time(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A key as the reports show it: the empty string is "(none)".</summary>
    public static string Key(string key) => key.Length == 0 ? "(none)" : key;

    /// <summary>A period's bounds in its zone: <c>2026-11-01 00:00 – 2026-12-01 00:00 (Europe/Berlin)</c>.</summary>
    public static string Bounds(ReportPeriod period) =>
        (period.FromLocal is { } from ? from.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "the first call")
        + " – " + (period.ToLocal is { } to ? to.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "now")
        + " (" + ReportZone.Name(period.Zone) + ")";

    /// <summary>An invariant number for SVG coordinates.</summary>
    public static string Coordinate(decimal value) => decimal.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
