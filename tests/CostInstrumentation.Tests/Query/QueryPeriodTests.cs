using System.IO;

namespace CostInstrumentation.Tests.Query;

public sealed class QueryPeriodTests : IDisposable
{
    private readonly CostDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Summary_CountsUtcDayIsoWeekAndMonthExactlyAtTheirBoundaries(bool rollups)
    {
        await _db.WriteAsync(
            CostDatabase.Call("2026-10-31T23:59:59.9999999Z", 16m),   // previous month
            CostDatabase.Call("2026-11-01T00:00:00Z", 32m),           // first instant of the month (a Sunday)
            CostDatabase.Call("2026-11-22T23:59:59.999Z", 4m),        // Sunday: the ISO week before
            CostDatabase.Call("2026-11-23T00:00:00Z", 8m),            // Monday 00:00: this week
            CostDatabase.Call("2026-11-24T23:59:59.9999999Z", 1m),    // yesterday's last instant
            CostDatabase.Call("2026-11-25T00:00:00Z", 2m),            // today's first instant
            CostDatabase.Call("2026-11-25T18:00:00Z", null, usage: new LlmUsage(100, 10)), // unpriced, today
            CostDatabase.Call("2026-12-01T00:00:00Z", 64m));          // next month

        using LlmCostQuery query = _db.Open();
        query.UseRollups = rollups;
        PeriodTotals summary = query.Summary(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new CostTotals(2, 2m, 1, 0, 100, 0, 0, 10, 0), summary.Today);
        Assert.Equal(4, summary.ThisWeek.Calls);
        Assert.Equal(11m, summary.ThisWeek.CostUsd);
        Assert.Equal(47m, summary.ThisMonth.CostUsd);
        Assert.Equal(127m, summary.AllTime.CostUsd);
        Assert.Equal(8, summary.AllTime.Calls);
        Assert.Equal(1, summary.AllTime.UnpricedCalls);
    }

    [Fact]
    public async Task Summary_WeekSpanningAMonthBoundaryStartsOnMonday()
    {
        await _db.WriteAsync(
            CostDatabase.Call("2026-11-29T23:59:59.9999999Z", 1m), // Sunday, week before
            CostDatabase.Call("2026-11-30T00:00:00Z", 2m),         // Monday of this week, last month
            CostDatabase.Call("2026-12-02T09:00:00Z", 4m));

        using LlmCostQuery query = _db.Open();
        PeriodTotals summary = query.Summary(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(4m, summary.Today.CostUsd);
        Assert.Equal(6m, summary.ThisWeek.CostUsd);
        Assert.Equal(4m, summary.ThisMonth.CostUsd);
    }

    [Fact]
    public async Task Totals_BoundsAreInclusiveFromExclusiveTo_AtSubMillisecondPrecision()
    {
        await _db.WriteAsync(
            CostDatabase.Call("2026-11-25T10:00:00.0000000Z", 1m),
            CostDatabase.Call("2026-11-25T10:00:00.0000001Z", 2m),
            CostDatabase.Call("2026-11-25T10:59:59.9999999Z", 4m),
            CostDatabase.Call("2026-11-25T11:00:00.0000000Z", 8m));

        using LlmCostQuery query = _db.Open();
        DateTimeOffset from = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(7m, query.Totals(CostFilter.Between(from, from.AddHours(1))).CostUsd);
        Assert.Equal(6m, query.Totals(CostFilter.Between(from.AddTicks(1), from.AddHours(1))).CostUsd);
        // A local offset denotes the same instant: 12:00+02:00 is 10:00Z.
        Assert.Equal(7m, query.Totals(CostFilter.Between(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.FromHours(2)), from.AddHours(1))).CostUsd);
        Assert.Equal(15m, query.Totals().CostUsd);
    }

    [Fact]
    public async Task Totals_SumNanoUsdExactly_AndCountUnpricedAndFailedCalls()
    {
        await _db.WriteAsync(
            CostDatabase.Call("2026-11-25T10:00:00Z", 0.000000001m, usage: new LlmUsage(1_000, 200, 300, 100, 50)),
            CostDatabase.Call("2026-11-25T10:00:01Z", 0.1m, outcome: LlmCallOutcome.Error),
            CostDatabase.Call("2026-11-25T10:00:02Z", 0.2m, outcome: LlmCallOutcome.Blocked),
            CostDatabase.Call("2026-11-25T10:00:03Z", null, outcome: LlmCallOutcome.Cancelled));

        using LlmCostQuery query = _db.Open();
        CostTotals totals = query.Totals();

        Assert.Equal(new CostTotals(4, 0.300000001m, 1, 3, 1_000, 300, 100, 200, 50), totals);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task IncompleteStreams_AreCountedAsFailed_TheirLowerBoundsFlagged_TheirUnknownCostsUnpriced(bool rollups)
    {
        await _db.WriteAsync(
            CostDatabase.Call("2026-11-25T10:00:00Z", 0.5m, usage: new LlmUsage(1_000, 100)),
            CostDatabase.Call("2026-11-25T10:00:01Z", 0.25m, outcome: LlmCallOutcome.Incomplete, usage: new LlmUsage(800, 1)) with { CostIsLowerBound = true },
            CostDatabase.Call("2026-11-25T10:00:02Z", null, outcome: LlmCallOutcome.Incomplete),
            CostDatabase.Call("2026-11-25T10:00:03Z", 0.125m, outcome: LlmCallOutcome.Cancelled, usage: new LlmUsage(500, 1)) with { CostIsLowerBound = true });

        using LlmCostQuery query = _db.Open();
        query.UseRollups = rollups;
        CostTotals totals = query.Totals(CostFilter.Between(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(new CostTotals(4, 0.875m, 1, 3, 2_300, 0, 0, 102, 0) { LowerBoundCalls = 2 }, totals);
        Assert.Equal(2, Assert.Single(query.Breakdown(CostDimension.Model)).Totals.LowerBoundCalls);
        StringWriter csv = new();
        query.ExportCsv(csv);
        Assert.Equal(["ok,0", "incomplete,1", "incomplete,0", "cancelled,1"], csv.ToString().Split("\r\n")[1..^1].Select(row => string.Join(',', row.Split(',')[^4], row.Split(',')[^1])));
    }
}
