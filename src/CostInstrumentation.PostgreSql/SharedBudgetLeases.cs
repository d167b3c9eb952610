using Npgsql;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// This host's leases of hot hard limits (<see cref="PostgreSqlLedgerOptions.Lease"/>), one per set of budgets and period
/// starts a call falls under. A lease is reserved in the ledger in one round trip (<c>llmcost_lease</c>, against every
/// budget at once, like a reservation) and calls are admitted from it locally: each draws its reservation and, once
/// recorded, gives back what it did not spend. The calls' rows carry the lease id, and shipping them takes what they cost
/// off the lease's rows in the ledger, so the ledger always holds at least what the host may still spend from it. What
/// the host has not used goes back (<c>llmcost_return_lease</c>) when a lease idles, reaches half its expiry, or the host
/// stops; if the host dies, the lease expires in the ledger like a hold and is swept.
/// </summary>
internal sealed class SharedBudgetLeases(PostgreSqlLedger ledger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lease> _open = new(StringComparer.Ordinal);
    private readonly List<Lease> _retired = [];

    /// <summary>The open lease of these budgets and periods (a new one when there is none, or it is too old to draw on).</summary>
    internal Lease For((BudgetAccount Account, DateTimeOffset PeriodStart, string Key)[] sorted)
    {
        string name = sorted.Length == 1 ? sorted[0].Key + "\t" + sorted[0].PeriodStart.UtcTicks : string.Join('\n', sorted.Select(h => h.Key + "\t" + h.PeriodStart.UtcTicks));
        long now = Environment.TickCount64;
        lock (_gate)
        {
            if (_open.TryGetValue(name, out Lease? lease) && now < lease.Deadline)
            {
                return lease;
            }

            if (lease is not null)
            {
                Retire(name, lease);
            }

            // Drawn on for half its expiry at most: a call admitted near the end still ships long before the ledger could sweep the lease.
            lease = new Lease(now + (long)(ledger.Options.HoldTimeout.TotalMilliseconds / 2));
            _open.Add(name, lease);
            return lease;
        }
    }

    /// <summary>
    /// Draws the call's reservation from <paramref name="lease"/>, first taking more from the ledger if it holds too
    /// little: <see cref="PostgreSqlLedgerOptions.LeaseFraction"/> of the smallest limit, and at least what the call needs.
    /// Returns 0 when admitted, else the 1-based position of the budget that refused and what it had used. Throws when the
    /// ledger cannot be reached. A lease retired meanwhile is not topped up (nothing would give it back): the open one is.
    /// </summary>
    internal (int Refused, long Used) TopUpAndDraw(Lease lease, BudgetReservation reservation, (BudgetAccount Account, DateTimeOffset PeriodStart, string Key)[] sorted, long estimateNano)
    {
        while (true)
        {
            lock (lease.Gate)
            {
                if (!lease.Retired)
                {
                    if (lease.Pool < estimateNano)
                    {
                        long size = Math.Max(estimateNano, sorted.Min(h => (long)(h.Account.LimitNano * ledger.Options.LeaseFraction)));
                        (long granted, int refused, long used) = PostgreSqlLedger.RetryConflicts(() => Take(lease.Id, sorted, size - lease.Pool, estimateNano - lease.Pool));
                        if (refused != 0)
                        {
                            return (refused, used);
                        }

                        lease.Pool += granted;
                    }

                    lease.DrawLocked(reservation, estimateNano);
                    return (0, 0);
                }
            }

            lease = For(sorted);
        }
    }

    /// <summary>
    /// Gives back what idle or old leases (all of them when <paramref name="all"/>) hold unused, and what calls admitted
    /// from leases already given back did not spend. What cannot be given back now (the ledger unreachable) is tried again
    /// next time; a lease never given back expires in the ledger.
    /// </summary>
    internal void ReturnUnused(bool all)
    {
        Lease[] returning;
        long now = Environment.TickCount64;
        lock (_gate)
        {
            foreach ((string name, Lease lease) in _open.ToArray())
            {
                if (all || now >= lease.Deadline || now - Volatile.Read(ref lease.LastDraw) >= (long)ledger.Options.LeaseIdleTimeout.TotalMilliseconds)
                {
                    Retire(name, lease);
                }
            }

            if (_retired.Count == 0)
            {
                return;
            }

            returning = [.. _retired];
        }

        foreach (Lease lease in returning)
        {
            if (lease.TakeUnused() is > 0 and long amount)
            {
                try
                {
                    PostgreSqlLedger.RetryConflicts(() => Return(lease.Id, amount));
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    lease.Refund(amount);
                    if (!PostgreSqlLedger.IsUnreachable(exception))
                    {
                        ledger.Report($"Giving back an unused lease to the shared ledger {ledger.Location} failed ({exception.Message}); it expires there instead.", exception);
                    }

                    return;
                }
            }

            if (lease.Settled)
            {
                lock (_gate)
                {
                    _retired.Remove(lease);
                }
            }
        }
    }

    /// <summary>
    /// Stops drawing on <paramref name="lease"/>; what it holds goes back by <see cref="ReturnUnused"/>. Called under
    /// <see cref="_gate"/>; marked under the lease's own lock, which every draw checks it under, so that once a retired
    /// lease has nothing in flight and nothing unused, it stays so.
    /// </summary>
    private void Retire(string name, Lease lease)
    {
        _open.Remove(name);
        lock (lease.Gate)
        {
            lease.Retired = true;
        }

        _retired.Add(lease);
    }

    private (long Granted, int Refused, long Used) Take(Guid leaseId, (BudgetAccount Account, DateTimeOffset PeriodStart, string Key)[] sorted, long amount, long least)
    {
        using NpgsqlConnection connection = ledger.Open();
        using NpgsqlCommand command = new("SELECT granted, refused, used FROM llmcost_lease($1, $2, $3, $4, $5, $6, $7)", connection);
        LedgerBudgetKeys.AddHeld(command.Parameters, leaseId, sorted);
        command.Parameters.Add(new() { Value = amount });
        command.Parameters.Add(new() { Value = least });
        command.Parameters.Add(new() { Value = ledger.Options.HoldTimeout });
        using NpgsqlDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2));
    }

    private bool Return(Guid leaseId, long amount)
    {
        using NpgsqlConnection connection = ledger.Open();
        using NpgsqlCommand command = new("SELECT llmcost_return_lease($1, $2)", connection);
        command.Parameters.Add(new() { Value = leaseId });
        command.Parameters.Add(new() { Value = amount });
        command.ExecuteNonQuery();
        return true;
    }

    /// <summary>
    /// One lease as this host sees it: <see cref="Pool"/> is what it may still admit, which the ledger's rows for it always
    /// cover (they also hold what calls admitted from it and not yet shipped may cost).
    /// </summary>
    internal sealed class Lease(long deadline)
    {
        internal readonly Lock Gate = new();
        internal long LastDraw = Environment.TickCount64;
        internal bool Retired;
        private int _inFlight;

        internal Guid Id { get; } = Guid.NewGuid();

        /// <summary>When this host stops drawing on it (Environment.TickCount64).</summary>
        internal long Deadline => deadline;

        internal long Pool { get; set; }

        /// <summary>Given back and no call admitted from it still running: nothing more will come back to it.</summary>
        internal bool Settled
        {
            get
            {
                lock (Gate)
                {
                    return _inFlight == 0 && Pool <= 0;
                }
            }
        }

        /// <summary>Admits the call from what the lease holds, without a round trip; false when it holds too little or was given back.</summary>
        internal bool TryDraw(BudgetReservation reservation, long estimateNano)
        {
            lock (Gate)
            {
                if (Retired || Pool < estimateNano)
                {
                    return false;
                }

                DrawLocked(reservation, estimateNano);
                return true;
            }
        }

        /// <summary>Under <see cref="Gate"/>: the call holds <paramref name="estimateNano"/> of the lease until it is recorded.</summary>
        internal void DrawLocked(BudgetReservation reservation, long estimateNano)
        {
            Pool -= estimateNano;
            _inFlight++;
            Volatile.Write(ref LastDraw, Environment.TickCount64);
            reservation.HoldId = Id;
            reservation.Lease = new Draw(this, estimateNano);
        }

        /// <summary>What the lease holds unused, taken out of it to be given back.</summary>
        internal long TakeUnused()
        {
            lock (Gate)
            {
                long unused = Math.Max(Pool, 0);
                Pool -= unused;
                return unused;
            }
        }

        internal void Refund(long amount)
        {
            lock (Gate)
            {
                Pool += amount;
            }
        }

        /// <summary>A call admitted from the lease: what it did not spend of its reservation goes back to the lease.</summary>
        private sealed class Draw(Lease lease, long estimateNano) : ISharedLeaseDraw
        {
            public void Complete(long spentNano)
            {
                lock (lease.Gate)
                {
                    lease.Pool += estimateNano - spentNano;
                    lease._inFlight--;
                }
            }
        }
    }
}
