using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// A report source that reads each distinct <see cref="IReportSource.Group"/> once and hands the same groups to every later
/// request (<see cref="Shared"/> across sources), so a route's timing shows everything after its query: routing, the report
/// layer, JSON and the socket. Everything else is read from <paramref name="source"/> as usual.
/// </summary>
internal sealed class RememberedGroups(IReportSource source) : IReportSource
{
    private static readonly ConcurrentDictionary<string, List<SourceGroup>> Shared = new();

    public string Location => source.Location;

    public IEnumerable<SourceGroup> Group(ReportPeriod period, ReportFilter filter, ReportDimension[] dimensions, bool quarterHours) =>
        Shared.GetOrAdd(
            string.Join('|', period.FromUtc?.ToString("O", CultureInfo.InvariantCulture), period.ToUtc?.ToString("O", CultureInfo.InvariantCulture), period.Zone.Id, filter, string.Join(',', dimensions), quarterHours),
            _ => [.. source.Group(period, filter, dimensions, quarterHours)]);

    public CostTotals Totals(ReportPeriod period, ReportFilter filter) => source.Totals(period, filter);

    public List<string> PricingVersions(ReportPeriod period, ReportFilter filter) => source.PricingVersions(period, filter);

    public IEnumerable<object?[]> Calls(ReportPeriod period, ReportFilter filter, CallCursor? after = null, int? limit = null, bool newestFirst = false) =>
        source.Calls(period, filter, after, limit, newestFirst);

    public IEnumerable<UsageGroup> UsageGroups(ReportPeriod period, ReportFilter filter) => source.UsageGroups(period, filter);

    public (long Calls, long[] Values)? OutputTokenPercentiles(ReportPeriod period, ReportFilter filter, IReadOnlyList<decimal> fractions) =>
        source.OutputTokenPercentiles(period, filter, fractions);

    public List<LatestCall> LatestCalls(ReportFilter filter, int count) => source.LatestCalls(filter, count);

    public IReadOnlyList<BudgetStatusRow> BudgetStatus(DateTimeOffset nowUtc) => source.BudgetStatus(nowUtc);

    public Dictionary<long, BudgetSettings> BudgetSettings() => source.BudgetSettings();

    public (long Id, bool Created) SetBudget(LlmBudget budget) => source.SetBudget(budget);

    public bool EnableBudget(long id, bool enabled) => source.EnableBudget(id, enabled);

    public void UpdateBudget(long id, LlmBudget budget) => source.UpdateBudget(id, budget);

    public void RemoveBudget(long id) => source.RemoveBudget(id);

    public IReadOnlyList<BudgetAlertRow> Alerts(bool includeAcknowledged) => source.Alerts(includeAcknowledged);

    public void AcknowledgeAlert(long id) => source.AcknowledgeAlert(id);

    public ReportDatabaseException? Translate(Exception exception) => source.Translate(exception);

    public void Dispose() => source.Dispose();
}
