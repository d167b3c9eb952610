using CostInstrumentation.Reports;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary>The report layer's own SQL (globs, several tags, call sites, outcomes, local buckets) counts like the runtime's.</summary>
public sealed class ReportStoreTests : IDisposable
{
    private readonly CostDatabase _database = new();

    [Fact]
    public async Task A_glob_filtered_total_counts_the_calls_priced_only_as_a_lower_bound()
    {
        await _database.WriteAsync(
            CostDatabase.Call("2026-11-02T08:00:00Z", 0.5m, usage: new LlmUsage(1_000, 100)),
            CostDatabase.Call("2026-11-02T09:00:00Z", 0.25m, outcome: LlmCallOutcome.Incomplete, usage: new LlmUsage(1_000, 1)) with { CostIsLowerBound = true },
            CostDatabase.Call("2026-11-02T10:00:00Z", 9m, model: "claude-opus-4-1", provider: "anthropic", usage: new LlmUsage(1_000, 100)) with { CostIsLowerBound = true });
        using ReportStore store = new(_database.DatabasePath);

        CostTotals totals = store.Group(ReportPeriod.All(TimeZoneInfo.Utc), new ReportFilter { Model = "gpt-*" }, [], quarterHours: false).Single().Totals;

        Assert.Equal((2L, 0.75m, 1L, 1L), (totals.Calls, totals.CostUsd, totals.FailedCalls, totals.LowerBoundCalls));
    }

    public void Dispose() => _database.Dispose();
}
