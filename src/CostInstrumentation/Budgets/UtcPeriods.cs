namespace CostInstrumentation;

/// <summary>UTC calendar periods: days from 00:00, ISO weeks from Monday, calendar months and years.</summary>
internal static class UtcPeriods
{
    /// <summary>The start of the period containing <paramref name="instant"/> (for <see cref="BudgetPeriod.PerCall"/>, the instant itself).</summary>
    internal static DateTimeOffset Start(BudgetPeriod period, DateTimeOffset instant)
    {
        DateTime utc = instant.UtcDateTime;
        DateTime day = utc.Date;
        DateTime start = period switch
        {
            BudgetPeriod.PerCall => utc,
            BudgetPeriod.Day => day,
            BudgetPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            BudgetPeriod.Month => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            BudgetPeriod.Year => new DateTime(utc.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
        return new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc));
    }

    /// <summary>The start of the period after the one starting at <paramref name="start"/>.</summary>
    internal static DateTimeOffset End(BudgetPeriod period, DateTimeOffset start) => period switch
    {
        BudgetPeriod.PerCall => start,
        BudgetPeriod.Day => start.AddDays(1),
        BudgetPeriod.Week => start.AddDays(7),
        BudgetPeriod.Month => start.AddMonths(1),
        BudgetPeriod.Year => start.AddYears(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };
}
