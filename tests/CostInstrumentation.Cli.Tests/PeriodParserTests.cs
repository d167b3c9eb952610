using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Tests;

public sealed class PeriodParserTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_day_that_starts_daylight_saving_is_23_hours_and_one_that_ends_it_25()
    {
        ReportPeriod spring = PeriodParser.Named("2026-03-29", Now, Berlin);
        ReportPeriod autumn = PeriodParser.Named("2026-10-25", Now, Berlin);

        Assert.Equal(Utc(2026, 3, 28, 23, 0), spring.FromUtc);
        Assert.Equal(TimeSpan.FromHours(23), spring.ToUtc - spring.FromUtc);
        Assert.Equal(Utc(2026, 10, 24, 22, 0), autumn.FromUtc);
        Assert.Equal(TimeSpan.FromHours(25), autumn.ToUtc - autumn.FromUtc);
    }

    [Fact]
    public void A_month_starts_at_local_midnight_in_a_half_hour_zone()
    {
        ReportPeriod november = PeriodParser.Named("2026-11", Now, Kolkata);

        Assert.Equal(Utc(2026, 10, 31, 18, 30), november.FromUtc);
        Assert.Equal(Utc(2026, 11, 30, 18, 30), november.ToUtc);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromMinutes(330)), november.FromLocal);
    }

    [Fact]
    public void Relative_periods_follow_the_zones_today()
    {
        // 15:30 UTC on the 18th is already the 19th in Kiritimati (+14).
        TimeZoneInfo kiritimati = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");

        Assert.Equal(Utc(2026, 11, 18, 10, 0), PeriodParser.Named("today", Now, kiritimati).FromUtc);
        Assert.Equal(Utc(2026, 11, 17, 0, 0), PeriodParser.Named("yesterday", Now, TimeZoneInfo.Utc).FromUtc);
        Assert.Equal((Utc(2026, 11, 16, 0, 0), Utc(2026, 11, 23, 0, 0)), Bounds(PeriodParser.Named("this-week", Now, TimeZoneInfo.Utc)));
        Assert.Equal((Utc(2026, 11, 9, 0, 0), Utc(2026, 11, 16, 0, 0)), Bounds(PeriodParser.Named("last-week", Now, TimeZoneInfo.Utc)));
        Assert.Equal((Utc(2026, 10, 1, 0, 0), Utc(2026, 11, 1, 0, 0)), Bounds(PeriodParser.Named("last-month", Now, TimeZoneInfo.Utc)));
        Assert.Equal((Utc(2026, 1, 1, 0, 0), Utc(2027, 1, 1, 0, 0)), Bounds(PeriodParser.Named("this-year", Now, TimeZoneInfo.Utc)));
        Assert.Equal((Utc(2026, 11, 16, 0, 0), Utc(2026, 11, 23, 0, 0)), Bounds(PeriodParser.Named("2026-W47", Now, TimeZoneInfo.Utc)));
        Assert.Equal(Utc(2026, 12, 28, 0, 0), PeriodParser.Named("2026-w53", Now, TimeZoneInfo.Utc).FromUtc);
        Assert.Equal((null, null), Bounds(PeriodParser.Named("all", Now, Berlin)));
    }

    [Fact]
    public void Last_counts_calendar_units_including_the_current_one_and_hours_up_to_now()
    {
        Assert.Equal((Utc(2026, 11, 12, 0, 0), Utc(2026, 11, 19, 0, 0)), Bounds(Parse(new PeriodRequest { Last = "7d" })));
        Assert.Equal((Utc(2026, 10, 26, 0, 0), Utc(2026, 11, 23, 0, 0)), Bounds(Parse(new PeriodRequest { Last = "4w" })));
        Assert.Equal((Utc(2026, 9, 1, 0, 0), Utc(2026, 12, 1, 0, 0)), Bounds(Parse(new PeriodRequest { Last = "3m" })));
        Assert.Equal((Now.AddHours(-24), Now), Bounds(Parse(new PeriodRequest { Last = "24h" })));
    }

    [Fact]
    public void From_and_to_take_local_dates_inclusively_and_instants_exactly()
    {
        ReportPeriod dates = PeriodParser.Parse(new PeriodRequest { From = "2026-11-01", To = "2026-11-02" }, Now, Berlin);
        ReportPeriod instants = PeriodParser.Parse(new PeriodRequest { From = "2026-11-01T10:00:00+01:00", To = "2026-11-01T12:00:00Z" }, Now, Berlin);

        Assert.Equal((Utc(2026, 10, 31, 23, 0), Utc(2026, 11, 2, 23, 0)), Bounds(dates));
        Assert.Equal((Utc(2026, 11, 1, 9, 0), Utc(2026, 11, 1, 12, 0)), Bounds(instants));
        Assert.Equal((Utc(2026, 3, 1, 0, 0), Utc(2026, 4, 1, 0, 0)), Bounds(Parse(new PeriodRequest { Month = "3" })));
        Assert.Equal((Utc(2025, 1, 1, 0, 0), Utc(2026, 1, 1, 0, 0)), Bounds(Parse(new PeriodRequest { Year = "2025" })));
        Assert.Equal(Utc(2026, 11, 18, 0, 0), Parse(new PeriodRequest(), "today").FromUtc);
    }

    [Fact]
    public void A_local_midnight_skipped_by_daylight_saving_starts_at_the_first_minute_that_exists()
    {
        // Chile moves its clocks from 00:00 to 01:00 on 2026-09-06: that day starts at 01:00 -03:00.
        TimeZoneInfo santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

        ReportPeriod day = PeriodParser.Named("2026-09-06", Now, santiago);

        Assert.Equal(Utc(2026, 9, 6, 4, 0), day.FromUtc);
        Assert.Equal(TimeSpan.FromHours(23), day.ToUtc - day.FromUtc);
    }

    [Theory]
    [InlineData("2026-13", null, null, null)]
    [InlineData("fortnight", null, null, null)]
    [InlineData("2026-W54", null, null, null)]
    [InlineData(null, "7y", null, null)]
    [InlineData(null, "0d", null, null)]
    [InlineData(null, null, "13", null)]
    [InlineData(null, null, null, "2026-11")]
    [InlineData("today", "7d", null, null)]
    public void A_period_that_does_not_parse_or_two_at_once_is_refused_with_a_sentence(string? period, string? last, string? month, string? year)
    {
        ReportArgumentException error = Assert.Throws<ReportArgumentException>(() => Parse(new PeriodRequest { Period = period, Last = last, Month = month, Year = year }));

        Assert.EndsWith(".", error.Message);
    }

    [Fact]
    public void From_must_be_before_to_and_instants_carry_their_offset()
    {
        Assert.Throws<ReportArgumentException>(() => Parse(new PeriodRequest { From = "2026-11-05", To = "2026-11-01" }));
        Assert.Throws<ReportArgumentException>(() => Parse(new PeriodRequest { From = "2026-11-05T10:00:00" }));
    }

    [Fact]
    public void Zones_resolve_by_name_and_say_whether_their_offsets_are_whole_hours()
    {
        Assert.Same(Berlin, ReportZone.Resolve("local", Berlin));
        Assert.Equal("UTC", ReportZone.Name(ReportZone.Resolve("utc", Berlin)));
        Assert.Equal("Asia/Kolkata", ReportZone.Name(ReportZone.Resolve("Asia/Kolkata", Berlin)));
        Assert.Throws<ReportArgumentException>(() => ReportZone.Resolve("Mars/Olympus_Mons", Berlin));
        Assert.True(ReportZone.IsWholeHour(Berlin));
        Assert.False(ReportZone.IsWholeHour(Kolkata));
        Assert.False(ReportZone.IsWholeHour(TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe")));
    }

    private static ReportPeriod Parse(PeriodRequest request, string fallback = "all") => PeriodParser.Parse(request, Now, TimeZoneInfo.Utc, fallback);

    private static (DateTimeOffset?, DateTimeOffset?) Bounds(ReportPeriod period) => (period.FromUtc, period.ToUtc);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
