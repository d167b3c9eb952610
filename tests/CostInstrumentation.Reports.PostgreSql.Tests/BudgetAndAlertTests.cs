using CostInstrumentation.PostgreSql;
using CostInstrumentation.PostgreSql.Tests.Harness;
using CostInstrumentation.Reports.PostgreSql.Tests.Harness;

namespace CostInstrumentation.Reports.PostgreSql.Tests;

/// <summary>
/// Budgets and alerts read from the ledger's counters and alerts table equal the host's own (ids aside: the ledger
/// numbers them itself); acknowledging works on the ledger; budget changes are refused, since hosts publish them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BudgetAndAlertTests(PostgresServer server)
{
    [Fact]
    public async Task Budget_status_and_projections_equal_the_hosts()
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        var (file, ledger) = calls.Ask(r => r.Budgets(SameCalls.Now));
        Assert.Equal(SameCalls.Budgets.Length, ledger.Count);
        Assert.Contains(ledger, row => row.Status.SpentUsd > 0);
        Assert.Equal(string.Join('\n', Comparable(file)), string.Join('\n', Comparable(ledger)));
        Assert.Contains(ledger, row => row.Status.Source == "budgets.json");
        Assert.All(ledger, row => Assert.True(row.Declared));
    }

    [Fact]
    public async Task Alerts_equal_the_ones_the_shipper_raised_on_the_host()
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        var (file, ledger) = calls.Ask(r => r.Alerts(includeAcknowledged: true));
        Assert.True(ledger.Count >= 6, $"only {ledger.Count} alerts: the calls should cross several thresholds");
        Assert.Equal(Comparable(file), Comparable(ledger));
        Assert.Equal([.. ledger.Select(a => a.Id).Order()], Enumerable.Range(1, ledger.Count).Select(i => (long)i));
    }

    [Fact]
    public async Task An_alert_is_acknowledged_on_the_ledger_and_an_unknown_one_is_not_found()
    {
        // A ledger of its own: acknowledging changes it.
        using TestHost host = new(server);
        await using (LlmCostPipeline pipeline = LlmCostPipeline.Create(o =>
            o.UseSqlite(host.Outbox(1)).UsePostgreSql(host.ConnectionString).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 0.001m))))
        {
            for (int i = 0; i < 3; i++)
            {
                pipeline.Record(SameCalls.Calls[1] with { TimestampUtc = DateTimeOffset.UtcNow, CostUsd = 0.0004m });
            }

            await pipeline.FlushAsync();
        }

        using CostReports ledger = CostReports.Open(host.ConnectionString);
        IReadOnlyList<BudgetAlertRow> open = ledger.Alerts(includeAcknowledged: false);
        Assert.Equal(["0.8", "0.95", "1"], open.Select(a => a.Threshold).Order(StringComparer.Ordinal));
        BudgetAlertRow first = open[^1];
        ledger.AcknowledgeAlert(first.Id);
        ledger.AcknowledgeAlert(first.Id);
        Assert.DoesNotContain(ledger.Alerts(includeAcknowledged: false), a => a.Id == first.Id);
        BudgetAlertRow acknowledged = Assert.Single(ledger.Alerts(includeAcknowledged: true), a => a.Id == first.Id);
        Assert.NotNull(acknowledged.AcknowledgedUtc);
        Assert.Equal(first.Threshold, acknowledged.Threshold);
        Assert.Throws<ReportNotFoundException>(() => ledger.AcknowledgeAlert(99));
    }

    [Fact]
    public async Task Budget_changes_are_refused_with_where_to_make_them()
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        using CostReports ledger = CostReports.Open(calls.Ledger);
        ReportConflictException refused = Assert.Throws<ReportConflictException>(() => ledger.SetBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        Assert.Contains("hosts", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ReportConflictException>(() => ledger.EnableBudget(1, enabled: false));
        Assert.Throws<ReportConflictException>(() => ledger.RemoveBudget(1));
        Assert.Equal(SameCalls.Budgets.Length, ledger.Budgets(SameCalls.Now).Count);
    }

    /// <summary>Budget rows keyed by what they are rather than by each database's ids.</summary>
    private static List<string> Comparable(IEnumerable<BudgetReportRow> rows) =>
        [.. rows.Select(r => $"{r.Status with { Id = 0 }} warn at {string.Join(",", r.WarnAt)}: {r.Fallback} {r.Declared} {r.PeriodEndUtc:O} {r.LeftUsd} {r.DaysLeft} {r.AveragePerDayUsd} {r.ProjectedUsd} {r.LimitReachedUtc:O} {r.Health} {r.Enabled}").Order(StringComparer.Ordinal)];

    /// <summary>Alerts keyed by what they are: ids and the moment of raising are each database's own.</summary>
    private static List<string> Comparable(IEnumerable<BudgetAlertRow> rows) =>
        [.. rows.Select(a => $"{a.Scope}|{a.ScopeValue}|{a.Period}|{a.PeriodStartUtc:O}|{a.Threshold}|{a.SpentUsd}|{a.AcknowledgedUtc is null}").Order(StringComparer.Ordinal)];
}
