using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Api.Models;

/// <summary>
/// Every JSON answer's envelope, as the CLI's <c>--format json</c>: <c>schemaVersion</c> (only additive changes within a
/// version), what it is, when it was made, the zone and period it counts in, the filters applied, then the data.
/// </summary>
public sealed record ApiEnvelope<T>(int SchemaVersion, string Kind, string GeneratedUtc, string? TimeZone, ApiPeriod? Period, ApiFilters? Filters, T Data);

/// <summary>A period: the spelling asked for and its bounds in the report's zone (null when open); <c>to</c> is exclusive.</summary>
public sealed record ApiPeriod(string Label, string? From, string? To);

/// <summary>The call filters applied (null: not given).</summary>
public sealed record ApiFilters(string? Provider, string? Model, string? Project, string? Session, IReadOnlyList<string> Tags, string? Operation, string? CallSite, string? Outcome);

/// <summary>Builds envelopes and the exact money and time spellings the API uses.</summary>
internal static class Envelope
{
    /// <summary>Bumped only for a breaking change.</summary>
    public const int SchemaVersion = 1;

    public static ApiEnvelope<T> Of<T>(DashboardContext context, string kind, T data, ReportPeriod? period = null, ReportFilter? filter = null, TimeZoneInfo? zone = null) => new(
        SchemaVersion,
        kind,
        Instant(context.Now)!,
        (zone ?? period?.Zone) is { } z ? ReportZone.Name(z) : null,
        period is null ? null : new ApiPeriod(period.Label, Instant(period.FromLocal), Instant(period.ToLocal)),
        filter is null ? null : new ApiFilters(filter.Provider, filter.Model, filter.Project, filter.Session, filter.Tags, filter.Operation, filter.CallSite, filter.Outcome),
        data);

    /// <summary>An instant with its offset (<c>2026-11-05T14:00:00+01:00</c>, <c>…Z</c> in UTC).</summary>
    public static string? Instant(DateTimeOffset? instant) => instant is { } value
        ? value.Offset == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
        : null;

    /// <summary>USD as an exact decimal string (never a binary floating-point number).</summary>
    public static string Usd(decimal usd) => usd.ToString(CultureInfo.InvariantCulture);

    /// <summary>USD as an exact decimal string, or null.</summary>
    public static string? Usd(decimal? usd) => usd is { } value ? Usd(value) : null;

    /// <summary>The same amount in integer nano-USD.</summary>
    public static long Nano(decimal usd) => ReportMoney.ToNanoUsd(usd);

    /// <summary>A fraction or ratio as an exact decimal string, or null.</summary>
    public static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
