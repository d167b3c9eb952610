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
    /// Reserves <paramref name="estimateNano"/> under <paramref name="holdId"/> against every hard limit in
    /// <paramref name="holds"/>, all or none. Null when admitted; else the budget that refused and what it had used
    /// (also when the shared counters cannot be reached and that budget fails closed). Never throws.
    /// </summary>
    SharedRefusal? Reserve(Guid holdId, IReadOnlyList<(BudgetAccount Account, DateTimeOffset PeriodStart)> holds, long estimateNano);
}

/// <summary>The budget that refused a shared reservation and its spend plus holds then, in nano-USD.</summary>
internal readonly record struct SharedRefusal(BudgetAccount Account, long UsedNano);
