namespace CostInstrumentation;

/// <summary>
/// One budget's counters for its current UTC period, in nano-USD. <see cref="PeriodTotals.Used"/> (spent + reserved) is
/// what admission checks and reserves with one compare-and-swap; a new period starts with fresh totals.
/// </summary>
internal sealed class BudgetAccount
{
    private PeriodTotals _current;

    internal BudgetAccount(LlmBudget budget, long? storeId, DateTimeOffset now)
    {
        Budget = budget;
        StoreId = storeId;
        LimitNano = NanoUsd.Saturated(budget.LimitUsd);
        decimal[] warnAt = [.. budget.WarnAt.Where(f => f is > 0m and < 1m).Distinct().Order()];
        Thresholds = [.. warnAt.Select(f => Normalize(f)), 1m];
        Levels = [.. warnAt.Select((_, i) => warnAt.Length >= 2 && i == warnAt.Length - 1 ? BudgetAlertLevel.Critical : BudgetAlertLevel.Warning), BudgetAlertLevel.Exceeded];
        ThresholdNano = [.. Thresholds.Select(f => (long)decimal.Ceiling(LimitNano * f))];
        _current = NewTotals(now);
    }

    internal LlmBudget Budget { get; }

    /// <summary>The budget's row in the <c>budgets</c> table, when SQLite is configured.</summary>
    internal long? StoreId { get; }

    internal long LimitNano { get; }

    /// <summary>The alert thresholds as fractions, ascending, ending with 1 (exceeded).</summary>
    internal decimal[] Thresholds { get; }

    internal BudgetAlertLevel[] Levels { get; }

    internal long[] ThresholdNano { get; }

    internal bool IsPerCall => Budget.Period == BudgetPeriod.PerCall;

    /// <summary>The totals of the period containing <paramref name="now"/>, starting a new period when the last one ended.</summary>
    internal PeriodTotals Current(DateTimeOffset now)
    {
        PeriodTotals totals = Volatile.Read(ref _current);
        while (now >= totals.End)
        {
            PeriodTotals next = NewTotals(now);
            PeriodTotals seen = Interlocked.CompareExchange(ref _current, next, totals);
            totals = ReferenceEquals(seen, totals) ? next : seen;
        }

        return totals;
    }

    /// <summary>The alert thresholds already raised in a period, as their bits (restored from storage on restart).</summary>
    internal int MaskOf(IEnumerable<decimal> thresholds)
    {
        int mask = 0;
        foreach (decimal threshold in thresholds)
        {
            int index = Array.IndexOf(Thresholds, Normalize(threshold));
            if (index >= 0)
            {
                mask |= 1 << index;
            }
        }

        return mask;
    }

    /// <summary>Drops trailing zeros, so 0.80 and 0.8 are one threshold (and one <c>budget_alerts</c> key).</summary>
    internal static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    private PeriodTotals NewTotals(DateTimeOffset now)
    {
        DateTimeOffset start = UtcPeriods.Start(Budget.Period, now);
        return new PeriodTotals(start, IsPerCall ? DateTimeOffset.MaxValue : UtcPeriods.End(Budget.Period, start));
    }

    /// <summary>One period's counters; fields so that <see cref="Interlocked"/> can work on them.</summary>
    internal sealed class PeriodTotals(DateTimeOffset start, DateTimeOffset end)
    {
        internal long Spent;
        internal long Reserved;
        internal long Used;
        internal int Alerted;

        internal DateTimeOffset Start { get; } = start;

        internal DateTimeOffset End { get; } = end;
    }
}
