namespace CostInstrumentation;

/// <summary>
/// Every budget in force and its spend in the current UTC period, in nano-USD. Admission reserves a call's estimate
/// against each matching budget (atomically checking hard limits); recording adds the actual cost, releases the
/// reservation and raises each alert threshold once per period, whichever thread crosses it.
/// </summary>
/// With a shared ledger (<see cref="ISharedBudgetLedger"/>), hard limits are also reserved there, and it raises the alerts.
internal sealed class BudgetLedger(TimeProvider clock, long defaultReservationNano, Action<BudgetAccount, LlmBudgetAlertEventArgs> alert, ISharedBudgetLedger? shared = null)
{
    private readonly Lock _gate = new();
    private BudgetAccount[] _accounts = [];

    internal BudgetAccount[] Accounts => Volatile.Read(ref _accounts);

    internal TimeProvider Clock => clock;

    /// <summary>
    /// Adds a budget with the spend already recorded in its current period and the alerts already raised in it, in place of
    /// <paramref name="replacing"/> when given (in one step: no call sees neither).
    /// </summary>
    internal BudgetAccount Add(LlmBudget budget, long? storeId, long spentNano = 0, IEnumerable<decimal>? raisedThresholds = null, BudgetAccount? replacing = null)
    {
        BudgetAccount account = new(budget, storeId, clock.GetUtcNow());
        BudgetAccount.PeriodTotals totals = account.Current(clock.GetUtcNow());
        totals.Spent = totals.Used = spentNano;
        totals.Alerted = raisedThresholds is null ? 0 : account.MaskOf(raisedThresholds);
        lock (_gate)
        {
            Volatile.Write(ref _accounts, [.. _accounts.Where(a => a != replacing), account]);
        }

        return account;
    }

    /// <summary>Stops enforcing a budget; reservations calls in flight hold on it are released into the removed account.</summary>
    internal void Remove(BudgetAccount account)
    {
        lock (_gate)
        {
            Volatile.Write(ref _accounts, [.. _accounts.Where(a => a != account)]);
        }
    }

    /// <summary>
    /// What admission holds for one call: the output half of the worst case of one call (<see cref="WorstCaseCall"/>:
    /// the model's maximum output) priced at the model's rates with no input, else the default reservation. The input
    /// half — the whole context window — is left out on purpose: the shim does not know the input before the call, and
    /// reserving a full window would refuse nearly every call under a modest hard limit (docs/cost-rules.md).
    /// </summary>
    internal long Reservation(ModelPrice? price, ServiceTier serviceTier) =>
        price is not null && WorstCaseCall.Tokens(null, null, price.Definition.MaxInputTokens, price.Definition.MaxOutputTokens).OutputTokens is long maxOutput
            ? NanoUsd.Saturated(price.Cost(new LlmUsage(0, maxOutput), serviceTier))
            : defaultReservationNano;

    /// <summary>
    /// Reserves the call's estimate (<see cref="Reservation"/>) against every budget <paramref name="subject"/> falls
    /// under. Returns null, reserving nothing, when a hard limit would be exceeded (<paramref name="blockedBy"/> says which).
    /// </summary>
    internal BudgetReservation? TryReserve(in BudgetSubject subject, ModelPrice? price, ServiceTier serviceTier, out BudgetAccount? blockedBy, out long usedNano, out long estimateNano)
    {
        // Most calls match no budget: the estimate, the clock and the list are only paid for when one does.
        List<(BudgetAccount, BudgetAccount.PeriodTotals, long)>? holds = null;
        DateTimeOffset now = default;
        blockedBy = null;
        usedNano = 0;
        estimateNano = -1;
        foreach (BudgetAccount account in Accounts)
        {
            if (!subject.Matches(account.Budget))
            {
                continue;
            }

            if (estimateNano < 0)
            {
                estimateNano = Reservation(price, serviceTier);
                now = clock.GetUtcNow();
            }

            if (account.IsPerCall)
            {
                if (estimateNano > account.LimitNano)
                {
                    if (account.Budget.HardLimit)
                    {
                        blockedBy = account;
                        break;
                    }

                    alert(account, new LlmBudgetAlertEventArgs(account.Budget, BudgetAlertLevel.Warning, 1m, NanoUsd.ToUsd(estimateNano), now));
                }

                continue;
            }

            BudgetAccount.PeriodTotals totals = account.Current(now);
            if (account.Budget.HardLimit)
            {
                long used = Volatile.Read(ref totals.Used);
                while (true)
                {
                    // Not used + estimate > limit: a saturated estimate would wrap around and be admitted.
                    if (estimateNano > account.LimitNano - used)
                    {
                        blockedBy = account;
                        usedNano = used;
                        break;
                    }

                    long seen = Interlocked.CompareExchange(ref totals.Used, used + estimateNano, used);
                    if (seen == used)
                    {
                        break;
                    }

                    used = seen;
                }

                if (blockedBy is not null)
                {
                    break;
                }
            }
            else
            {
                Interlocked.Add(ref totals.Used, estimateNano);
            }

            Interlocked.Add(ref totals.Reserved, estimateNano);
            (holds ??= []).Add((account, totals, estimateNano));
        }

        BudgetReservation reservation = holds is null ? BudgetReservation.None : new(holds);
        if (blockedBy is null && (shared is null || holds is null || TryReserveShared(holds, reservation, estimateNano, out blockedBy, out usedNano)))
        {
            return reservation;
        }

        reservation.Release();
        return null;
    }

    /// <summary>Reserves the hard limits among <paramref name="holds"/> in the shared ledger too (a hold of the call's own, or a draw on a lease).</summary>
    private bool TryReserveShared(List<(BudgetAccount Account, BudgetAccount.PeriodTotals Totals, long)> holds, BudgetReservation reservation, long estimateNano, out BudgetAccount? blockedBy, out long usedNano)
    {
        blockedBy = null;
        usedNano = 0;
        List<(BudgetAccount, DateTimeOffset)> hard = [.. holds.Where(h => h.Account.Budget.HardLimit).Select(h => (h.Account, h.Totals.Start))];
        if (hard.Count == 0)
        {
            return true;
        }

        if (shared!.Reserve(reservation, hard, estimateNano) is { } refusal)
        {
            (blockedBy, usedNano) = (refusal.Account, refusal.UsedNano);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Adds a recorded call's cost to its budgets and raises the thresholds it crosses. A call that was admitted counts in
    /// the period it was admitted in (its stored <c>ts_utc</c> is its start), even when that period has ended since.
    /// </summary>
    internal void Settle(in LlmCallRecord record, BudgetReservation? reservation = null)
    {
        long cost = record.CostUsd is { } usd ? NanoUsd.From(usd) : 0;
        if (cost > 0)
        {
            DateTimeOffset? now = null;
            BudgetSubject subject = BudgetSubject.Of(record);
            foreach (BudgetAccount account in Accounts)
            {
                if (!account.IsPerCall && subject.Matches(account.Budget))
                {
                    BudgetAccount.PeriodTotals totals = reservation?.PeriodOf(account) ?? account.Current(now ??= clock.GetUtcNow());
                    Interlocked.Add(ref totals.Used, cost);
                    RaiseCrossed(account, totals, Interlocked.Add(ref totals.Spent, cost));
                }
            }
        }
    }

    /// <summary>The current period of every budget.</summary>
    internal List<LlmBudgetStatus> Status(Func<LlmBudget, bool>? include = null)
    {
        DateTimeOffset now = clock.GetUtcNow();
        List<LlmBudgetStatus> status = [];
        foreach (BudgetAccount account in Accounts)
        {
            if (include is null || include(account.Budget))
            {
                BudgetAccount.PeriodTotals totals = account.Current(now);
                long spent = Volatile.Read(ref totals.Spent);
                decimal spentUsd = NanoUsd.ToUsd(spent);
                status.Add(new LlmBudgetStatus(account.Budget, account.IsPerCall ? now : totals.Start, spentUsd, NanoUsd.ToUsd(Volatile.Read(ref totals.Reserved)), spentUsd / account.Budget.LimitUsd));
            }
        }

        return status;
    }

    private void RaiseCrossed(BudgetAccount account, BudgetAccount.PeriodTotals totals, long spent)
    {
        if (shared is not null)
        {
            return; // The shared ledger sees every host's spend and raises each alert once.
        }

        for (int i = 0; i < account.ThresholdNano.Length && spent >= account.ThresholdNano[i]; i++)
        {
            int bit = 1 << i;
            if ((Volatile.Read(ref totals.Alerted) & bit) == 0 && (Interlocked.Or(ref totals.Alerted, bit) & bit) == 0)
            {
                alert(account, new LlmBudgetAlertEventArgs(account.Budget, account.Levels[i], account.Thresholds[i], NanoUsd.ToUsd(spent), totals.Start));
            }
        }
    }
}
