namespace CostInstrumentation.Reports;

/// <summary>What an estimate needs from the history: typical output lengths and the budgets a new call would count against.</summary>
public sealed partial class CostReports
{
    private static readonly decimal[] MedianAnd95th = [0.5m, 0.95m];

    /// <summary>
    /// The median and 95th-percentile output tokens (nearest rank) of the successful calls <paramref name="filter"/> selects over
    /// all time, with their number; null when there are none.
    /// </summary>
    public OutputTokenHistory? OutputTokens(ReportFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Read(() => _source.OutputTokenPercentiles(ReportPeriod.All(TimeZoneInfo.Utc), filter with { Outcome = "ok" }, MedianAnd95th) is ({ } calls, [var p50, var p95])
            ? new OutputTokenHistory(calls, p50, p95)
            : null);
    }

    /// <summary>The budgets a call with these fields would count against (matched by the runtime's own scope rule), with their current spend.</summary>
    public IReadOnlyList<BudgetReportRow> BudgetsCovering(DateTimeOffset nowUtc, string provider, string model, string? project, string? operation, IReadOnlyList<string> tags)
    {
        BudgetSubject subject = new(provider, model, project, null, tags, operation);
        return [.. Budgets(nowUtc).Where(row => row.Enabled && BudgetNames.TryParse(row.Status.Scope, out BudgetScope scope)
            && BudgetNames.TryParse(row.Status.Period, out BudgetPeriod period)
            && subject.Matches(new LlmBudget(scope, row.Status.ScopeValue, period, row.Status.LimitUsd)))];
    }

    /// <summary>Whether a budget limits each call rather than a period's spend.</summary>
    public static bool IsPerCall(BudgetReportRow budget) =>
        BudgetNames.TryParse(budget.Status.Period, out BudgetPeriod period) && period == BudgetPeriod.PerCall;
}

/// <summary>Output tokens of past calls: how many calls, their median and 95th percentile.</summary>
public sealed record OutputTokenHistory(long Calls, long Median, long Percentile95);
