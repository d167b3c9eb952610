using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>The header lines every human-readable output starts with: zone, period boundaries, filters, pricing versions.</summary>
internal static class DocumentHeader
{
    public static IEnumerable<(string Label, string Value)> Lines(ReportDocument document)
    {
        if (document.Zone is { } zone)
        {
            yield return ("Time zone", ReportZone.Name(zone));
        }

        if (document.Period is { } period)
        {
            yield return ("Period", Describe(period));
        }

        if (document.Filter?.Criteria().ToList() is { Count: > 0 } criteria)
        {
            yield return ("Filters", string.Join(", ", criteria.Select(c => $"{c.Key}={c.Value}")));
        }

        if (document.Period is not null || document.PricingVersions.Count > 0)
        {
            yield return ("Pricing", document.PricingVersions.Count > 0 ? string.Join(", ", document.PricingVersions) : "(no priced calls)");
        }

        foreach ((string label, string value) in document.Facts)
        {
            yield return (label, value);
        }
    }

    /// <summary><c>this-month: 2026-12-01 00:00 +01:00 → 2027-01-01 00:00 +01:00</c> (the end is exclusive).</summary>
    public static string Describe(ReportPeriod period)
    {
        string from = period.FromLocal is { } a ? Format(a) : "the first call";
        string to = period.ToLocal is { } b ? Format(b) : "now";
        return $"{period.Label}: {from} → {to}";
    }

    private static string Format(DateTimeOffset local) => local.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
