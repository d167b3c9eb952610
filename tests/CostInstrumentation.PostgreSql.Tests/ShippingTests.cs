using CostInstrumentation.PostgreSql.Tests.Harness;

namespace CostInstrumentation.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ShippingTests(PostgresServer server) : IDisposable
{
    private readonly TestHost _test = new(server);

    [Fact]
    public async Task Recorded_calls_reach_the_ledger_once_with_rollups_and_counters_equal_to_them()
    {
        await using (LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(1), _test.ConnectionString, limitUsd: 1_000m))
        {
            DateTimeOffset start = DateTimeOffset.UtcNow;
            for (int i = 0; i < 5_000; i++)
            {
                pipeline.Record(Call(start.AddSeconds(-i * 7), cost: i % 10 == 0 ? null : 0.000123m * (i % 7), project: i % 3 == 0 ? null : "p" + (i % 3)));
            }

            await pipeline.FlushAsync();
        }

        Assert.Equal(5_000, _test.Ledger.Calls);
        Assert.Equal(4_500, _test.Ledger.Scalar("SELECT count(cost_nanousd) FROM llmcost_calls"));
        Assert.Equal(_test.OutboxCostNano(1), _test.Ledger.SpentNano);
        _test.Ledger.AssertRollupsMatchCalls();
        Assert.Equal(_test.Ledger.Scalar("SELECT coalesce(sum(cost_nanousd), 0) FROM llmcost_calls WHERE ts_utc >= date_trunc('day', now(), 'UTC')"), _test.Ledger.Counter(Today()).Spent);
    }

    [Fact]
    public async Task A_batch_sent_again_after_its_reply_was_lost_changes_nothing()
    {
        await using (LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(1), _test.ConnectionString, limitUsd: 1_000m))
        {
            for (int i = 0; i < 300; i++)
            {
                HostWorkload.Call(pipeline);
            }

            await pipeline.FlushAsync();
        }

        (long spent, long reserved) = _test.Ledger.Counter(Today());
        long rollupCost = _test.Ledger.Scalar("SELECT sum(cost_nanousd) FROM llmcost_daily_rollups");
        // The ledger committed, the reply never came: the outbox's mark did not move, so the next run sends it all again.
        _test.OutboxScalar(1, "UPDATE outbox SET shipped_through = 0");

        await using (LlmCostPipeline again = HostWorkload.Pipeline(_test.Outbox(1), _test.ConnectionString, limitUsd: 1_000m))
        {
            await again.FlushAsync();
        }

        Assert.Equal(300, _test.Ledger.Calls);
        Assert.Equal(0, _test.Ledger.Duplicates);
        Assert.Equal((spent, reserved), _test.Ledger.Counter(Today()));
        Assert.Equal(300 * NanoUsd(HostWorkload.CallCostUsd), spent);
        Assert.Equal(0, reserved);
        Assert.Equal(rollupCost, _test.Ledger.Scalar("SELECT sum(cost_nanousd) FROM llmcost_daily_rollups"));
        _test.Ledger.AssertRollupsMatchCalls();
    }

    [Fact]
    public void UsePostgreSql_needs_the_SQLite_outbox_first()
    {
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => new LlmCostOptions().UsePostgreSql(_test.ConnectionString));
        Assert.Contains("UseSqlite", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _test.Dispose();

    internal static DateTimeOffset Today() => new(DateTime.UtcNow.Date, TimeSpan.Zero);

    internal static long NanoUsd(decimal usd) => (long)(usd * 1_000_000_000m);

    internal static LlmCallRecord Call(DateTimeOffset at, decimal? cost, string? project = null) => new()
    {
        TimestampUtc = at,
        Provider = HostWorkload.Provider,
        Model = HostWorkload.Model,
        Operation = "Ledger.Tests.Record",
        CallSite = "ShippingTests.cs:1",
        Project = project,
        Tags = ["a", "b"],
        Usage = new LlmUsage(100, 10),
        CostUsd = cost,
        Outcome = LlmCallOutcome.Ok,
    };
}
