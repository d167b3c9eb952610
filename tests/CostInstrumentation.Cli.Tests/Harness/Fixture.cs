using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests.Harness;

/// <summary>
/// A database with something in every column the commands show: two providers, three models (one unpriced), two
/// projects, sessions, tags, failed calls, a call priced as a lower bound, October and November 2026 (the clock is 2026-11-18 15:30 UTC), a large cost
/// that must not be cut at 60 columns, a budget near its limit and an alert.
/// </summary>
internal static class Fixture
{
    public static async Task<TestDatabase> CreateAsync()
    {
        TestDatabase database = await TestDatabase.CreateAsync(
            CostDatabase.Call("2026-10-03T10:00:00Z", 2.5m, project: "alpha", session: "s-old", tags: ["batch"]),
            CostDatabase.Call("2026-10-20T10:00:00Z", 0.75m, model: "claude-sonnet-4-5", provider: "anthropic", project: "beta"),
            CostDatabase.Call("2026-11-02T08:00:00Z", 1234.567891234m, model: "claude-opus-4-1", provider: "anthropic", project: "alpha", session: "s1", tags: ["research", "batch"], operation: "App.Research.Deep", callSite: "Research.cs:42", usage: new LlmUsage(2_000_000, 90_000)),
            CostDatabase.Call("2026-11-16T09:15:00Z", 0.0123m, project: "alpha", session: "s1", tags: ["chat"]) with { CostIsLowerBound = true },
            CostDatabase.Call("2026-11-17T23:59:59Z", 0.5m, model: "claude-sonnet-4-5", provider: "anthropic", project: "beta", session: "s2", tags: ["chat"], operation: "App.Chat.Summarize", callSite: "Chat.cs:20"),
            CostDatabase.Call("2026-11-18T09:00:00Z", 0.125m, project: "alpha", session: "s2", outcome: LlmCallOutcome.Error),
            CostDatabase.Call("2026-11-18T11:00:00Z", null, model: "mystery-model", provider: "openai", project: "beta"),
            CostDatabase.Call("2026-11-18T12:00:00Z", 0.000000001m, model: "gpt-4o-mini", tags: ["chat"]));
        database.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, warn_at) VALUES ('project', 'beta', 'month', 600000000, 0, '[0.8,0.95]')");
        database.Execute("INSERT INTO budget_alerts (budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (1, '2026-11-01T00:00:00.0000000Z', '0.8', 500000000, '2026-11-17T23:59:59.0000000Z')");
        return database;
    }

    /// <summary>Every command (and the bare tool), with arguments that give it something to show.</summary>
    public static IEnumerable<string[]> Commands() =>
    [
        [],
        ["summary", "--detailed"],
        ["report", "--by", "model"],
        ["report", "--by", "tag", "--then-by", "project", "--period", "all"],
        ["report", "--by", "hour", "--period", "2026-11-18"],
        ["report", "--by", "project", "--then-by", "model", "--chart"],
        ["daily"],
        ["weekly"],
        ["monthly"],
        ["models"],
        ["tags"],
        ["callsites"],
        ["sessions"],
        ["sessions", "--id", "s1"],
        ["compare", "last-month", "this-month"],
        ["compare", "alpha", "beta", "--projects", "--by", "provider"],
        ["budget", "list"],
        ["budget", "status"],
        ["alerts"],
        ["statusline"],
    ];
}
