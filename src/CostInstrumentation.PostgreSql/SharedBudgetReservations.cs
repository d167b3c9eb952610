using Npgsql;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// Hard limits shared by every host: one round trip per admitted call (<c>llmcost_reserve</c>: every budget the call
/// falls under, keys sorted, all or none), retried on serialization failures and deadlocks; or, for leased budgets, a draw
/// on this host's lease (<see cref="SharedBudgetLeases"/>). When PostgreSQL cannot be reached, each budget fails closed
/// (refuses) unless <see cref="PostgreSqlLedgerOptions.FailOpen"/> admits it.
/// </summary>
internal sealed class SharedBudgetReservations(PostgreSqlLedger ledger) : ISharedBudgetLedger
{
    private long _unreachableUntil;
    private int _unreachableReported;

    public void Attach(BudgetLedger budgets, Action<BudgetAccount, LlmBudgetAlertEventArgs> raise, LlmCostErrorReporter errors) => ledger.Attach(budgets, raise, errors);

    public SharedRefusal? Reserve(BudgetReservation reservation, IReadOnlyList<(BudgetAccount Account, DateTimeOffset PeriodStart)> holds, long estimateNano)
    {
        (BudgetAccount Account, DateTimeOffset PeriodStart, string Key)[] sorted =
            [.. holds.Select(h => (h.Account, h.PeriodStart, LedgerBudgetKeys.Of(h.Account.Budget))).OrderBy(h => h.Item3, StringComparer.Ordinal).ThenBy(h => h.PeriodStart)];
        // A lease admits from what it holds without the ledger, even while the ledger cannot be reached.
        SharedBudgetLeases.Lease? lease = sorted.All(h => ledger.Options.Lease(h.Account.Budget)) ? ledger.Leases.For(sorted) : null;
        if (lease is not null && lease.TryDraw(reservation, estimateNano))
        {
            return null;
        }

        if (Environment.TickCount64 < Volatile.Read(ref _unreachableUntil))
        {
            return Unreachable(sorted);
        }

        try
        {
            (int refused, long used) = lease is null ? PostgreSqlLedger.RetryConflicts(() => Execute(reservation, sorted, estimateNano)) : ledger.Leases.TopUpAndDraw(lease, reservation, sorted, estimateNano);
            if (Interlocked.Exchange(ref _unreachableReported, 0) != 0)
            {
                ledger.Errors?.Report(LlmCostErrorKind.BudgetCheckFailed, $"The shared ledger {ledger.Location} is reachable again; shared hard limits are enforced there.");
            }

            return refused == 0 ? null : new SharedRefusal(sorted[refused - 1].Account, used);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (PostgreSqlLedger.IsUnreachable(exception))
            {
                Volatile.Write(ref _unreachableUntil, Environment.TickCount64 + (long)ledger.Options.UnreachableBackoff.TotalMilliseconds);
            }

            if (Interlocked.Exchange(ref _unreachableReported, 1) == 0)
            {
                ledger.Errors?.Report(LlmCostErrorKind.BudgetCheckFailed, $"Reserving shared hard limits in {ledger.Location} failed ({exception.Message}); each fails closed unless configured to fail open.", exception);
            }

            return Unreachable(sorted);
        }
    }

    /// <summary>The first budget that fails closed refuses; when all fail open the call is admitted with no hold.</summary>
    private SharedRefusal? Unreachable((BudgetAccount Account, DateTimeOffset PeriodStart, string Key)[] sorted)
    {
        foreach ((BudgetAccount account, _, _) in sorted)
        {
            if (!ledger.Options.FailOpen(account.Budget))
            {
                return new SharedRefusal(account, 0);
            }
        }

        return null;
    }

    /// <summary>The call's own hold: one <c>llmcost_reserve</c> round trip (retried with the same hold id, which it recognises).</summary>
    private (int Refused, long Used) Execute(BudgetReservation reservation, (BudgetAccount Account, DateTimeOffset PeriodStart, string Key)[] sorted, long estimateNano)
    {
        if (reservation.HoldId == Guid.Empty)
        {
            reservation.HoldId = Guid.NewGuid();
        }

        using NpgsqlConnection connection = ledger.Open();
        using NpgsqlCommand command = new("SELECT refused, used FROM llmcost_reserve($1, $2, $3, $4, $5, $6)", connection);
        LedgerBudgetKeys.AddHeld(command.Parameters, reservation.HoldId, sorted);
        command.Parameters.Add(new() { Value = estimateNano });
        command.Parameters.Add(new() { Value = ledger.Options.HoldTimeout });
        using NpgsqlDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt64(1));
    }
}
