using CostInstrumentation.PostgreSql.Tests.Harness;

namespace CostInstrumentation.PostgreSql.Tests;

/// <summary>One hard limit shared by several hosts: no call lost or counted twice, rollups equal to the ledger, spend within the limit.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedLimitTests(PostgresServer server) : IDisposable
{
    private readonly TestHost _test = new(server);

    [Fact]
    public async Task Three_host_processes_on_one_budget_admit_no_more_than_the_limit_between_them()
    {
        const decimal limit = 0.2m; // 50 reservations of 0.004 USD
        HostProcess[] hosts = [.. Enumerable.Range(1, 3).Select(h => new HostProcess(_test.Outbox(h), _test.ConnectionString, calls: 40, limit))];
        try
        {
            int admitted = (await Task.WhenAll(hosts.Select(h => h.DoneAsync()))).Sum();
            // At least the 50 reservations fit; a few more once settled calls give back what they reserved beyond their cost.
            Assert.InRange(admitted, 50, (int)(limit / HostWorkload.CallCostUsd));
            _test.AssertLedgerMatchesOutboxes(3);
            (long spent, long reserved) = _test.Ledger.Counter(ShippingTests.Today());
            Assert.Equal(admitted * ShippingTests.NanoUsd(HostWorkload.CallCostUsd), spent);
            Assert.True(spent <= ShippingTests.NanoUsd(limit), $"spent {spent} nano-USD"); // overshoot 0
            Assert.Equal(0, reserved);
            Assert.Equal(0, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_holds"));
            Assert.Equal(120 - admitted, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_calls WHERE outcome = 'blocked'"));
        }
        finally
        {
            Array.ForEach(hosts, h => h.Dispose());
        }
    }

    [Fact]
    public async Task A_host_killed_mid_run_loses_no_call_and_its_holds_expire()
    {
        const decimal limit = 0.4m; // 100 reservations
        using (HostProcess victim = new(_test.Outbox(1), _test.ConnectionString, calls: 1_000, limit))
        {
            await victim.AdmittedAtLeastAsync(30);
            victim.Kill();
        }

        // While the killed host is down, its holds still count: a survivor cannot spend what its calls may have cost.
        using (HostProcess survivor = new(_test.Outbox(2), _test.ConnectionString, calls: 200, limit))
        {
            await survivor.DoneAsync();
        }

        // The killed host restarts on its outbox: what it recorded but had not shipped reaches the ledger and settles its holds.
        await using (LlmCostPipeline restarted = HostWorkload.Pipeline(_test.Outbox(1), _test.ConnectionString, limit))
        {
            await restarted.FlushAsync();
        }

        _test.AssertLedgerMatchesOutboxes(2);
        (long spent, long reserved) = _test.Ledger.Counter(ShippingTests.Today());
        Assert.Equal(_test.Ledger.SpentNano, spent);
        Assert.True(spent <= ShippingTests.NanoUsd(limit), $"spent {spent} nano-USD");
        // What is still held belongs to calls the killed host admitted but never stored (killed mid-call, or still in its
        // memory buffer): they keep the budget conservative until their holds expire. Every stored call's hold is settled.
        Assert.Equal(_test.Ledger.Scalar("SELECT count(*) FROM llmcost_holds") * ShippingTests.NanoUsd(HostWorkload.ReservationUsd), reserved);
        Assert.Equal(0, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_holds h JOIN llmcost_calls c ON c.hold_id = h.hold_id"));
    }

    [Fact]
    public async Task A_hold_whose_host_died_mid_call_is_swept_once_it_expires()
    {
        const decimal limit = 0.01m; // two reservations
        LlmCostPipeline dying = HostWorkload.Pipeline(_test.Outbox(1), _test.ConnectionString, limit);
        _ = dying.Admit(HostWorkload.Site, null, null);
        _ = dying.Admit(HostWorkload.Site, null, null); // admitted, never recorded: the host "dies" during both calls
        await dying.DisposeAsync();
        await using LlmCostPipeline other = HostWorkload.Pipeline(_test.Outbox(2), _test.ConnectionString, limit);
        Assert.False(HostWorkload.Call(other)); // the dead host's holds still count
        // Their HoldTimeout passes (moved back rather than waited for, so a slow machine cannot change the outcome).
        _test.Ledger.Scalar("UPDATE llmcost_holds SET expires_utc = now() - interval '1 second'");
        Assert.True(HostWorkload.Call(other)); // expired: swept by this reservation
        await other.FlushAsync();
        Assert.Equal(0, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_holds"));
        Assert.Equal((ShippingTests.NanoUsd(HostWorkload.CallCostUsd), 0L), _test.Ledger.Counter(ShippingTests.Today()));
    }

    [Fact]
    public async Task Concurrent_pipelines_in_one_process_share_the_limit_exactly()
    {
        const decimal limit = 0.1m; // 25 reservations
        LlmCostPipeline[] pipelines = [.. Enumerable.Range(1, 4).Select(h => HostWorkload.Pipeline(_test.Outbox(h), _test.ConnectionString, limit))];
        try
        {
            int admitted = (await Task.WhenAll(pipelines.Select(p => Task.Run(() => Enumerable.Range(0, 20).Count(_ => HostWorkload.Call(p)))))).Sum();
            Assert.InRange(admitted, 25, (int)(limit / HostWorkload.CallCostUsd));
            foreach (LlmCostPipeline pipeline in pipelines)
            {
                await pipeline.FlushAsync();
            }
        }
        finally
        {
            foreach (LlmCostPipeline pipeline in pipelines)
            {
                await pipeline.DisposeAsync();
            }
        }

        _test.AssertLedgerMatchesOutboxes(4);
        (long spent, long reserved) = _test.Ledger.Counter(ShippingTests.Today());
        Assert.Equal(0, reserved);
        Assert.Equal(_test.Ledger.Scalar("SELECT count(*) FROM llmcost_calls WHERE outcome = 'ok'") * ShippingTests.NanoUsd(HostWorkload.CallCostUsd), spent);
        Assert.True(spent <= ShippingTests.NanoUsd(limit), $"spent {spent} nano-USD");
    }

    public void Dispose() => _test.Dispose();
}
