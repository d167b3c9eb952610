using CostInstrumentation.Tests.Budgets;

namespace CostInstrumentation.Tests.Query;

/// <summary>Over random data, the rollup paths (daily, hourly), the raw path and a LINQ oracle over the records agree exactly.</summary>
public sealed partial class RollupEquivalenceTests : IDisposable
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
            Assert.True(ReadsRollups(filter, by));
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
            Assert.True(ReadsRollups(filter, by));
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
            Assert.Equal(expected, query.Totals(CostFilter.Between(from, to)));
        }

        // A local month (and the span from its start to the end of the data): calls at the :30/:45 edges, hours, days, months.
        DateOnly month = new(first.Year, 11, 1);
        foreach (bool rollups in new[] { true, false })
        {
            query.UseRollups = rollups;
            Assert.Equal(
                Oracle(records.Where(r => TimeZoneInfo.ConvertTime(r.TimestampUtc, zone).Month == 11).ToList()),
                query.Totals(CostFilter.Between(LocalMidnight(zone, month), LocalMidnight(zone, month.AddMonths(1)))));
            Assert.Equal(
                Oracle(records.Where(r => r.TimestampUtc >= LocalMidnight(zone, month.AddDays(-1))).ToList()),
                query.Totals(new CostFilter { FromUtc = LocalMidnight(zone, month.AddDays(-1)) }));
        }
    }

    /// <summary>
    /// Any bounds (to the tick, or none), any filter the rollups hold: totals, breakdowns, hours, day × dimension grids and
    /// pricing versions read from calls + hourly + daily + monthly rows equal the calls path and the records exactly; with
    /// the rollups per model and project (schema 11) and without them (a file of schema 10 reads those of every key).
    /// </summary>
    [Theory]
    [InlineData(11, true)]
    [InlineData(12, true)]
    [InlineData(13, true)]
    [InlineData(11, false)]
    [InlineData(13, false)]
    public async Task RandomBounds_DecomposedRollupsAndCallsAgreeWithTheRecords(int seed, bool keyRollups)
    {
        Random random = new(seed);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 3_000);
        if (!keyRollups)
        {
            DropKeyRollups();
        }

        using LlmCostQuery query = _db.Open();

        for (int round = 0; round < 40; round++)
        {
            CostFilter filter = RandomDayAlignedFilter(random) with
            {
                FromUtc = random.Next(4) == 0 ? null : Start.AddTicks(random.NextInt64(TimeSpan.FromDays(-3).Ticks, TimeSpan.FromDays(16).Ticks)),
                ToUtc = random.Next(4) == 0 ? null : Start.AddTicks(random.NextInt64(0, TimeSpan.FromDays(40).Ticks)),
            };
            CostDimension? by = RollupDimensions[random.Next(RollupDimensions.Length)];
            CostDimension second = RollupDimensions[random.Next(1, RollupDimensions.Length)]!.Value;
            // Now, somewhere in or after the calls: an end may be read as a coarser row less the slots yet to come.
            query.Clock = new ManualClock(Start.AddTicks(random.NextInt64(TimeSpan.FromDays(-1).Ticks, TimeSpan.FromDays(20).Ticks)));
            Assert.True(ReadsRollups(filter, by));
            List<LlmCallRecord> selected = records.Where(r => Matches(filter, r)).ToList();
            List<string> versions = [.. selected.Select(r => r.PricingVersion).OfType<string>().Where(v => v.Length > 0).Distinct().Order(StringComparer.Ordinal)];
            List<(string, string, CostTotals)> grid = [.. selected
                .GroupBy(r => (Key(CostDimension.Day, r), Key(second, r)))
                .Select(g => (g.Key.Item1, g.Key.Item2, Oracle(g.ToList())))
                .OrderBy(row => row.Item1, StringComparer.Ordinal).ThenBy(row => row.Item2, StringComparer.Ordinal)];

            foreach (bool rollups in new[] { true, false })
            {
                query.UseRollups = rollups;
                Assert.Equal(Oracle(selected), query.Totals(filter));
                Assert.Equal(SeriesOracle(selected, TimeSpan.FromHours(1)), query.Series(filter));
                Assert.Equal(SeriesOracle(selected, TimeSpan.FromMinutes(15)), query.Series(filter, CostSeriesSlot.QuarterHour));
                Assert.Equal(versions, query.PricingVersions(filter));
                // A pair of keys may come in several rows (a part of the range each, a provider each): they add up to the cell.
                Assert.Equal(grid, query.CrossBreakdown(CostDimension.Day, second, filter)
                    .GroupBy(row => (row.First, row.Second))
                    .Select(g => (g.Key.First, g.Key.Second, g.Select(row => row.Totals).Aggregate((a, b) => a + b)))
                    .OrderBy(row => row.First, StringComparer.Ordinal).ThenBy(row => row.Second, StringComparer.Ordinal));
                if (by is { } dimension)
                {
                    Assert.Equal(BreakdownOracle(selected, dimension), query.Breakdown(dimension, filter));
                }
            }
        }
    }

    /// <summary>The hours of a stacked chart (hour × model) from hourly rollups and the calls at the edges equal the records.</summary>
    [Fact]
    public async Task SlotBreakdown_HourByModel_AgreesWithTheRecords()
    {
        Random random = new(14);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 2_000);
        using LlmCostQuery query = _db.Open();
        CostFilter filter = CostFilter.Between(Start.AddMinutes(95), Start.AddDays(9).AddMinutes(7)) with { Provider = "openai" };
        List<LlmCallRecord> selected = records.Where(r => Matches(filter, r)).ToList();
        List<(string, string, CostTotals)> expected = [.. selected
            .GroupBy(r => (r.TimestampUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH':00'", System.Globalization.CultureInfo.InvariantCulture), r.Model))
            .Select(g => (g.Key.Item1, g.Key.Model, Oracle(g.ToList())))
            .OrderBy(row => row.Item1, StringComparer.Ordinal).ThenBy(row => row.Item2, StringComparer.Ordinal)];

        Assert.Equal(expected, query.SlotBreakdown(filter, CostSeriesSlot.Hour, CostDimension.Model, orderBySlot: true)
            .OrderBy(row => row.Slot, StringComparer.Ordinal).ThenBy(row => row.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Decompose_CutsARangeIntoCallsHoursDaysAndMonths()
    {
        CostQuerySql.Source[] chain = [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyRollups, CostQuerySql.Source.DailyRollups, CostQuerySql.Source.MonthlyRollups];
        DateTimeOffset from = new(2026, 10, 26, 5, 30, 0, TimeSpan.Zero);
        DateTimeOffset to = new(2027, 1, 3, 7, 10, 0, TimeSpan.Zero);
        static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

        Assert.Equal(
            [
                (CostQuerySql.Source.Calls, from, At(2026, 10, 26, 6), false),
                (CostQuerySql.Source.HourlyRollups, At(2026, 10, 26, 6), At(2026, 10, 27), false),
                (CostQuerySql.Source.DailyRollups, At(2026, 10, 27), At(2026, 11, 1), false),
                (CostQuerySql.Source.MonthlyRollups, At(2026, 11, 1), At(2027, 1, 1), false),
                (CostQuerySql.Source.DailyRollups, At(2027, 1, 1), At(2027, 1, 3), false),
                (CostQuerySql.Source.HourlyRollups, At(2027, 1, 3), At(2027, 1, 3, 7), false),
                (CostQuerySql.Source.Calls, At(2027, 1, 3, 7), to, false),
            ],
            CostQuerySql.Decompose(from, to, chain));
        Assert.Equal([(CostQuerySql.Source.MonthlyRollups, null, null, false)], CostQuerySql.Decompose(null, null, chain));
        Assert.Equal(
            [(CostQuerySql.Source.MonthlyRollups, null, At(2026, 10, 1), false), (CostQuerySql.Source.DailyRollups, At(2026, 10, 1), At(2026, 10, 26), false), (CostQuerySql.Source.HourlyRollups, At(2026, 10, 26), At(2026, 10, 26, 5), false), (CostQuerySql.Source.Calls, At(2026, 10, 26, 5), from, false)],
            CostQuerySql.Decompose(null, from, chain));
        Assert.Equal([(CostQuerySql.Source.Calls, from, from.AddMinutes(20), false)], CostQuerySql.Decompose(from, from.AddMinutes(20), chain));
        Assert.Equal([(CostQuerySql.Source.Calls, to, from, false)], CostQuerySql.Decompose(to, from, chain));
    }

    /// <summary>
    /// Given now, an end is read as the coarser slot around it less the rest of that slot when the rest holds less past
    /// time (the coarser row counted as one finer slot more): never without now, nor when the rest is longer.
    /// </summary>
    [Fact]
    public void Decompose_GivenNow_ReadsAnEndAsTheCoarserSlotLessItsRest_WhenTheRestHasLessPastTime()
    {
        CostQuerySql.Source[] chain = [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyRollups, CostQuerySql.Source.DailyRollups, CostQuerySql.Source.MonthlyRollups];
        static DateTimeOffset At(int month, int day, int hour = 0, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);
        DateTimeOffset now = At(12, 7, 9, 30);

        // The last 30 days to the end of today: November and December less November's first 7 days and December's days,
        // hours and minutes yet to come (rows that do not exist yet: nothing to read).
        Assert.Equal(
            [
                (CostQuerySql.Source.DailyRollups, At(11, 1), At(11, 8), true),
                (CostQuerySql.Source.MonthlyRollups, At(11, 1), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), false),
                (CostQuerySql.Source.DailyRollups, At(12, 8), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), true),
            ],
            CostQuerySql.Decompose(At(11, 8), At(12, 8), chain, now));
        Assert.Equal([(CostQuerySql.Source.DailyRollups, At(11, 8), At(12, 8), false)], CostQuerySql.Decompose(At(11, 8), At(12, 8), chain));

        // A partial hour: 50 minutes of calls, or the hour's row less 10 minutes of them; 10 minutes stay calls.
        Assert.Equal(
            [(CostQuerySql.Source.Calls, At(11, 2, 5), At(11, 2, 5, 10), true), (CostQuerySql.Source.HourlyRollups, At(11, 2, 5), At(11, 2, 6), false)],
            CostQuerySql.Decompose(At(11, 2, 5, 10), At(11, 2, 6), chain, now));
        Assert.Equal([(CostQuerySql.Source.Calls, At(11, 2, 5, 50), At(11, 2, 6), false)], CostQuerySql.Decompose(At(11, 2, 5, 50), At(11, 2, 6), chain, now));

        // 20 hours inside one day: its day row less 4 hourly rows, not 20 hourly rows.
        Assert.Equal(
            [(CostQuerySql.Source.HourlyRollups, At(11, 2), At(11, 2, 2), true), (CostQuerySql.Source.DailyRollups, At(11, 2), At(11, 3), false), (CostQuerySql.Source.HourlyRollups, At(11, 2, 22), At(11, 3), true)],
            CostQuerySql.Decompose(At(11, 2, 2), At(11, 2, 22), chain, now));
        Assert.Equal([(CostQuerySql.Source.HourlyRollups, At(11, 2, 2), At(11, 2, 22), false)], CostQuerySql.Decompose(At(11, 2, 2), At(11, 2, 22), chain));
    }

    [Fact]
    public void Chain_ReadsTheCallsOnlyWhenTheRollupsDoNotHoldTheQuestion()
    {
        RollupTables v8 = new(Hourly: true, Daily: true, Grained: true);
        RollupTables v7 = new(Hourly: true, Daily: true, Grained: false);
        CostQuerySql.Source[] callsOnly = [CostQuerySql.Source.Calls];
        Assert.Equal(callsOnly, CostQuerySql.Chain(new CostFilter { Tag = "t" }, [], CostQuerySql.Grain.Month, v8));
        Assert.Equal(callsOnly, CostQuerySql.Chain(new CostFilter { Session = "s" }, [], CostQuerySql.Grain.Month, v8));
        Assert.Equal(callsOnly, CostQuerySql.Chain(new CostFilter { Operation = "A.B.*" }, [], CostQuerySql.Grain.Month, v8));
        Assert.Equal(callsOnly, CostQuerySql.Chain(new CostFilter(), [CostDimension.Session], CostQuerySql.Grain.Month, v8));
        Assert.Equal(callsOnly, CostQuerySql.Chain(new CostFilter(), [CostDimension.Day, CostDimension.CallSite], CostQuerySql.Grain.Day, v8));
        Assert.Equal(callsOnly, CostQuerySql.Chain(new CostFilter(), [], CostQuerySql.Grain.Month, v7, needsDimensions: true));
        Assert.Equal(
            [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyTotals, CostQuerySql.Source.DailyTotals],
            CostQuerySql.Chain(new CostFilter(), [CostDimension.Day], CostQuerySql.Grain.Day, v8));
        Assert.Equal(
            [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyRollups, CostQuerySql.Source.DailyRollups, CostQuerySql.Source.MonthlyRollups],
            CostQuerySql.Chain(new CostFilter { Project = "" }, [], CostQuerySql.Grain.Month, v8));
        Assert.Equal(
            [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyRollups, CostQuerySql.Source.DailyRollups],
            CostQuerySql.Chain(new CostFilter(), [CostDimension.Day, CostDimension.Model], CostQuerySql.Grain.Day, v8));
        Assert.Equal(
            [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyRollups, CostQuerySql.Source.DailyRollups],
            CostQuerySql.Chain(new CostFilter(), [CostDimension.Model], CostQuerySql.Grain.Month, v7));
    }

    [Fact]
    public void Chain_ReadsTheRollupsOfModelsOrOfProjects_WhenTheQuestionAsksNothingOfTheOtherKeys()
    {
        RollupTables v11 = new(Hourly: true, Daily: true, Grained: true, Dimensions: true, CoarseSessions: true, QuarterHours: true, ModelsAndProjects: true);
        CostQuerySql.Source[] models = [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyModels, CostQuerySql.Source.DailyModels];
        CostQuerySql.Source[] projects = [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyProjects, CostQuerySql.Source.DailyProjects];
        Assert.Equal(models, CostQuerySql.Chain(new CostFilter(), [CostDimension.Day, CostDimension.Model], CostQuerySql.Grain.Day, v11));
        Assert.Equal(models, CostQuerySql.Chain(new CostFilter { Model = "m" }, [CostDimension.Day, CostDimension.Provider], CostQuerySql.Grain.Day, v11));
        Assert.Equal([.. models, CostQuerySql.Source.MonthlyRollups], CostQuerySql.Chain(new CostFilter { Provider = "p" }, [], CostQuerySql.Grain.Month, v11));
        Assert.Equal(projects, CostQuerySql.Chain(new CostFilter(), [CostDimension.Day, CostDimension.Project], CostQuerySql.Grain.Day, v11));
        Assert.Equal(projects, CostQuerySql.Chain(new CostFilter { Project = "" }, [CostDimension.Day], CostQuerySql.Grain.Day, v11));
        Assert.Equal(projects[..2], CostQuerySql.Chain(new CostFilter { Project = "web" }, [], CostQuerySql.Grain.Hour, v11));

        // Both keys, or the pricing versions (kept only with every key): the rollups of every key.
        CostQuerySql.Source[] everyKey = [CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyRollups, CostQuerySql.Source.DailyRollups];
        Assert.Equal(everyKey, CostQuerySql.Chain(new CostFilter { Project = "web" }, [CostDimension.Day, CostDimension.Model], CostQuerySql.Grain.Day, v11));
        Assert.Equal(everyKey, CostQuerySql.Chain(new CostFilter { Model = "m" }, [CostDimension.Day, CostDimension.Project], CostQuerySql.Grain.Day, v11));
        Assert.Equal(everyKey, CostQuerySql.Chain(new CostFilter { Model = "m" }, [], CostQuerySql.Grain.Day, v11, needsDimensions: true));
        // Nothing asked of any key: the totals without keys, as before.
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.HourlyTotals, CostQuerySql.Source.DailyTotals], CostQuerySql.Chain(new CostFilter(), [CostDimension.Day], CostQuerySql.Grain.Day, v11));

        // Quarter-hours: from the table of quarter-hours of those keys, or the calls.
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.QuarterHourTotals], CostQuerySql.Chain(new CostFilter(), [], CostQuerySql.Grain.QuarterHour, v11));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.QuarterHourModels], CostQuerySql.Chain(new CostFilter(), [CostDimension.Model], CostQuerySql.Grain.QuarterHour, v11));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.QuarterHourProjects], CostQuerySql.Chain(new CostFilter { Project = "web" }, [], CostQuerySql.Grain.QuarterHour, v11));
        Assert.Equal([CostQuerySql.Source.Calls], CostQuerySql.Chain(new CostFilter { Project = "web" }, [CostDimension.Model], CostQuerySql.Grain.QuarterHour, v11));
        Assert.Equal([CostQuerySql.Source.Calls], CostQuerySql.Chain(new CostFilter(), [CostDimension.Model], CostQuerySql.Grain.QuarterHour, v11 with { ModelsAndProjects = false }));
    }

    /// <summary>Drops the rollups per model and project, as a file of schema 10 lacks them (the query then reads the others).</summary>
    private void DropKeyRollups() => _db.Execute(string.Concat(
        new[] { "llm_quarter_hour_models", "llm_hourly_models", "llm_daily_models", "llm_quarter_hour_projects", "llm_hourly_projects", "llm_daily_projects" }
            .Select(table => $"DROP TABLE {table};")));

    private static bool ReadsRollups(CostFilter filter, CostDimension? by) =>
        CostQuerySql.Chain(filter, by is { } d ? [d] : [], CostQuerySql.Grain.Day, new RollupTables(Hourly: true, Daily: true, Grained: true)).Length > 1;

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
            PricingVersion = random.Next(5) switch { 0 => null, 1 => "", 2 => "2026-11-01", _ => "2026-10-01" },
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

    private static CostTotals Oracle(List<LlmCallRecord> calls) => CostDatabase.Totals(calls);
}
