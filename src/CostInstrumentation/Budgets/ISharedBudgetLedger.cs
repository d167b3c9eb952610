namespace CostInstrumentation;

/// <summary>
/// Budget counters shared by every host (CostInstrumentation.PostgreSql): admission reserves a call's estimate against
/// the hard limits it falls under in one atomic step; the shared ledger settles the hold when the call's row reaches it,
/// and raises each alert once per threshold and period across hosts (the local ledger then raises none of its own).
/// </summary>
internal interface ISharedBudgetLedger
{
    /// <summary>Called once the pipeline's ledger holds every budget it starts with: the budgets to share, where alerts and problems go.</summary>
    void Attach(BudgetLedger ledger, Action<BudgetAccount, LlmBudgetAlertEventArgs> raise, LlmCostErrorReporter errors);

    /// <summary>
    /// Reserves <paramref name="estimateNano"/> against every hard limit in <paramref name="holds"/>, all or none, under a
    /// hold it names in <paramref name="reservation"/>'s <see cref="BudgetReservation.HoldId"/>: the call's own, or a lease
    /// this host holds (then <see cref="BudgetReservation.Lease"/> takes back what the call does not spend). Null when
    /// admitted; else the budget that refused and what it had used (also when the shared counters cannot be reached and
    /// that budget fails closed). Never throws.
    /// </summary>
    SharedRefusal? Reserve(BudgetReservation reservation, IReadOnlyList<(BudgetAccount Account, DateTimeOffset PeriodStart)> holds, long estimateNano);
}

/// <summary>A call admitted from a lease of shared budget: told once, when the call is released, what it spent (nano-USD; 0 when unknown or never recorded).</summary>
internal interface ISharedLeaseDraw
{
    void Complete(long spentNano);
}

/// <summary>The budget that refused a shared reservation and its spend plus holds then, in nano-USD.</summary>
internal readonly record struct SharedRefusal(BudgetAccount Account, long UsedNano);
