using System;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Hosting.Email;

/// <summary>When the next digest is due: the first <see cref="EmailDigestOptions.At"/> (on <see cref="EmailDigestOptions.Day"/> for a weekly one) after now, in the digest's zone.</summary>
internal static class DigestSchedule
{
    /// <summary>The next UTC instant strictly after <paramref name="now"/>; a wall-clock time skipped by a DST change moves to the first that exists.</summary>
    internal static DateTimeOffset Next(EmailDigestOptions options, DateTimeOffset now, TimeZoneInfo zone)
    {
        DateTime today = TimeZoneInfo.ConvertTime(now, zone).Date;
        for (int days = 0; ; days++)
        {
            DateTime day = today.AddDays(days);
            if (options.Schedule == EmailDigestSchedule.Weekly && day.DayOfWeek != options.Day)
            {
                continue;
            }

            DateTimeOffset due = ReportZone.ToUtc(day + options.At.ToTimeSpan(), zone);
            if (due > now)
            {
                return due;
            }
        }
    }
}
