using CostInstrumentation.PostgreSql.Tests.Harness;

namespace CostInstrumentation.PostgreSql.Tests;

/// <summary>
/// Hot budgets admitted from leases: hosts reserve slices of the limit and admit calls from them locally. Leases plus
/// spend never exceed the limit — with several hosts, a host killed holding a lease, a host cut off from the ledger —
/// and what is not spent goes back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LeaseTests(PostgresServer server) : IDisposable
{
    private const decimal Limit = 0.4m; // 100 reservations of 0.004 USD, 108 calls of 0.0037 USD

    private readonly TestHost _test = new(server);

    private long LeasedNano => _test.Ledger.Scalar("SELECT coalesce(sum(amount_nanousd), 0) FROM llmcost_leases");

    [Fact]
    public async Task Three_host_processes_admitting_from_leases_stay_within_the_limit_and_give_back_what_they_did_not_use()
    {
        // Leases of 5 % (5 reservations): near the limit, each of the other two hosts may hold one unused, so a host is
        // refused only once the calls admitted hold at least 0.4 - 2 x 0.02 - 0.004 USD (89 reservations; 80 for slack).
        HostProcess[] hosts = [.. Enumerable.Range(1, 3).Select(h => new HostProcess(_test.Outbox(h), _test.ConnectionString, calls: 60, Limit, leaseFraction: 0.05m))];
        try
        {
            int admitted = (await Task.WhenAll(hosts.Select(h => h.DoneAsync()))).Sum();
            Assert.InRange(admitted, 80, (int)(Limit / HostWorkload.CallCostUsd));
            _test.AssertLedgerMatchesOutboxes(3);
            (long spent, long reserved) = _test.Ledger.Counter(ShippingTests.Today());
            Assert.Equal(admitted * ShippingTests.NanoUsd(HostWorkload.CallCostUsd), spent);
            Assert.True(spent <= ShippingTests.NanoUsd(Limit), $"spent {spent} nano-USD"); // overshoot 0
            Assert.Equal((0, 0L), (reserved, LeasedNano)); // every host gave back what it did not use when it stopped
            Assert.Equal(0, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_holds")); // no call took a hold of its own
            // Admitted from leases: calls share their hold ids, a lease each (a round trip per lease, not per call).
            long leases = _test.Ledger.Scalar("SELECT count(DISTINCT hold_id) FROM llmcost_calls WHERE outcome = 'ok'");
            Assert.True(leases * 3 <= admitted, $"{admitted} calls admitted from {leases} leases");
            Assert.Equal(180 - admitted, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_calls WHERE outcome = 'blocked'"));
        }
        finally
        {
            Array.ForEach(hosts, h => h.Dispose());
        }
    }

    [Fact]
    public async Task A_host_killed_holding_a_lease_keeps_it_from_the_others_until_it_expires()
    {
        // A limit the victim cannot reach in its 1,000 calls, and leases of a quarter of it: killed, it still holds one.
        const decimal limit = 4m;
        using (HostProcess victim = new(_test.Outbox(1), _test.ConnectionString, calls: 1_000, limit, leaseFraction: 0.25m, pauseMilliseconds: 5))
        {
            await victim.AdmittedAtLeastAsync(10);
            victim.Kill();
        }

        long held = LeasedNano;
        Assert.True(held > 0, "the killed host held no lease");
        await CallUntilRefusedAsync(2, limit);

        // The survivor spent what the killed host's lease left, not what it holds.
        (long spent, long reserved) = _test.Ledger.Counter(ShippingTests.Today());
        Assert.Equal(held, LeasedNano);
        Assert.Equal(held, reserved);
        Assert.True(spent + held <= ShippingTests.NanoUsd(limit), $"spent {spent} + leased {held} nano-USD");

        // The killed host restarts on its outbox: the calls it stored reach the ledger and take their cost off its lease.
        await using (LlmCostPipeline restarted = HostWorkload.Pipeline(_test.Outbox(1), _test.ConnectionString, limit))
        {
            await restarted.FlushAsync();
        }

        Assert.Equal(_test.Ledger.SpentNano, _test.Ledger.Counter(ShippingTests.Today()).Spent);
        // What its lease still holds belongs to calls it never stored and to what it had not used; once the lease expires
        // (moved back rather than waited for), the first lease another host is refused sweeps it, and the host spends it.
        _test.Ledger.Scalar("UPDATE llmcost_leases SET expires_utc = now() - interval '1 second'");
        await CallUntilRefusedAsync(3, limit);

        _test.AssertLedgerMatchesOutboxes(3);
        (spent, reserved) = _test.Ledger.Counter(ShippingTests.Today());
        Assert.Equal((0, 0L), (reserved, LeasedNano));
        Assert.InRange(spent, ShippingTests.NanoUsd(limit - 2 * HostWorkload.ReservationUsd), ShippingTests.NanoUsd(limit));
    }

    [Fact]
    public async Task A_host_cut_off_admits_only_what_its_lease_holds_and_the_others_cannot_spend_it()
    {
        await using LoopbackProxy proxy = new(server.Port);
        // Leases of 10 % (10 reservations; each call gives back 0.0003 of its 0.004 USD): 10 calls per lease.
        await using LlmCostPipeline cutOff = HostWorkload.Pipeline(_test.Outbox(1), _test.Through(proxy), Limit, l =>
        {
            HostWorkload.Leased(l, 0.1m);
            l.MaxRetryDelay = TimeSpan.FromMilliseconds(50);
        });
        await using LlmCostPipeline connected = HostWorkload.Pipeline(_test.Outbox(2), _test.ConnectionString, Limit);
        Assert.True(HostWorkload.Call(cutOff)); // takes the lease
        await cutOff.FlushAsync();
        proxy.Refusing = true;
        proxy.CutAll();

        int admittedWhileCut = Enumerable.Range(0, 30).Count(_ => HostWorkload.Call(cutOff));
        Assert.Equal(9, admittedWhileCut); // the rest of its lease, then fail closed
        while (HostWorkload.Call(connected))
        {
        }

        await connected.FlushAsync();
        (long spent, long reserved) = _test.Ledger.Counter(ShippingTests.Today());
        Assert.True(spent + reserved <= ShippingTests.NanoUsd(Limit), $"spent {spent} + reserved {reserved} nano-USD");
        Assert.True(reserved >= 9 * ShippingTests.NanoUsd(HostWorkload.CallCostUsd), $"reserved {reserved}: the cut-off host's calls are no longer covered");

        proxy.Refusing = false;
        for (int waited = 0; _test.Ledger.Calls < _test.OutboxScalar(1, "SELECT count(*) FROM llm_calls") + _test.OutboxScalar(2, "SELECT count(*) FROM llm_calls") && waited < 200; waited++)
        {
            await cutOff.FlushAsync(); // the first attempts may still meet connections the cut left broken
            await Task.Delay(50);
        }

        await cutOff.DisposeAsync(); // gives back what its lease did not use
        await connected.DisposeAsync();
        _test.AssertLedgerMatchesOutboxes(2);
        (spent, reserved) = _test.Ledger.Counter(ShippingTests.Today());
        Assert.Equal((0, 0L), (reserved, LeasedNano));
        Assert.True(spent <= ShippingTests.NanoUsd(Limit), $"spent {spent} nano-USD");
        Assert.Equal(10, _test.OutboxScalar(1, "SELECT count(*) FROM llm_calls WHERE outcome = 'ok'"));
    }

    public void Dispose() => _test.Dispose();

    /// <summary>Host <paramref name="host"/>, admitting from leases of a quarter of the limit, calls until the budget refuses; then stops (giving back its lease).</summary>
    private async Task CallUntilRefusedAsync(int host, decimal limit)
    {
        await using LlmCostPipeline pipeline = HostWorkload.Pipeline(_test.Outbox(host), _test.ConnectionString, limit, l => HostWorkload.Leased(l, 0.25m));
        while (HostWorkload.Call(pipeline))
        {
        }

        await pipeline.FlushAsync();
    }
}
