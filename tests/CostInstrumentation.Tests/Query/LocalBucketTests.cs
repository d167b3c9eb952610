using System.Globalization;

namespace CostInstrumentation.Tests.Query;

/// <summary>
/// Local days, weeks and months read as UTC days with the hours that cross into another bucket moved
/// (<see cref="LlmCostQuery.LocalBuckets"/>) equal the records grouped in that zone and the hourly path, exactly, for any
/// bounds and filter the rollups hold: across both DST changes of New York and Berlin (23- and 25-hour days), in UTC, in
/// a fixed zone west of it, and in zones whose days start at :30 or :45 of a UTC hour (Kolkata +5:30, Kathmandu +5:45,
/// Adelaide +9:30/+10:30 and St John's −3:30/−2:30 across their DST changes, Chatham +12:45/+13:45, Lord Howe's
/// 30-minute DST +10:30/+11), where the part-hours at a bucket's edge are moved from the quarter-hour totals or the calls.
/// </summary>
public sealed class LocalBucketTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 2, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(290);
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5"];
    private static readonly string?[] Projects = [null, "web", "batch"];
    private static readonly CostDimension?[] Keys = [null, CostDimension.Model, CostDimension.Provider, CostDimension.Project];

    private readonly CostDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("Europe/Berlin", 1)]
    [InlineData("America/New_York", 2)]
    [InlineData("Etc/GMT+5", 3)]
    [InlineData("UTC", 4)]
    [InlineData("Asia/Kolkata", 5)]
    [InlineData("Asia/Kathmandu", 6)]
    [InlineData("Australia/Adelaide", 7)]
    [InlineData("America/St_Johns", 8)]
    [InlineData("Pacific/Chatham", 9)]
    [InlineData("Australia/Lord_Howe", 10)]
    public async Task Local_buckets_from_days_and_moved_stretches_equal_the_records_and_the_calls_in_quarter_hours(string zoneId, int seed)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        Random random = new(seed);
        List<LlmCallRecord> records = [.. Enumerable.Range(0, 4_000).Select(_ => RandomCall(random))];
        await _db.WriteAsync(records);
        using LlmCostQuery query = _db.Open();

        for (int round = 0; round < 24; round++)
        {
            Func<DateTime, DateTime> bucketOf = BucketOf(round % 3, zone);
            DateTimeOffset? from = round % 4 == 0 ? null : Start.AddTicks(random.NextInt64(-TimeSpan.TicksPerDay, Span.Ticks / 2));
            CostFilter filter = new()
            {
                FromUtc = from,
                // Every sixth round a range of up to 36 hours: inside one UTC day or across one midnight, so no whole UTC day.
                ToUtc = from is { } start && round % 6 == 5 ? start.AddTicks(random.NextInt64(1, 36 * TimeSpan.TicksPerHour))
                    : round % 5 == 0 ? null : Start.AddTicks(random.NextInt64(Span.Ticks / 2, Span.Ticks + TimeSpan.TicksPerDay)),
                Model = random.Next(3) == 0 ? Models[random.Next(Models.Length)] : null,
                Project = random.Next(4) == 0 ? Projects[random.Next(Projects.Length)] ?? "" : null,
            };
            CostDimension? by = Keys[random.Next(Keys.Length)];
            List<LlmCallRecord> selected = [.. records.Where(r => Selects(filter, r))];
            List<(DateTime, string, CostTotals)> expected = Sorted(selected
                .GroupBy(r => (bucketOf(r.TimestampUtc.UtcDateTime), Key(by, r)))
                .Select(g => (g.Key.Item1, g.Key.Item2, CostDatabase.Totals([.. g]))));

            // The rollups hold every such question: it must not fall back to hours.
            List<(string Slot, string Key, CostTotals Totals)>? buckets = query.LocalBuckets(filter, by, bucketOf);
            Assert.NotNull(buckets);
            // Each bucket once, named by a slot inside it.
            Assert.Equal(buckets.Count, buckets.Select(row => (bucketOf(Slot(row.Slot)), row.Key)).Distinct().Count());
            Assert.Equal(expected, Sorted(buckets.Select(row => (bucketOf(Slot(row.Slot)), row.Key, row.Totals))));
            // The calls in quarter-hours (hours, in a whole-hour zone) grouped in the zone agree.
            Assert.Equal(expected, Sorted(query.SlotBreakdown(filter, CostSeriesSlot.QuarterHour, by)
                .GroupBy(row => (bucketOf(Slot(row.Slot)), row.Key))
                .Select(g => (g.Key.Item1, g.Key.Key, g.Select(row => row.Totals).Aggregate((a, b) => a + b)))));
        }
    }

    [Fact]
    public async Task Filters_the_rollups_do_not_hold_are_left_to_the_calls()
    {
        await _db.WriteAsync(CostDatabase.Call("2026-11-01T12:00:00Z", 1m, tags: ["prod"]));
        using LlmCostQuery query = _db.Open();
        Func<DateTime, DateTime> days = BucketOf(0, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        Assert.Null(query.LocalBuckets(new CostFilter { Tag = "prod" }, null, days));
        Assert.Null(query.LocalBuckets(new CostFilter { Session = "s" }, CostDimension.Model, days));
        Assert.Null(query.LocalBuckets(new CostFilter { FromUtc = new DateTimeOffset(9999, 12, 31, 1, 0, 0, TimeSpan.Zero) }, null, days));
        query.UseRollups = false;
        Assert.Null(query.LocalBuckets(new CostFilter(), null, days));
    }

    /// <summary>An unpriced call moved out of its UTC day stays unpriced: never a $0 cost in either bucket.</summary>
    [Fact]
    public async Task An_unpriced_call_in_a_moved_hour_stays_unpriced()
    {
        // 23:30 UTC is the next day in Berlin; the day's priced call stays.
        await _db.WriteAsync(CostDatabase.Call("2026-11-01T10:00:00Z", 0.25m), CostDatabase.Call("2026-11-01T23:30:00Z", null));
        using LlmCostQuery query = _db.Open();

        List<(string Slot, string Key, CostTotals Totals)> buckets = query.LocalBuckets(new CostFilter(), null, BucketOf(0, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")))!;

        Assert.Equal(
            [("2026-11-01T12", 1L, 0.25m, 0L), ("2026-11-01T23", 1L, 0m, 1L)],
            buckets.OrderBy(row => row.Slot, StringComparer.Ordinal).Select(row => (row.Slot, row.Totals.Calls, row.Totals.CostUsd, row.Totals.UnpricedCalls)));
    }

    /// <summary>A call on the last day .NET has is counted in its local day, though that UTC day has no next midnight.</summary>
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("Asia/Kolkata")]
    public async Task A_call_on_the_last_day_there_is_counts_in_its_local_day(string zoneId)
    {
        await _db.WriteAsync(CostDatabase.Call("2026-11-01T10:00:00Z", 1m), CostDatabase.Call("9999-12-31T10:00:00Z", 2m));
        using LlmCostQuery query = _db.Open();
        Func<DateTime, DateTime> days = BucketOf(0, TimeZoneInfo.FindSystemTimeZoneById(zoneId));

        List<(string Slot, string Key, CostTotals Totals)> buckets = query.LocalBuckets(new CostFilter(), null, days)!;

        Assert.Equal(
            [(new DateTime(2026, 11, 1), 1m), (new DateTime(9999, 12, 31), 2m)],
            buckets.Select(row => (days(Slot(row.Slot)), row.Totals.CostUsd)).OrderBy(row => row.Item1));
    }

    /// <summary>A part-hour the range cuts inside a quarter-hour is read from the calls, not from its quarter-hours' totals.</summary>
    [Fact]
    public async Task A_part_hour_cut_inside_a_quarter_hour_counts_only_the_calls_in_range()
    {
        // Kolkata's 2 November starts at 18:30 UTC on the 1st; the range starts at 18:42, in the quarter-hour from 18:30.
        await _db.WriteAsync(
            CostDatabase.Call("2026-11-01T18:35:00Z", 1m), CostDatabase.Call("2026-11-01T18:44:00Z", 2m),
            CostDatabase.Call("2026-11-01T18:50:00Z", 4m), CostDatabase.Call("2026-11-03T12:00:00Z", 8m));
        using LlmCostQuery query = _db.Open();
        Func<DateTime, DateTime> days = BucketOf(0, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

        List<(string Slot, string Key, CostTotals Totals)> buckets = query.LocalBuckets(
            CostFilter.Between(new(2026, 11, 1, 18, 42, 0, TimeSpan.Zero), new(2026, 11, 4, 0, 0, 0, TimeSpan.Zero)), null, days)!;

        Assert.Equal(
            [(new DateTime(2026, 11, 2), 2L, 6m), (new DateTime(2026, 11, 3), 1L, 8m)],
            buckets.Select(row => (days(Slot(row.Slot)), row.Totals.Calls, row.Totals.CostUsd)).OrderBy(row => row.Item1));
    }

    /// <summary>Day (0), ISO week from Monday (1) or month (2) of a UTC instant in <paramref name="zone"/>, as its first local date.</summary>
    private static Func<DateTime, DateTime> BucketOf(int grain, TimeZoneInfo zone) => utc =>
    {
        DateTime date = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).Date;
        return grain switch
        {
            0 => date,
            1 => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
            _ => new DateTime(date.Year, date.Month, 1),
        };
    };

    /// <summary>An hour (<c>yyyy-MM-ddTHH</c>) or a quarter-hour (<c>yyyy-MM-ddTHH:mm</c>) in UTC.</summary>
    private static DateTime Slot(string slot) =>
        DateTime.ParseExact(slot, ["yyyy-MM-dd'T'HH", "yyyy-MM-dd'T'HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static LlmCallRecord RandomCall(Random random) => CostDatabase.Call(
        Start.AddTicks(random.NextInt64(Span.Ticks)).ToString("O", CultureInfo.InvariantCulture),
        random.Next(10) == 0 ? null : random.NextInt64(1, 9_000_000_000) / 1_000_000_000m,
        model: Models[random.Next(Models.Length)],
        provider: random.Next(2) == 0 ? "openai" : "anthropic",
        project: Projects[random.Next(Projects.Length)],
        outcome: random.Next(7) == 0 ? LlmCallOutcome.Error : LlmCallOutcome.Ok,
        usage: new LlmUsage(random.Next(20_000), random.Next(3_000), random.Next(500), random.Next(200), random.Next(100)));

    private static bool Selects(CostFilter filter, LlmCallRecord r) =>
        (filter.FromUtc is not { } from || r.TimestampUtc >= from)
        && (filter.ToUtc is not { } to || r.TimestampUtc < to)
        && (filter.Model is null || filter.Model == r.Model)
        && (filter.Project is null || filter.Project == (r.Project ?? ""));

    private static string Key(CostDimension? by, LlmCallRecord r) => by switch
    {
        CostDimension.Model => r.Model,
        CostDimension.Provider => r.Provider,
        CostDimension.Project => r.Project ?? "",
        _ => "",
    };

    private static List<(DateTime, string, CostTotals)> Sorted(IEnumerable<(DateTime Bucket, string Key, CostTotals Totals)> rows) =>
        [.. rows.OrderBy(row => row.Bucket).ThenBy(row => row.Key, StringComparer.Ordinal)];
}
