namespace CostInstrumentation.Reports;

/// <summary>The time zone a report's days, weeks, months and hours are counted in (<c>--tz local|utc|IANA</c>).</summary>
public static class ReportZone
{
    /// <summary>
    /// <c>local</c> (or null/empty): <paramref name="local"/>; <c>utc</c>: UTC; anything else an IANA (or Windows) zone id.
    /// </summary>
    /// <exception cref="ReportArgumentException">The id names no zone this machine knows.</exception>
    public static TimeZoneInfo Resolve(string? spec, TimeZoneInfo local)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (string.IsNullOrWhiteSpace(spec) || spec.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            return local;
        }

        if (spec.Equals("utc", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(spec);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ReportArgumentException($"--tz '{spec}' is not a time zone: use local, utc or an IANA id such as Europe/Berlin.");
        }
    }

    /// <summary>The zone's name for headers: its IANA id where it has one (the local zone's id otherwise).</summary>
    public static string Name(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (zone == TimeZoneInfo.Utc || zone.Id is "Etc/UTC" or "UTC")
        {
            return "UTC";
        }

        return zone.HasIanaId || !TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out string? iana) ? zone.Id : iana;
    }

    /// <summary>
    /// Whether every offset the zone has used since 1970 is a whole number of hours from UTC, so that each UTC hour falls
    /// in one local hour (and day); otherwise (India's +05:30, Nepal's +05:45, Lord Howe's 30-minute DST) reports count in
    /// quarter hours. Older rules (local mean time and the like) predate any recorded call.
    /// </summary>
    public static bool IsWholeHour(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.BaseUtcOffset.Minutes == 0
            && zone.GetAdjustmentRules()
                .Where(rule => rule.DateEnd.Year >= 1970)
                .All(rule => (zone.BaseUtcOffset + rule.BaseUtcOffsetDelta).Minutes == 0 && rule.DaylightDelta.Minutes == 0);
    }

    /// <summary>
    /// The UTC instant of a local wall-clock time: a time skipped by a DST change moves forward to the first one that
    /// exists; a time that happens twice is its first occurrence.
    /// </summary>
    public static DateTimeOffset ToUtc(DateTime wallClock, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTime local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            // Gaps are whole minutes (30 or 60 in practice); step to the first wall-clock minute that exists.
            local = local.AddMinutes(1);
        }

        TimeSpan offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
