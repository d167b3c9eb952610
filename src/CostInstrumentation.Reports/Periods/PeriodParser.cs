using System.Globalization;
using System.Text.RegularExpressions;

namespace CostInstrumentation.Reports;

/// <summary>
/// Turns the period options into UTC bounds in a zone: calendar periods start at local midnight (weeks on Monday, ISO),
/// so a day that changes to or from daylight saving time is 23 or 25 hours long. Pure: the clock is a parameter.
/// </summary>
public static partial class PeriodParser
{
    /// <summary>The bounds <paramref name="request"/> names, or <paramref name="fallback"/> (a period spelling) when it names none.</summary>
    /// <exception cref="ReportArgumentException">Two period options at once, or one that does not parse.</exception>
    public static ReportPeriod Parse(PeriodRequest request, DateTimeOffset now, TimeZoneInfo zone, string fallback = "all")
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(zone);
        int given = new[] { request.Period, request.Last, request.Month, request.Year, request.From ?? request.To }.Count(value => value is not null);
        if (given > 1)
        {
            throw new ReportArgumentException("Give one of --period, --last, --month, --year or --from/--to, not several.");
        }

        if (request.Period is { } period)
        {
            return Named(period, now, zone);
        }

        if (request.Last is { } last)
        {
            return Last(last, now, zone);
        }

        if (request.Month is { } month)
        {
            return Month(month, now, zone);
        }

        if (request.Year is { } year)
        {
            return YearPattern().IsMatch(year.Trim())
                ? Named(year, now, zone, "--year")
                : throw new ReportArgumentException($"--year '{year}' is not a year such as 2026.");
        }

        if (request.From is not null || request.To is not null)
        {
            return Range(request.From, request.To, zone);
        }

        return Named(fallback, now, zone);
    }

    /// <summary>A period spelling (<c>this-month</c>, <c>2026-11</c>, <c>2026-W47</c>, …).</summary>
    public static ReportPeriod Named(string spec, DateTimeOffset now, TimeZoneInfo zone, string option = "--period")
    {
        ArgumentNullException.ThrowIfNull(spec);
        DateTime today = TimeZoneInfo.ConvertTime(now, zone).Date;
        DateTime week = WeekStart(today);
        DateTime month = new(today.Year, today.Month, 1);
        string key = spec.Trim().ToLowerInvariant();
        switch (key)
        {
            case "all":
                return ReportPeriod.All(zone);
            case "today":
                return Local(key, today, today.AddDays(1), zone);
            case "yesterday":
                return Local(key, today.AddDays(-1), today, zone);
            case "this-week":
                return Local(key, week, week.AddDays(7), zone);
            case "last-week":
                return Local(key, week.AddDays(-7), week, zone);
            case "this-month":
                return Local(key, month, month.AddMonths(1), zone);
            case "last-month":
                return Local(key, month.AddMonths(-1), month, zone);
            case "this-year":
                return Local(key, new DateTime(today.Year, 1, 1), new DateTime(today.Year + 1, 1, 1), zone);
            case "last-year":
                return Local(key, new DateTime(today.Year - 1, 1, 1), new DateTime(today.Year, 1, 1), zone);
        }

        if (YearPattern().IsMatch(key))
        {
            int year = int.Parse(key, CultureInfo.InvariantCulture);
            return Local(key, new DateTime(year, 1, 1), new DateTime(year + 1, 1, 1), zone);
        }

        if (DateTime.TryParseExact(key, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime monthStart))
        {
            return Local(key, monthStart, monthStart.AddMonths(1), zone);
        }

        if (DateTime.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day))
        {
            return Local(key, day, day.AddDays(1), zone);
        }

        if (IsoWeekPattern().Match(key) is { Success: true } match)
        {
            int year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            int number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (number >= 1 && number <= ISOWeek.GetWeeksInYear(year))
            {
                DateTime start = ISOWeek.ToDateTime(year, number, DayOfWeek.Monday);
                return Local(spec.Trim().ToUpperInvariant(), start, start.AddDays(7), zone);
            }
        }

        throw new ReportArgumentException(
            $"{option} '{spec}' is not a period: use today, yesterday, this-week, last-week, this-month, last-month, this-year, last-year, all, a month (2026-11), a year (2026), an ISO week (2026-W47) or a day (2026-11-05).");
    }

    /// <summary>The Monday (ISO) that starts the week of <paramref name="day"/>.</summary>
    public static DateTime WeekStart(DateTime day) => day.Date.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static ReportPeriod Last(string spec, DateTimeOffset now, TimeZoneInfo zone)
    {
        Match match = LastPattern().Match(spec.Trim().ToLowerInvariant());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > 100_000)
        {
            throw new ReportArgumentException($"--last '{spec}' is not a span: use a count and a unit, such as 24h, 7d, 4w or 3m.");
        }

        DateTime today = TimeZoneInfo.ConvertTime(now, zone).Date;
        string label = "last-" + spec.Trim().ToLowerInvariant();
        return match.Groups[2].Value switch
        {
            "h" => new ReportPeriod(label, now.ToUniversalTime().AddHours(-count), now.ToUniversalTime(), zone),
            "d" => Local(label, today.AddDays(1 - count), today.AddDays(1), zone),
            "w" => Local(label, WeekStart(today).AddDays(-7 * (count - 1)), WeekStart(today).AddDays(7), zone),
            _ => Local(label, new DateTime(today.Year, today.Month, 1).AddMonths(1 - count), new DateTime(today.Year, today.Month, 1).AddMonths(1), zone),
        };
    }

    private static ReportPeriod Month(string spec, DateTimeOffset now, TimeZoneInfo zone)
    {
        string text = spec.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number is >= 1 and <= 12)
        {
            int year = TimeZoneInfo.ConvertTime(now, zone).Year;
            text = $"{year:D4}-{number:D2}";
        }

        return DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime start)
            ? Local(text, start, start.AddMonths(1), zone)
            : throw new ReportArgumentException($"--month '{spec}' is not a month: use 2026-11, or 11 for November of this year.");
    }

    private static ReportPeriod Range(string? from, string? to, TimeZoneInfo zone)
    {
        DateTimeOffset? start = from is null ? null : Bound(from, "--from", zone, endOfDay: false);
        DateTimeOffset? end = to is null ? null : Bound(to, "--to", zone, endOfDay: true);
        if (start is { } a && end is { } b && b <= a)
        {
            throw new ReportArgumentException($"--to '{to}' is not after --from '{from}'.");
        }

        return new ReportPeriod($"{from ?? "…"}..{to ?? "…"}", start, end, zone);
    }

    /// <summary>A date is local midnight (for <c>--to</c>, the midnight after it: the day is included); an instant must carry its offset.</summary>
    private static DateTimeOffset Bound(string text, string option, TimeZoneInfo zone, bool endOfDay)
    {
        if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day))
        {
            return ReportZone.ToUtc(endOfDay ? day.AddDays(1) : day, zone);
        }

        if (InstantPattern().IsMatch(text.Trim())
            && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset instant))
        {
            return instant.ToUniversalTime();
        }

        throw new ReportArgumentException($"{option} '{text}' is not a date (2026-11-05) or an instant with its offset (2026-11-05T14:00:00+01:00, …Z).");
    }

    private static ReportPeriod Local(string label, DateTime start, DateTime end, TimeZoneInfo zone) =>
        new(label, ReportZone.ToUtc(start, zone), ReportZone.ToUtc(end, zone), zone);

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex YearPattern();

    [GeneratedRegex("^([0-9]{4})-w([0-9]{1,2})$")]
    private static partial Regex IsoWeekPattern();

    [GeneratedRegex("^([0-9]+)([hdwm])$")]
    private static partial Regex LastPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:?[0-9]{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex InstantPattern();
}
