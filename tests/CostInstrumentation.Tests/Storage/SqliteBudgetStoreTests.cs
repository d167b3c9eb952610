namespace CostInstrumentation.Tests.Storage;

/// <summary>The SQLite <see cref="ILlmBudgetStore"/> on its own: the rows and alerts the runtime reads and writes, and acknowledging.</summary>
public sealed class SqliteBudgetStoreTests : SqliteTestDatabase
{
    private static readonly DateTimeOffset PeriodStart = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AStoredAlert_IsRaisedOnce_ReadBack_AndAcknowledgedOnce()
    {
        LlmBudget budget = new(BudgetScope.Project, "shop", BudgetPeriod.Day, 1m) { Source = "store test" };
        await using (ILlmBudgetStore store = new SqliteBudgetStore(DatabasePath, new LlmCostErrorReporter(null, static _ => { })))
        {
            long id = store.Upsert(budget);
            Assert.Equal(id, store.Upsert(budget)); // the same declaration keeps its row
            Assert.Empty(store.LoadEntered()); // a mirror of a declared budget is not an entered row

            store.Enqueue(id, new LlmBudgetAlertEventArgs(budget, BudgetAlertLevel.Warning, 0.8m, 0.85m, PeriodStart));
            store.Enqueue(id, new LlmBudgetAlertEventArgs(budget, BudgetAlertLevel.Warning, 0.8m, 0.9m, PeriodStart)); // the same threshold again
            await store.FlushAsync(CancellationToken.None);
            Assert.Equal([0.8m], store.Raised(id, PeriodStart));
            Assert.Empty(store.Raised(id, PeriodStart.AddDays(1)));

            long alert = Assert.Single(AlertsOf()).Id;
            store.AcknowledgeAlert(alert);
            DateTimeOffset? first = Assert.Single(AlertsOf()).AcknowledgedUtc;
            Assert.NotNull(first);
            store.AcknowledgeAlert(alert);
            Assert.Equal(first, Assert.Single(AlertsOf()).AcknowledgedUtc);
            Assert.Throws<ArgumentException>(() => store.AcknowledgeAlert(alert + 1));
        }

        IReadOnlyList<BudgetAlertRow> AlertsOf()
        {
            using LlmCostQuery query = LlmCostQuery.Open(DatabasePath);
            return query.Alerts(includeAcknowledged: true);
        }
    }

    [Fact]
    public async Task AnEnteredRow_IsLoadedWithItsId()
    {
        await using ILlmBudgetStore store = new SqliteBudgetStore(DatabasePath, new LlmCostErrorReporter(null, static _ => { }));
        using (Microsoft.Data.Sqlite.SqliteConnection db = Open())
        {
            Execute(db, "INSERT INTO budgets (id, scope, scope_value, period, limit_nanousd, hard_limit) VALUES (7, 'model', 'gpt-4o', 'month', 2500000000, 1)");
        }

        (long id, LlmBudget budget) = Assert.Single(store.LoadEntered());
        Assert.Equal(7, id);
        Assert.Equal((BudgetScope.Model, "gpt-4o", BudgetPeriod.Month, 2.5m, true), (budget.Scope, budget.ScopeValue, budget.Period, budget.LimitUsd, budget.HardLimit));
    }
}
