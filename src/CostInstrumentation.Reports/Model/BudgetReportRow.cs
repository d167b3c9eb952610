namespace CostInstrumentation.Reports;

/// <summary>How close a budget is to its limit.</summary>
public enum BudgetHealth
{
    /// <summary>Below its first warning fraction.</summary>
    Ok,

    /// <summary>At or past a warning fraction, below the limit.</summary>
    Warning,

    /// <summary>At or past the limit.</summary>
    Limit,

    /// <summary>Turned off (<c>llmcost budget disable</c>): the runtime does not enforce it, whatever it spent.</summary>
    Disabled,
}

/// <summary>
/// A budget's <see cref="Status"/> in its current (UTC) period, its settings, and where it is heading: what is left, the
/// average per elapsed day, the spend projected to the period's end at that pace, and when the limit will be reached at
/// that pace (null when it will not be within the period, or was already reached: see <see cref="Health"/>). Per-call
/// budgets have no running spend and no projection. A row that is not <see cref="Enabled"/> is not enforced.
/// </summary>
public sealed record BudgetReportRow(
    BudgetStatusRow Status,
    string? Fallback,
    IReadOnlyList<decimal> WarnAt,
    bool Declared,
    DateTimeOffset? PeriodEndUtc,
    decimal? LeftUsd,
    decimal? DaysLeft,
    decimal? AveragePerDayUsd,
    decimal? ProjectedUsd,
    DateTimeOffset? LimitReachedUtc,
    BudgetHealth Health,
    bool Enabled = true)
{
    /// <summary><c>global</c>, or <c>project=support</c>.</summary>
    public string Subject => Status.ScopeValue is null ? Status.Scope : $"{Status.Scope}={Status.ScopeValue}";
}
