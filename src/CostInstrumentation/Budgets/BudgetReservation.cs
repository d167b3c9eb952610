namespace CostInstrumentation;

/// <summary>The estimates an admitted call holds against its budgets until it is recorded.</summary>
internal sealed class BudgetReservation(List<(BudgetAccount Account, BudgetAccount.PeriodTotals Totals, long Nano)> holds)
{
    private int _released;

    /// <summary>The reservation of a call that matched no budget: releasing it does nothing.</summary>
    internal static BudgetReservation None { get; } = new([]);

    /// <summary>The id of the hold this call took in a shared ledger; empty when it took none.</summary>
    internal Guid HoldId { get; set; }

    /// <summary>The lease of shared budget the call was admitted from, if any: it gets back what the call did not spend.</summary>
    internal ISharedLeaseDraw? Lease { get; set; }

    /// <summary>The period <paramref name="account"/> admitted the call in; null when the call holds nothing against it.</summary>
    internal BudgetAccount.PeriodTotals? PeriodOf(BudgetAccount account)
    {
        foreach ((BudgetAccount held, BudgetAccount.PeriodTotals totals, _) in holds)
        {
            if (ReferenceEquals(held, account))
            {
                return totals;
            }
        }

        return null;
    }

    /// <summary>Gives the estimates back, once (a stream may end and be disposed); <paramref name="costUsd"/> is what the recorded call cost (null: unknown or not recorded).</summary>
    internal void Release(decimal? costUsd = null)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        foreach ((_, BudgetAccount.PeriodTotals totals, long nano) in holds)
        {
            Interlocked.Add(ref totals.Used, -nano);
            Interlocked.Add(ref totals.Reserved, -nano);
        }

        // Converted only for a lease, which counts what the call's row stores: most calls hold none.
        Lease?.Complete(costUsd is { } usd ? NanoUsd.TryFrom(usd) ?? 0 : 0);
    }
}
