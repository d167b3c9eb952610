using System.Globalization;

namespace CostInstrumentation.Reports;

/// <summary>The local day, ISO week or month an instant falls in: one definition for every report and every source's shortcut.</summary>
internal static class LocalBucket
{
    /// <summary>The first local date of the day, ISO week (from Monday) or month of <paramref name="time"/> that holds <paramref name="utc"/> in <paramref name="zone"/>.</summary>
    public static DateTime Of(ReportDimension time, DateTimeOffset utc, TimeZoneInfo zone)
    {
        DateTime date = TimeZoneInfo.ConvertTime(utc, zone).Date;
        return time switch
        {
            ReportDimension.Day => date,
            ReportDimension.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
            ReportDimension.Month => new DateTime(date.Year, date.Month, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(time), time, "Only days, weeks and months are dates."),
        };
    }

    /// <summary>The key of the bucket starting on <paramref name="start"/> (from <see cref="Of"/>): <c>2026-11-05</c>, <c>2026-W45</c>, <c>2026-11</c>.</summary>
    public static string Key(ReportDimension time, DateTime start) => time switch
    {
        ReportDimension.Day => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ReportDimension.Week => CostReports.WeekKey(start),
        _ => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };
}
