using CostInstrumentation.PostgreSql.Tests.Harness;

namespace CostInstrumentation.PostgreSql.Tests;

/// <summary>The ledger unreachable or cut off mid-batch, clock periods rolling over, a corrupt outbox row.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FailureTests(PostgresServer server) : IDisposable
{
    private readonly TestHost _test = new(server);

    [Fact]
    public async Task Connections_cut_at_random_points_mid_batch_lose_and_duplicate_nothing()
    {
        await using LoopbackProxy proxy = new(server.Port);
        await using (LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(1), _test.Through(proxy), limitUsd: 1_000m, l => l.MaxRetryDelay = TimeSpan.FromMilliseconds(50)))
        {
            // Large batches take long enough on the wire to be cut while sent, while committing, or with the reply on its way back.
            using CancellationTokenSource stop = new();
            Task cutter = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(Random.Shared.Next(5, 40));
                    proxy.CutAll();
                }
            });
            DateTimeOffset start = DateTimeOffset.UtcNow;
            for (int round = 0; round < 10; round++)
            {
                for (int i = 0; i < 2_000; i++)
                {
                    pipeline.Record(ShippingTests.Call(start.AddMilliseconds(-(round * 2_000 + i)), 0.000001m * (i % 13)));
                }

                await Task.Delay(30);
            }

            // On a fast, idle machine the first batches can ship between two cuts: keep cutting until a few connections
            // have been cut while the shipper works (a bounded wait, so a proxy that never sees a connection still fails).
            for (int waited = 0; proxy.Cuts < 3 && waited < 300; waited++)
            {
                await Task.Delay(100);
            }

            stop.Cancel();
            await cutter;
            Assert.True(proxy.Cuts > 0);
            await pipeline.FlushAsync();
        }

        Assert.Equal(20_000, _test.Ledger.Calls);
        Assert.Equal(0, _test.Ledger.Duplicates);
        Assert.Equal(_test.OutboxCostNano(1), _test.Ledger.SpentNano);
        _test.Ledger.AssertRollupsMatchCalls();
    }

    [Fact]
    public async Task A_batch_cut_while_it_is_sent_is_sent_again_whole()
    {
        await using LoopbackProxy proxy = new(server.Port);
        await using (LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(1), _test.Through(proxy), limitUsd: 1_000m, l => l.MaxRetryDelay = TimeSpan.FromMilliseconds(50)))
        {
            // Let the schema and the budgets be set up; then the calls wait in the outbox while the ledger is unreachable,
            // so that they go as whole batches of 2,000, each cut once it has sent 64 KB: mid-batch.
            List<LlmCostErrorEventArgs> errors = [];
            pipeline.Error += (_, e) => { lock (errors) { errors.Add(e); } };
            await pipeline.FlushAsync();
            proxy.Refusing = true;
            proxy.CutAll();
            for (int i = 0; i < 3_000; i++)
            {
                pipeline.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.00001m));
            }

            await pipeline.FlushAsync();
            proxy.CutAfterClientBytes = 64 * 1024;
            proxy.Refusing = false;
            await pipeline.FlushAsync(); // reports that the calls are not shipped yet, never throws
            Assert.Contains(errors, e => e.Kind == LlmCostErrorKind.SinkFailed && e.Message.Contains("stay in the outbox", StringComparison.Ordinal));
            Assert.Equal(0, _test.Ledger.Calls); // nothing of a batch cut mid-send is committed
            proxy.CutAfterClientBytes = null;
            await pipeline.FlushAsync();
        }

        Assert.Equal(3_000, _test.Ledger.Calls);
        Assert.Equal(3_000 * 10_000L, _test.Ledger.SpentNano);
        _test.Ledger.AssertRollupsMatchCalls();
    }

    [Fact]
    public async Task An_unreachable_ledger_never_reaches_the_caller_and_the_outbox_catches_up()
    {
        await using LoopbackProxy proxy = new(server.Port);
        List<LlmCostErrorEventArgs> errors = [];
        await using (LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(1), _test.Through(proxy), limitUsd: 1_000m, l => l.MaxRetryDelay = TimeSpan.FromMilliseconds(50)))
        {
            pipeline.Error += (_, e) => { lock (errors) { errors.Add(e); } };
            proxy.Refusing = true;
            for (int i = 0; i < 500; i++)
            {
                pipeline.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.00002m));
            }

            // Hard limits fail closed while the ledger is unreachable (the default): the call is refused, not thrown at with a network error.
            Assert.False(HostWorkload.Call(pipeline));
            await pipeline.FlushAsync();
            Assert.Contains(errors, e => e.Kind == LlmCostErrorKind.SinkFailed && e.Message.Contains("stay in the outbox", StringComparison.Ordinal));
            Assert.Equal(0, _test.Ledger.Scalar("SELECT count(*) FROM pg_class WHERE relname = 'llmcost_calls'")); // nothing reached it
            Assert.Equal(501, _test.OutboxScalar(1, "SELECT count(*) FROM llm_calls"));
            proxy.Refusing = false;
            await Task.Delay(TimeSpan.FromSeconds(1.1)); // the unreachable back-off of admission
            Assert.True(HostWorkload.Call(pipeline));
            await pipeline.FlushAsync();
        }

        Assert.Contains(errors, e => e.Kind == LlmCostErrorKind.BudgetCheckFailed);
        Assert.Equal(502, _test.Ledger.Calls);
        Assert.Equal(_test.OutboxCostNano(1), _test.Ledger.SpentNano);
        _test.Ledger.AssertRollupsMatchCalls();
    }

    [Fact]
    public async Task A_budget_set_to_fail_open_admits_calls_while_the_ledger_is_unreachable_and_counts_them_later()
    {
        await using LoopbackProxy proxy = new(server.Port) { Refusing = true };
        await using (LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(1), _test.Through(proxy), limitUsd: 1m, l => l.FailOpen = b => b.Source == HostWorkload.BudgetSource))
        {
            Assert.True(HostWorkload.Call(pipeline));
            Assert.True(HostWorkload.Call(pipeline));
            proxy.Refusing = false;
            await pipeline.FlushAsync();
        }

        Assert.Equal((2 * ShippingTests.NanoUsd(HostWorkload.CallCostUsd), 0L), _test.Ledger.Counter(ShippingTests.Today()));
    }

    [Fact]
    public async Task Calls_across_a_month_boundary_land_in_their_partitions_rollups_and_budget_periods()
    {
        DateTimeOffset midnight = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        ManualClock clock = new(midnight.AddSeconds(-2));
        await using (LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(1), _test.ConnectionString, limitUsd: 0.008m, clock: clock))
        {
            // The budget's day ends at midnight UTC: the full day refuses, the new day (a new counter row, no reset) admits.
            Assert.True(HostWorkload.Call(pipeline));
            Assert.True(HostWorkload.Call(pipeline));
            Assert.False(HostWorkload.Call(pipeline));
            clock.Now = midnight.AddSeconds(1);
            Assert.True(HostWorkload.Call(pipeline));
            for (int i = -50; i < 50; i++)
            {
                pipeline.Record(ShippingTests.Call(midnight.AddMinutes(i), 0.000001m));
            }

            await pipeline.FlushAsync();
        }

        Assert.Equal(50, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_calls_2026_01"));
        Assert.Equal(50, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_calls_2026_02 WHERE ts_utc < '2026-03-01Z'"));
        Assert.Equal(50, _test.Ledger.Scalar("SELECT sum(calls) FROM llmcost_daily_rollups WHERE day = '2026-01-31Z'"));
        _test.Ledger.AssertRollupsMatchCalls();
        // Counters are keyed by period start: the recorded calls count in their own days, the two admissions' holds are settled.
        Assert.Equal((50 * 1_000L, 0L), _test.Ledger.Counter(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal((50 * 1_000L, 0L), _test.Ledger.Counter(midnight));
        Assert.Equal(0, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_holds"));
    }

    [Fact]
    public async Task A_corrupt_outbox_row_is_set_aside_and_every_valid_call_still_ships()
    {
        await using (LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(1), _test.ConnectionString, limitUsd: 1_000m))
        {
            for (int i = 0; i < 10; i++)
            {
                pipeline.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.001m));
            }

            await pipeline.FlushAsync();
            // A row no writer of ours makes: text where a count belongs, tags that are not JSON.
            _test.OutboxScalar(1, """
                INSERT INTO llm_calls (ts_utc, provider, model, operation, call_site, tags, input_tokens, cached_input_tokens, cache_write_tokens,
                    output_tokens, reasoning_tokens, cost_nanousd, duration_ms, outcome)
                VALUES ('2026-12-06T10:00:00.0000000Z', 'x', 'y', 'z', 'w', '[not json', 'many', 0, 0, 0, 0, 5, 1, 'ok');
                """);

            for (int i = 0; i < 10; i++)
            {
                pipeline.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.001m));
            }

            await pipeline.FlushAsync();
        }

        Assert.Equal(20, _test.Ledger.Calls);
        Assert.Equal(20 * 1_000_000L, _test.Ledger.SpentNano);
        Assert.Equal(1, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_rejected_calls WHERE local_id = 11 AND row_text LIKE '%input_tokens=many%'"));
        _test.Ledger.AssertRollupsMatchCalls();
    }

    public void Dispose() => _test.Dispose();
}
