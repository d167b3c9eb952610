using CostInstrumentation.Tests.Budgets;

namespace CostInstrumentation.Tests.Query;

public sealed class QueryBudgetTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero); // a Wednesday

    private readonly CostDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private Task SeedAsync() => _db.WriteAsync(
        CostDatabase.Call("2026-11-24T23:59:59.9999999Z", 1m, model: "gpt-4o", project: "web", session: "s1", tags: ["prod"], operation: "App.Chat.Ask"),
        CostDatabase.Call("2026-11-25T00:00:00Z", 2m, model: "gpt-4o", project: "web", session: "s1", tags: ["prod", "chat"], operation: "App.Chat.Summarize"),
        CostDatabase.Call("2026-11-25T11:00:00Z", 4m, model: "claude-sonnet-4-5", provider: "anthropic", project: "batch", session: "s2", operation: "App.Batch.Run"),
        CostDatabase.Call("2026-11-22T10:00:00Z", 8m, model: "gpt-4o", project: "web", operation: "App.Chat.Ask"),
        CostDatabase.Call("2026-10-30T10:00:00Z", 16m, model: "gpt-4o", project: "web", operation: "App.Chat.Ask"));

    private void AddBudget(string scope, string? value, string period, long limitNanoUsd, bool hard = false) =>
        _db.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit) VALUES ($p0, $p1, $p2, $p3, $p4)", scope, value, period, limitNanoUsd, hard ? 1 : 0);

    [Fact]
    public async Task BudgetStatus_OfAModelBudget_CountsCallsRecordedUnderItsAliases_AsEnforcementDoes()
    {
        ModelPrice price = BudgetTestData.Price(BudgetTestData.Model); // registers the table naming the alias
        await _db.WriteAsync(
            CostDatabase.Call("2026-11-25T09:00:00Z", 1m, model: BudgetTestData.ModelSnapshot),
            CostDatabase.Call("2026-11-25T10:00:00Z", 2m, model: price.Model),
            CostDatabase.Call("2026-11-25T11:00:00Z", 4m, model: BudgetTestData.Cheap));
        AddBudget("model", BudgetTestData.Model, "day", 10_000_000_000);
        AddBudget("model", BudgetTestData.ModelSnapshot, "day", 10_000_000_000);

        using LlmCostQuery query = _db.Open();

        Assert.Equal([3m, 3m], query.BudgetStatus(Now).Select(b => b.SpentUsd));
    }

    [Fact]
    public async Task BudgetStatus_SpentInTheCurrentPeriodOfEachScope()
    {
        await SeedAsync();
        AddBudget("global", null, "month", 100_000_000_000);            // 1
        AddBudget("model", "gpt-4o", "day", 4_000_000_000, hard: true);  // 2
        AddBudget("provider", "anthropic", "week", 8_000_000_000);      // 3
        AddBudget("project", "web", "year", 31_000_000_000);            // 4
        AddBudget("session", "s1", "week", 3_000_000_000);              // 5
        AddBudget("tag", "prod", "day", 1_000_000_000);                 // 6
        AddBudget("operation", "App.Chat.*", "week", 10_000_000_000);   // 7
        AddBudget("operation", "App.Chat.Ask", "month", 50_000_000_000); // 8
        AddBudget("model", "gpt-4o", "per_call", 500_000_000);              // 9

        using LlmCostQuery query = _db.Open();
        IReadOnlyList<BudgetStatusRow> rows = query.BudgetStatus(Now);

        DateTimeOffset today = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                new BudgetStatusRow(1, "global", null, "month", 100m, 15m, 0.15m, false, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), null),
                new BudgetStatusRow(2, "model", "gpt-4o", "day", 4m, 2m, 0.5m, true, today, null),
                new BudgetStatusRow(3, "provider", "anthropic", "week", 8m, 4m, 0.5m, false, monday, null),
                new BudgetStatusRow(4, "project", "web", "year", 31m, 27m, 27m / 31m, false, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), null),
                new BudgetStatusRow(5, "session", "s1", "week", 3m, 3m, 1m, false, monday, null),
                new BudgetStatusRow(6, "tag", "prod", "day", 1m, 2m, 2m, false, today, null),
                new BudgetStatusRow(7, "operation", "App.Chat.*", "week", 10m, 3m, 0.3m, false, monday, null),
                new BudgetStatusRow(8, "operation", "App.Chat.Ask", "month", 50m, 9m, 0.18m, false, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), null),
                new BudgetStatusRow(9, "model", "gpt-4o", "per_call", 0.5m, 0m, 0m, false, Now, null), // per-call: checked per call
            ],
            rows);
    }

    [Fact]
    public async Task BudgetStatus_MatchesAProviderBudgetIgnoringCase_AsEnforcementDoes()
    {
        await SeedAsync();
        AddBudget("provider", "Anthropic", "week", 8_000_000_000); // the ledger and the restart query compare providers case-insensitively

        using LlmCostQuery query = _db.Open();

        Assert.Equal(4m, Assert.Single(query.BudgetStatus(Now)).SpentUsd);
        query.UseRollups = false;
        Assert.Equal(4m, Assert.Single(query.BudgetStatus(Now)).SpentUsd);
    }

    [Fact]
    public async Task BudgetStatus_ReadsWhereEachBudgetWasDeclared()
    {
        await SeedAsync();
        _db.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, source) VALUES ('global', NULL, 'day', 1000000000, 'App.Chat (attribute)')");

        using LlmCostQuery query = _db.Open();

        Assert.Equal("App.Chat (attribute)", Assert.Single(query.BudgetStatus(Now)).Source);
    }

    [Fact]
    public async Task Alerts_NewestFirst_AcknowledgedOnlyWhenAsked()
    {
        await SeedAsync();
        AddBudget("global", null, "month", 10_000_000_000);
        AddBudget("tag", "prod", "day", 1_000_000_000, hard: true);
        _db.Execute("INSERT INTO budget_alerts (budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (1, '2026-11-01T00:00:00.0000000Z', '0.8', 8100000000, '2026-11-20T10:00:00.0000000Z')");
        _db.Execute("INSERT INTO budget_alerts (budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (2, '2026-11-25T00:00:00.0000000Z', '1', 1000000001, '2026-11-25T10:00:00.0000000Z')");
        _db.Execute("INSERT INTO budget_alerts (budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (1, '2026-11-01T00:00:00.0000000Z', '0.95', 9500000000, '2026-11-25T10:00:00.0000000Z')");

        using (LlmCostQuery query = _db.Open())
        {
            Assert.Equal([3L, 2L, 1L], query.Alerts().Select(a => a.Id));
            BudgetAlertRow hard = query.Alerts()[1];
            Assert.Equal(new BudgetAlertRow(2, 2, "tag", "prod", "day", new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), "1", 1.000000001m, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), null), hard);
        }

        DateTimeOffset before = DateTimeOffset.UtcNow;
        LlmCostQuery.AcknowledgeAlert(_db.DatabasePath, 2);
        DateTimeOffset after = DateTimeOffset.UtcNow;
        LlmCostQuery.AcknowledgeAlert(_db.DatabasePath, 2); // twice: the first time stays

        using (LlmCostQuery query = _db.Open())
        {
            Assert.Equal([3L, 1L], query.Alerts().Select(a => a.Id));
            IReadOnlyList<BudgetAlertRow> all = query.Alerts(includeAcknowledged: true);
            Assert.Equal([3L, 2L, 1L], all.Select(a => a.Id));
            DateTimeOffset acknowledged = all[1].AcknowledgedUtc!.Value;
            Assert.InRange(acknowledged, before, after);
        }

        ArgumentException unknown = Assert.Throws<ArgumentException>(() => LlmCostQuery.AcknowledgeAlert(_db.DatabasePath, 42));
        Assert.Contains("42", unknown.Message, StringComparison.Ordinal);
    }
}
