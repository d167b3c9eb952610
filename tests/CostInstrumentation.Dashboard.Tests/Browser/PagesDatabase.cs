using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Dashboard.Tests.Browser;

/// <summary>
/// A cost database with something on every page: two providers, three models (one unpriced), projects, sessions and
/// tags — some of them script-injection payloads, as user text can be — failures, a global daily budget past its
/// warning, a project budget, and two open alerts.
/// </summary>
internal sealed class PagesDatabase : IDisposable
{
    /// <summary>A session id, project and tag that would run script if a page wrote them unencoded.</summary>
    public const string ScriptPayload = "<script>window.__pwned=1</script>";

    /// <summary>An attribute-breaking payload.</summary>
    public const string AttributePayload = "\"><img src=x onerror=\"window.__pwned=2\">";

    private readonly CostDatabase _database = new();

    public string Path => _database.DatabasePath;

    /// <summary>The catalogue the pages show: gpt-4o (with an alias and a long-context tier) and claude-sonnet-4-5.</summary>
    public static IReadOnlyList<ModelPrice> Prices { get; } =
    [
        new(new ModelPriceDefinition
        {
            Model = "gpt-4o",
            Provider = "openai",
            MaxInputTokens = 128_000,
            MaxOutputTokens = 16_384,
            Rates = new RateCard { Input = 0.0000025m, Output = 0.00001m, CacheRead = 0.00000125m },
            Aliases = ["gpt-4o-2024-08-06"],
        }),
        new(new ModelPriceDefinition
        {
            Model = "claude-sonnet-4-5",
            Provider = "anthropic",
            MaxInputTokens = 1_000_000,
            MaxOutputTokens = 64_000,
            Rates = new RateCard { Input = 0.000003m, Output = 0.000015m, CacheRead = 0.0000003m, CacheWrite = 0.00000375m },
            ContextTiers = [new ContextTier(200_000, new RateCard { Input = 0.000006m, Output = 0.0000225m })],
        }),
    ];

    public static async Task<PagesDatabase> CreateAsync()
    {
        PagesDatabase database = new();
        await database._database.WriteAsync(
            CostDatabase.Call("2026-10-20T10:00:00Z", 0.75m, model: "claude-sonnet-4-5", provider: "anthropic", project: "research", session: "s-old", tags: ["batch"], operation: "App.Research.Deep", callSite: "Research.cs:42", usage: new LlmUsage(40_000, 3_000)),
            CostDatabase.Call("2026-11-10T08:00:00Z", 1.234567891m, model: "claude-sonnet-4-5", provider: "anthropic", project: "research", session: "s1", tags: ["research", "batch"], operation: "App.Research.Deep", callSite: "Research.cs:42", usage: new LlmUsage(200_000, 40_000)),
            CostDatabase.Call("2026-11-16T09:15:00Z", 0.0123m, project: "support", session: "s1", tags: ["chat"], usage: new LlmUsage(1_000, 1_000)),
            CostDatabase.Call("2026-11-17T12:00:00Z", 0.5m, model: "claude-sonnet-4-5", provider: "anthropic", project: "support", session: "s2", tags: ["chat"], operation: "App.Chat.Summarize", callSite: "Chat.cs:20", usage: new LlmUsage(100_000, 13_333)),
            CostDatabase.Call("2026-11-18T09:00:00Z", 0.125m, project: "support", session: "s2", outcome: LlmCallOutcome.Error, usage: new LlmUsage(10_000, 10_000)),
            CostDatabase.Call("2026-11-18T11:00:00Z", null, model: "mystery-model", provider: "openai", project: "support", session: "s2"),
            CostDatabase.Call("2026-11-18T12:00:00Z", 0.000000001m, project: ScriptPayload, session: ScriptPayload, tags: [ScriptPayload, AttributePayload], callSite: AttributePayload),
            CostDatabase.Call("2026-11-18T14:00:00Z", 4.5m, project: "support", session: "s3", tags: ["chat"], usage: new LlmUsage(1_200_000, 150_000)));
        database._database.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, warn_at) VALUES ('global', NULL, 'day', 5000000000, 0, '[0.8,0.95]')");
        database._database.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, warn_at) VALUES ('project', 'research', 'month', 10000000000, 1, '[0.8]')");
        database._database.Execute("INSERT INTO budget_alerts (budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (1, '2026-11-18T00:00:00.0000000Z', '0.8', 4625000001, '2026-11-18T14:00:00.0000000Z')");
        database._database.Execute("INSERT INTO budget_alerts (budget_id, period_start, threshold, spent_nanousd, raised_utc) VALUES (1, '2026-11-18T00:00:00.0000000Z', '0.95', 4750000000, '2026-11-18T14:00:01.0000000Z')");
        return database;
    }

    /// <summary>Records more calls through the real sink.</summary>
    public Task WriteAsync(params LlmCallRecord[] records) => _database.WriteAsync(records);

    public void Dispose() => _database.Dispose();
}
