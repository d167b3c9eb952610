namespace CostInstrumentation.Tests.Query;

/// <summary>Over random data, the rollup paths (daily, hourly), the raw path and a LINQ oracle over the records agree exactly.</summary>
public sealed class RollupEquivalenceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash", "o3"];
    private static readonly string[] Providers = ["openai", "anthropic", "google"];
    private static readonly string?[] Projects = [null, "", "web", "batch", "é-projet"];
    private static readonly string[] AllTags = ["prod", "chat", "eval", "ünï"];
    private static readonly CostDimension?[] RollupDimensions = [null, CostDimension.Model, CostDimension.Provider, CostDimension.Project, CostDimension.Day];

    private readonly CostDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomFilters_RollupAndRawPathsAgreeWithTheRecords(int seed)
    {
        Random random = new(seed);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 3_000);
        using LlmCostQuery query = _db.Open();

        for (int round = 0; round < 60; round++)
        {
            CostFilter filter = RandomDayAlignedFilter(random);
            CostDimension? by = RollupDimensions[random.Next(RollupDimensions.Length)];
            Assert.True(CostQuerySql.CanUseRollups(filter, by));
            List<LlmCallRecord> selected = records.Where(r => Matches(filter, r)).ToList();

            query.UseRollups = true;
            CostTotals rollupTotals = query.Totals(filter);
            IReadOnlyList<CostBreakdownRow>? rollupRows = by is { } d1 ? query.Breakdown(d1, filter) : null;
            query.UseRollups = false;
            CostTotals rawTotals = query.Totals(filter);
            IReadOnlyList<CostBreakdownRow>? rawRows = by is { } d2 ? query.Breakdown(d2, filter) : null;

            Assert.Equal(Oracle(selected), rollupTotals);
            Assert.Equal(rollupTotals, rawTotals);
            if (by is { } dimension)
            {
                List<CostBreakdownRow> expected = BreakdownOracle(selected, dimension);
                Assert.Equal(expected, rollupRows);
                Assert.Equal(expected, rawRows);
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task RandomFilters_AnyDimension_AgreeWithTheRecords(int seed)
    {
        Random random = new(seed);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 2_000);
        using LlmCostQuery query = _db.Open();
        CostDimension[] dimensions = Enum.GetValues<CostDimension>();

        for (int round = 0; round < 60; round++)
        {
            CostFilter filter = RandomDayAlignedFilter(random) with
            {
                FromUtc = random.Next(2) == 0 ? Start.AddTicks(random.NextInt64(TimeSpan.FromDays(14).Ticks)) : null,
                Tag = random.Next(3) == 0 ? AllTags[random.Next(AllTags.Length)] : null,
                Session = random.Next(4) == 0 ? (random.Next(5) == 0 ? "" : "s" + random.Next(20)) : null,
                Operation = random.Next(4) == 0 ? (random.Next(2) == 0 ? "App.Op1" : "App.*") : null,
            };
            CostDimension by = dimensions[random.Next(dimensions.Length)];
            List<LlmCallRecord> selected = records.Where(r => Matches(filter, r)).ToList();

            Assert.Equal(Oracle(selected), query.Totals(filter));
            List<CostBreakdownRow> expected = selected
                .SelectMany(r => Keys(by, r).Select(key => (Key: key, Record: r)))
                .GroupBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(g => new CostBreakdownRow(g.Key, Oracle(g.Select(pair => pair.Record).ToList())))
                .OrderByDescending(row => row.Totals.CostUsd)
                .ThenBy(row => row.Key, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, query.Breakdown(by, filter));
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public async Task HourAlignedFilters_HourlyRollupAndRawPathsAgreeWithTheRecords_InTotalsBreakdownsAndSeries(int seed)
    {
        Random random = new(seed);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 3_000);
        using LlmCostQuery query = _db.Open();

        for (int round = 0; round < 40; round++)
        {
            CostFilter filter = RandomDayAlignedFilter(random) with
            {
                FromUtc = random.Next(4) == 0 ? null : Start.AddHours(random.Next(-3, (14 * 24) + 3)),
                ToUtc = random.Next(4) == 0 ? null : Start.AddHours(random.Next(0, (14 * 24) + 6)),
            };
            CostDimension? by = RollupDimensions[random.Next(RollupDimensions.Length)];
            Assert.True(CostQuerySql.CanUseHourlyRollups(filter, by));
            List<LlmCallRecord> selected = records.Where(r => Matches(filter, r)).ToList();
            List<CostSeriesPoint> hours = SeriesOracle(selected, TimeSpan.FromHours(1));

            foreach (bool rollups in new[] { true, false })
            {
                query.UseRollups = rollups;
                Assert.Equal(Oracle(selected), query.Totals(filter));
                Assert.Equal(hours, query.Series(filter));
                if (by is { } dimension)
                {
                    Assert.Equal(BreakdownOracle(selected, dimension), query.Breakdown(dimension, filter));
                }
            }

            Assert.Equal(SeriesOracle(selected, TimeSpan.FromMinutes(15)), query.Series(filter, CostSeriesSlot.QuarterHour));
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public async Task Series_AnyFilter_AgreesWithTheRecords(int seed)
    {
        Random random = new(seed);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 2_000);
        using LlmCostQuery query = _db.Open();

        for (int round = 0; round < 40; round++)
        {
            CostFilter filter = RandomDayAlignedFilter(random) with
            {
                FromUtc = random.Next(2) == 0 ? Start.AddTicks(random.NextInt64(TimeSpan.FromDays(14).Ticks)) : null,
                Tag = random.Next(3) == 0 ? AllTags[random.Next(AllTags.Length)] : null,
                Session = random.Next(4) == 0 ? "s" + random.Next(20) : null,
            };
            List<LlmCallRecord> selected = records.Where(r => Matches(filter, r)).ToList();
            Assert.Equal(SeriesOracle(selected, TimeSpan.FromHours(1)), query.Series(filter));
            Assert.Equal(SeriesOracle(selected, TimeSpan.FromMinutes(15)), query.Series(filter, CostSeriesSlot.QuarterHour));
        }
    }

    /// <summary>
    /// What the report layer does for a local day: whole UTC hours from the hourly series, quarter-hours for the edges a
    /// :30 or :45 zone leaves. Each local day of the data equals the sum of its calls in that zone, across New York's
    /// DST change (1 November 2026) and in India (+5:30) and Nepal (+5:45).
    /// </summary>
    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("UTC")]
    public async Task LocalDays_FromHoursAndQuarterHourEdges_EqualTheSumOfTheirCallsInThatZone(string zoneId)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        Random random = new(10);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 3_000);
        using LlmCostQuery query = _db.Open();

        DateOnly first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Start, zone).DateTime);
        for (DateOnly day = first; day <= first.AddDays(15); day = day.AddDays(1))
        {
            DateTimeOffset from = LocalMidnight(zone, day);
            DateTimeOffset to = LocalMidnight(zone, day.AddDays(1));
            DateTimeOffset wholeFrom = new(from.UtcTicks + ((TimeSpan.TicksPerHour - (from.UtcTicks % TimeSpan.TicksPerHour)) % TimeSpan.TicksPerHour), TimeSpan.Zero);
            DateTimeOffset wholeTo = new(to.UtcTicks - (to.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
            IEnumerable<CostSeriesPoint> points = query.Series(CostFilter.Between(wholeFrom, wholeTo))
                .Concat(query.Series(CostFilter.Between(from, wholeFrom), CostSeriesSlot.QuarterHour))
                .Concat(query.Series(CostFilter.Between(wholeTo, to), CostSeriesSlot.QuarterHour));

            CostTotals expected = Oracle(records.Where(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.TimestampUtc, zone).DateTime) == day).ToList());
            Assert.Equal(expected, points.Aggregate(default(CostTotals), (sum, point) => sum + point.Totals));
        }
    }

    [Fact]
    public void HourlyRollups_WhenTheBoundsAreWholeHoursAndTheFilterIsInThem()
    {
        DateTimeOffset hour = Start.AddHours(5);
        Assert.True(CostQuerySql.CanUseHourlyRollups(CostFilter.Between(hour, hour.AddHours(30)) with { Model = "m", Project = "" }, CostDimension.Day));
        Assert.True(CostQuerySql.CanUseHourlyRollups(new CostFilter(), null));
        Assert.False(CostQuerySql.CanUseHourlyRollups(CostFilter.Between(hour.AddMinutes(30), hour.AddHours(30)), null));
        Assert.False(CostQuerySql.CanUseHourlyRollups(new CostFilter { ToUtc = hour.AddTicks(-1) }, null));
        Assert.False(CostQuerySql.CanUseHourlyRollups(new CostFilter { Tag = "t" }, null));
        Assert.False(CostQuerySql.CanUseHourlyRollups(new CostFilter(), CostDimension.Operation));
    }

    [Fact]
    public void RawPath_WhenTheFilterOrDimensionIsNotInTheRollups()
    {
        DateTimeOffset day = Start;
        Assert.True(CostQuerySql.CanUseRollups(CostFilter.Between(day, day.AddDays(30)) with { Model = "m", Provider = "p", Project = "" }, CostDimension.Day));
        Assert.False(CostQuerySql.CanUseRollups(CostFilter.Between(day, day.AddHours(30)), null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter { FromUtc = day.AddTicks(1) }, null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter { Tag = "t" }, null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter { Session = "s" }, null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter { Operation = "A.B.*" }, null));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter(), CostDimension.Session));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter(), CostDimension.Tag));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter(), CostDimension.Operation));
        Assert.False(CostQuerySql.CanUseRollups(new CostFilter(), CostDimension.CallSite));
    }

    private async Task<List<LlmCallRecord>> WriteRandomCalls(Random random, int count)
    {
        List<LlmCallRecord> records = Enumerable.Range(0, count).Select(_ => RandomCall(random)).ToList();
        await _db.WriteAsync(records);
        return records;
    }

    private static LlmCallRecord RandomCall(Random random)
    {
        long input = random.Next(0, 50_000);
        long cached = random.Next(0, (int)input + 1) / 2;
        long output = random.Next(0, 4_000);
        return new LlmCallRecord
        {
            TimestampUtc = Start.AddTicks(random.NextInt64(TimeSpan.FromDays(14).Ticks)),
            Provider = Providers[random.Next(Providers.Length)],
            Model = Models[random.Next(Models.Length)],
            Operation = "App.Op" + random.Next(3),
            CallSite = "F.cs:" + random.Next(5),
            Project = Projects[random.Next(Projects.Length)],
            SessionId = random.Next(4) == 0 ? null : "s" + random.Next(20),
            Tags = AllTags.Where(_ => random.Next(3) == 0).ToArray(),
            Usage = new LlmUsage(input, output, cached, cached / 3, output / 4),
            // Nano-USD resolution; one call in ten unpriced.
            CostUsd = random.Next(10) == 0 ? null : random.NextInt64(0, 50_000_000_000) / 1_000_000_000m,
            Outcome = random.Next(8) == 0 ? LlmCallOutcome.Error : LlmCallOutcome.Ok,
        } is var call && random.Next(9) == 0 && call.CostUsd is not null
            ? call with { Outcome = LlmCallOutcome.Incomplete, CostIsLowerBound = true }
            : call;
    }

    private static CostFilter RandomDayAlignedFilter(Random random)
    {
        DateTimeOffset? from = random.Next(3) == 0 ? null : Start.AddDays(random.Next(-1, 15));
        DateTimeOffset? to = random.Next(3) == 0 ? null : Start.AddDays(random.Next(0, 16));
        return new CostFilter
        {
            FromUtc = from,
            ToUtc = to,
            Model = random.Next(4) == 0 ? Models[random.Next(Models.Length)] : null,
            Provider = random.Next(4) == 0 ? Providers[random.Next(Providers.Length)] : null,
            Project = random.Next(4) == 0 ? Projects[random.Next(Projects.Length)] ?? "" : null,
        };
    }

    private static bool Matches(CostFilter filter, LlmCallRecord r) =>
        (filter.FromUtc is not { } from || r.TimestampUtc >= from)
        && (filter.ToUtc is not { } to || r.TimestampUtc < to)
        && (filter.Model is null || filter.Model == r.Model)
        && (filter.Provider is null || filter.Provider == r.Provider)
        && (filter.Project is null || filter.Project == (r.Project ?? ""))
        && (filter.Tag is null || r.Tags.Contains(filter.Tag))
        && (filter.Session is null || filter.Session == (r.SessionId ?? ""))
        && (filter.Operation is null || (filter.Operation.EndsWith(".*", StringComparison.Ordinal)
            ? r.Operation.StartsWith(filter.Operation[..^1], StringComparison.Ordinal)
            : r.Operation == filter.Operation));

    /// <summary>A call's keys: one per tag for <see cref="CostDimension.Tag"/> (the empty key when it has none), else one.</summary>
    private static IEnumerable<string> Keys(CostDimension by, LlmCallRecord r) => by switch
    {
        CostDimension.Tag => r.Tags.Count == 0 ? [""] : r.Tags,
        CostDimension.Session => [r.SessionId ?? ""],
        CostDimension.Operation => [r.Operation],
        CostDimension.CallSite => [r.CallSite],
        _ => [Key(by, r)],
    };

    private static string Key(CostDimension by, LlmCallRecord r) => by switch
    {
        CostDimension.Model => r.Model,
        CostDimension.Provider => r.Provider,
        CostDimension.Project => r.Project ?? "",
        _ => r.TimestampUtc.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static List<CostBreakdownRow> BreakdownOracle(List<LlmCallRecord> selected, CostDimension by) => selected
        .GroupBy(r => Key(by, r), StringComparer.Ordinal)
        .Select(g => new CostBreakdownRow(g.Key, Oracle(g.ToList())))
        .OrderByDescending(row => row.Totals.CostUsd)
        .ThenBy(row => row.Key, StringComparer.Ordinal)
        .ToList();

    private static List<CostSeriesPoint> SeriesOracle(List<LlmCallRecord> selected, TimeSpan slot) => selected
        .GroupBy(r => r.TimestampUtc.UtcTicks - (r.TimestampUtc.UtcTicks % slot.Ticks))
        .OrderBy(g => g.Key)
        .Select(g => new CostSeriesPoint(new DateTimeOffset(g.Key, TimeSpan.Zero), Oracle(g.ToList())))
        .ToList();

    private static DateTimeOffset LocalMidnight(TimeZoneInfo zone, DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone), TimeSpan.Zero);

    private static CostTotals Oracle(List<LlmCallRecord> calls) => new(
        calls.Count,
        calls.Sum(r => r.CostUsd ?? 0m),
        calls.Count(r => r.CostUsd is null),
        calls.Count(r => r.Outcome != LlmCallOutcome.Ok),
        calls.Sum(r => r.Usage.InputTokens),
        calls.Sum(r => r.Usage.CachedInputTokens),
        calls.Sum(r => r.Usage.CacheWriteInputTokens),
        calls.Sum(r => r.Usage.OutputTokens),
        calls.Sum(r => r.Usage.ReasoningTokens))
    {
        LowerBoundCalls = calls.Count(r => r.CostIsLowerBound),
    };
}
