namespace CostInstrumentation.Reports;

/// <summary>
/// The calls a report counts in time: [<see cref="FromUtc"/>, <see cref="ToUtc"/>), either bound open (null), with the
/// zone the bounds were taken in and the spelling the user gave (<c>this-month</c>, <c>2026-W47</c>, …).
/// </summary>
public sealed record ReportPeriod(string Label, DateTimeOffset? FromUtc, DateTimeOffset? ToUtc, TimeZoneInfo Zone)
{
    /// <summary>Every call ever recorded.</summary>
    public static ReportPeriod All(TimeZoneInfo zone) => new("all", null, null, zone);

    /// <summary>The start in the report's zone (null when open).</summary>
    public DateTimeOffset? FromLocal => FromUtc is { } from ? TimeZoneInfo.ConvertTime(from, Zone) : null;

    /// <summary>The (exclusive) end in the report's zone (null when open).</summary>
    public DateTimeOffset? ToLocal => ToUtc is { } to ? TimeZoneInfo.ConvertTime(to, Zone) : null;

    /// <summary>Whether <paramref name="instant"/> falls in the period.</summary>
    public bool Contains(DateTimeOffset instant) => (FromUtc is not { } from || instant >= from) && (ToUtc is not { } to || instant < to);
}
