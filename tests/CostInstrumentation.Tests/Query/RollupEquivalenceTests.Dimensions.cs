using CostInstrumentation.Tests.Budgets;

namespace CostInstrumentation.Tests.Query;

/// <summary>The daily rollups of call sites, operations, tags and sessions (schema 9) against the calls path and the records.</summary>
public sealed partial class RollupEquivalenceTests
{
    private static readonly CostDimension[] DailyDimensions = [CostDimension.CallSite, CostDimension.Operation, CostDimension.Tag, CostDimension.Session];

    /// <summary>
    /// Bounds to the tick, or none: calls for the partial UTC days at the edges and daily rows between give, per call site,
    /// operation, tag (a call under each of its tags) and session, exactly the calls path's rows and the records'.
    /// </summary>
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public async Task RandomBounds_DimensionRollupsAndCallsAgreeWithTheRecords(int seed)
    {
        Random random = new(seed);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 3_000);
        using LlmCostQuery query = _db.Open();

        for (int round = 0; round < 40; round++)
        {
            CostFilter filter = new()
            {
                FromUtc = random.Next(4) == 0 ? null : Start.AddTicks(random.NextInt64(TimeSpan.FromDays(-1).Ticks, TimeSpan.FromDays(13).Ticks)),
                ToUtc = random.Next(4) == 0 ? null : Start.AddTicks(random.NextInt64(TimeSpan.FromDays(1).Ticks, TimeSpan.FromDays(15).Ticks)),
            };
            CostDimension by = DailyDimensions[random.Next(DailyDimensions.Length)];
            AssertBreakdownsAgree(query, records, filter, by);
        }
    }

    /// <summary>
    /// Calls over five months across a new year, bounds to the tick or none, now anywhere in or after them: sessions are
    /// read from calls, daily, monthly and yearly rows (some subtracted), and agree with the calls path and the records.
    /// </summary>
    [Theory]
    [InlineData(25)]
    [InlineData(26)]
    public async Task RandomBoundsOverMonths_SessionsFromYearlyMonthlyDailyAndCallRowsAgreeWithTheRecords(int seed)
    {
        Random random = new(seed);
        DateTimeOffset first = new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);
        TimeSpan span = TimeSpan.FromDays(150);
        List<LlmCallRecord> records = [.. Enumerable.Range(0, 3_000).Select(_ => RandomCall(random) with { TimestampUtc = first.AddTicks(random.NextInt64(span.Ticks)) })];
        await _db.WriteAsync(records);
        using LlmCostQuery query = _db.Open();

        Dictionary<CostQuerySql.Source, int> partsRead = [];
        for (int round = 0; round < 40; round++)
        {
            CostFilter filter = new()
            {
                FromUtc = random.Next(5) == 0 ? null : first.AddTicks(random.NextInt64(TimeSpan.FromDays(-5).Ticks, span.Ticks)),
                ToUtc = random.Next(5) == 0 ? null : first.AddTicks(random.NextInt64(TimeSpan.FromDays(5).Ticks, span.Ticks + TimeSpan.FromDays(5).Ticks)),
            };
            query.Clock = new ManualClock(first.AddTicks(random.NextInt64(span.Ticks + TimeSpan.FromDays(10).Ticks)));
            CostQuerySql.Source[] chain = CostQuerySql.Chain(filter, [CostDimension.Session], CostQuerySql.Grain.Month, V10);
            Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailySessions, CostQuerySql.Source.MonthlySessions, CostQuerySql.Source.YearlySessions], chain);
            foreach ((CostQuerySql.Source source, _, _, _) in CostQuerySql.Decompose(filter.FromUtc, filter.ToUtc, chain, query.Clock.GetUtcNow()))
            {
                partsRead[source] = partsRead.GetValueOrDefault(source) + 1;
            }

            AssertBreakdownsAgree(query, records, filter, CostDimension.Session);
        }

        foreach (CostQuerySql.Source coarse in new[] { CostQuerySql.Source.MonthlySessions, CostQuerySql.Source.YearlySessions })
        {
            Assert.True(partsRead.GetValueOrDefault(coarse) >= 5, $"only {partsRead.GetValueOrDefault(coarse)} parts read {coarse}");
        }
    }

    /// <summary>
    /// Totals and operation breakdowns filtered by one operation or every method of a type (<c>App.*</c>) read the
    /// operations' daily rollup: each call has one operation, so its rows add up to exactly the calls'.
    /// </summary>
    [Fact]
    public async Task OperationFilters_TotalsAndOperationBreakdownsFromTheRollupAgreeWithTheRecords()
    {
        Random random = new(24);
        List<LlmCallRecord> records = await WriteRandomCalls(random, 3_000);
        using LlmCostQuery query = _db.Open();
        RollupTables v9 = V10 with { CoarseSessions = false };

        for (int round = 0; round < 30; round++)
        {
            CostFilter filter = new()
            {
                FromUtc = random.Next(4) == 0 ? null : Start.AddTicks(random.NextInt64(TimeSpan.FromDays(-1).Ticks, TimeSpan.FromDays(13).Ticks)),
                ToUtc = random.Next(4) == 0 ? null : Start.AddTicks(random.NextInt64(TimeSpan.FromDays(1).Ticks, TimeSpan.FromDays(15).Ticks)),
                Operation = random.Next(3) switch { 0 => "App.*", 1 => "App.Op" + random.Next(3), _ => "Other.*" },
            };
            Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailyOperations], CostQuerySql.Chain(filter, [], CostQuerySql.Grain.Month, v9));
            List<LlmCallRecord> selected = [.. records.Where(r => Matches(filter, r))];
            foreach (bool rollups in new[] { true, false })
            {
                query.UseRollups = rollups;
                Assert.Equal(Oracle(selected), query.Totals(filter));
                Assert.Equal(BreakdownOracleOf(selected, CostDimension.Operation), query.Breakdown(CostDimension.Operation, filter));
            }
        }
    }

    /// <summary>
    /// Local days, and a local span crossing a DST change (Berlin, 25 October 2026) or at +5:30 (Kolkata): each starts
    /// inside a UTC day, so its edges are read from the calls.
    /// </summary>
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("Asia/Kolkata")]
    public async Task LocalDaysAndSpans_DimensionRollupsAgreeWithTheRecords(string zoneId)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        Random random = new(23);
        // Shifted a week earlier: the 14 days of calls span Berlin's change back to winter time.
        List<LlmCallRecord> records = [.. Enumerable.Range(0, 3_000).Select(_ => RandomCall(random)).Select(call => call with { TimestampUtc = call.TimestampUtc.AddDays(-7) })];
        await _db.WriteAsync(records);
        using LlmCostQuery query = _db.Open();

        DateOnly first = new(2026, 10, 19);
        for (DateOnly day = first; day < first.AddDays(15); day = day.AddDays(1))
        {
            CostFilter local = CostFilter.Between(LocalMidnight(zone, day), LocalMidnight(zone, day.AddDays(1)));
            AssertBreakdownsAgree(query, records, local, DailyDimensions[day.DayNumber % DailyDimensions.Length]);
        }

        CostFilter span = CostFilter.Between(LocalMidnight(zone, new DateOnly(2026, 10, 21)), LocalMidnight(zone, new DateOnly(2026, 10, 30)));
        foreach (CostDimension by in DailyDimensions)
        {
            AssertBreakdownsAgree(query, records, span, by);
        }
    }

    /// <summary>Unpriced calls stay unpriced (never $0) in the rollups, and top sessions leave out calls without one.</summary>
    [Fact]
    public async Task UnpricedCallsAndTopSessions_FromTheDimensionRollups()
    {
        await _db.WriteAsync(
            CostDatabase.Call("2026-10-27T10:00:00Z", null, callSite: "Unpriced.cs:1", tags: ["a", "b"], session: "s1"),
            CostDatabase.Call("2026-10-28T23:59:59Z", null, callSite: "Unpriced.cs:1", session: ""),
            CostDatabase.Call("2026-10-28T12:00:00Z", 0.25m, callSite: "Priced.cs:2", tags: ["a"]),
            CostDatabase.Call("2026-10-29T01:00:00Z", 0.5m, callSite: "Priced.cs:2", tags: ["b", "b"], session: "s2"));
        using LlmCostQuery query = _db.Open();
        CostFilter days = CostFilter.Between(new DateTimeOffset(2026, 10, 27, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.Zero));

        CostBreakdownRow unpriced = Assert.Single(query.Breakdown(CostDimension.CallSite, days), row => row.Key == "Unpriced.cs:1");
        Assert.Equal((2L, 2L, 0m), (unpriced.Totals.Calls, unpriced.Totals.UnpricedCalls, unpriced.Totals.CostUsd));
        // A call listing a tag twice counts twice under it, as the calls path's join counts it.
        Assert.Equal(["b:3:1:1", "a:2:1:0.25", ":1:1:0"], query.Breakdown(CostDimension.Tag, days).Select(row => $"{row.Key}:{row.Totals.Calls}:{row.Totals.UnpricedCalls}:{row.Totals.CostUsd}"));
        Assert.Equal(["s2", "s1"], query.TopSessions(10, days).Select(row => row.Key));
        foreach (CostDimension by in DailyDimensions)
        {
            AssertBreakdownsAgree(query, [.. query.Breakdown(by, days)], days, by);
        }
    }

    [Fact]
    public void Chain_ReadsTheDimensionRollupsOnlyForABreakdownWithNothingButBounds()
    {
        RollupTables v9 = V10 with { CoarseSessions = false };
        CostFilter bounds = CostFilter.Between(Start, Start.AddDays(3).AddMinutes(5));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailySessions], CostQuerySql.Chain(bounds, [CostDimension.Session], CostQuerySql.Grain.Month, v9));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailySessions, CostQuerySql.Source.MonthlySessions, CostQuerySql.Source.YearlySessions], CostQuerySql.Chain(bounds, [CostDimension.Session], CostQuerySql.Grain.Month, V10));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailySessions], CostQuerySql.Chain(bounds, [CostDimension.Session], CostQuerySql.Grain.Day, V10));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailyTags], CostQuerySql.Chain(bounds, [CostDimension.Tag], CostQuerySql.Grain.Month, V10));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailyTags], CostQuerySql.Chain(new CostFilter(), [CostDimension.Tag], CostQuerySql.Grain.Month, v9));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailyOperations], CostQuerySql.Chain(bounds, [CostDimension.Operation], CostQuerySql.Grain.Day, v9));
        CostQuerySql.Source[] callsOnly = [CostQuerySql.Source.Calls];
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds with { Model = "gpt-4o" }, [CostDimension.CallSite], CostQuerySql.Grain.Month, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds with { Project = "" }, [CostDimension.Session], CostQuerySql.Grain.Month, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds with { Tag = "prod" }, [CostDimension.Tag], CostQuerySql.Grain.Month, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds with { Session = "s1" }, [CostDimension.Session], CostQuerySql.Grain.Month, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds with { Operation = "App.*" }, [CostDimension.CallSite], CostQuerySql.Grain.Month, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds with { Operation = "App.*", Model = "o3" }, [], CostQuerySql.Grain.Month, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds with { Operation = "App.*" }, [], CostQuerySql.Grain.Month, v9, needsDimensions: true));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailyOperations], CostQuerySql.Chain(bounds with { Operation = "App.*" }, [CostDimension.Operation], CostQuerySql.Grain.Month, v9));
        Assert.Equal([CostQuerySql.Source.Calls, CostQuerySql.Source.DailyOperations], CostQuerySql.Chain(bounds with { Operation = "App.Op1" }, [], CostQuerySql.Grain.Month, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds, [CostDimension.Day, CostDimension.CallSite], CostQuerySql.Grain.Day, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds, [CostDimension.Session], CostQuerySql.Grain.Hour, v9));
        Assert.Equal(callsOnly, CostQuerySql.Chain(bounds, [CostDimension.Session], CostQuerySql.Grain.Month, v9 with { Dimensions = false }));
        Assert.Equal(
            [(CostQuerySql.Source.Calls, Start.AddHours(5), Start.AddDays(1), false), (CostQuerySql.Source.DailyTags, Start.AddDays(1), Start.AddDays(3), false), (CostQuerySql.Source.Calls, Start.AddDays(3), Start.AddDays(3).AddMinutes(5), false)],
            CostQuerySql.Decompose(Start.AddHours(5), Start.AddDays(3).AddMinutes(5), [CostQuerySql.Source.Calls, CostQuerySql.Source.DailyTags]));
        // Start is 26 October: its calls from 05:00, the days to October's end, November's month row, the calls of 1 December's first minutes.
        DateTimeOffset november = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), december = november.AddMonths(1);
        Assert.Equal(
            [
                (CostQuerySql.Source.Calls, Start.AddHours(5), Start.AddDays(1), false), (CostQuerySql.Source.DailySessions, Start.AddDays(1), november, false),
                (CostQuerySql.Source.MonthlySessions, november, december, false), (CostQuerySql.Source.Calls, december, december.AddMinutes(5), false),
            ],
            CostQuerySql.Decompose(Start.AddHours(5), december.AddMinutes(5), [CostQuerySql.Source.Calls, CostQuerySql.Source.DailySessions, CostQuerySql.Source.MonthlySessions]));
    }

    /// <summary>All time reads the sessions' yearly rows; this year up to now its year's row less what is yet to come (no rows).</summary>
    [Fact]
    public void Decompose_SessionsOfAllTimeOrThisYear_ReadYearlyRows()
    {
        CostQuerySql.Source[] sessions = [CostQuerySql.Source.Calls, CostQuerySql.Source.DailySessions, CostQuerySql.Source.MonthlySessions, CostQuerySql.Source.YearlySessions];
        DateTimeOffset now = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
        DateTimeOffset year = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), nextYear = year.AddYears(1), tomorrow = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal([(CostQuerySql.Source.YearlySessions, null, null, false)], CostQuerySql.Decompose(null, null, sessions, now));
        Assert.Equal(
            [(CostQuerySql.Source.YearlySessions, year, nextYear, false), (CostQuerySql.Source.DailySessions, tomorrow, nextYear, true), (CostQuerySql.Source.Calls, now, tomorrow, true)],
            CostQuerySql.Decompose(year, now, sessions, now));
        Assert.Equal(
            [(CostQuerySql.Source.MonthlySessions, year, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), false), (CostQuerySql.Source.DailySessions, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), false), (CostQuerySql.Source.Calls, new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), now, false)],
            CostQuerySql.Decompose(year, now, sessions));
    }

    /// <summary>The rollup tables of a schema-10 file.</summary>
    private static readonly RollupTables V10 = new(Hourly: true, Daily: true, Grained: true, Dimensions: true, CoarseSessions: true);

    /// <summary>The rollup path, the calls path and the records give the same rows, and the question reads the dimension rollup.</summary>
    private static void AssertBreakdownsAgree(LlmCostQuery query, List<LlmCallRecord> records, CostFilter filter, CostDimension by) =>
        AssertBreakdownsAgree(query, BreakdownOracleOf([.. records.Where(r => Matches(filter, r))], by), filter, by);

    /// <summary>The rows of a breakdown of the selected records by any dimension: a call under each of its keys.</summary>
    private static List<CostBreakdownRow> BreakdownOracleOf(List<LlmCallRecord> selected, CostDimension by) => [.. selected
        .SelectMany(r => Keys(by, r).Select(key => (Key: key, Record: r)))
        .GroupBy(pair => pair.Key, StringComparer.Ordinal)
        .Select(g => new CostBreakdownRow(g.Key, Oracle([.. g.Select(pair => pair.Record)])))
        .OrderByDescending(row => row.Totals.CostUsd)
        .ThenBy(row => row.Key, StringComparer.Ordinal)];

    /// <summary>Both paths give <paramref name="expected"/> (and its sessions, without the empty one, as the top sessions); the rollup path reads the dimension rollup.</summary>
    private static void AssertBreakdownsAgree(LlmCostQuery query, List<CostBreakdownRow> expected, CostFilter filter, CostDimension by)
    {
        Assert.Equal(by == CostDimension.Session ? 4 : 2, CostQuerySql.Chain(filter, [by], CostQuerySql.Grain.Month, V10).Length);
        foreach (bool rollups in new[] { true, false })
        {
            query.UseRollups = rollups;
            Assert.Equal(expected, query.Breakdown(by, filter));
            if (by == CostDimension.Session)
            {
                Assert.Equal(expected.Where(row => row.Key.Length > 0).Take(5), query.TopSessions(5, filter));
            }
        }

        query.UseRollups = true;
    }
}
