using System.IO;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>llmcost insights</c>: the anomaly rule, efficiency and savings, against SQL over the raw table.</summary>
public sealed class InsightsCommandTests() : PricedDatabaseTest(Prices)
{
    private const string Prices = """
        { "providers": { "openai": {
            "gpt-4o": { "input": 2.5, "output": 10, "cache_read": 1.25 },
            "gpt-4o-mini": { "input": 0.15, "output": 0.6, "cache_read": 0.075 } } } }
        """;

    private protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        // Ten ordinary $1 days (one session each), a $30 day and session, and a failed $0.50 call.
        List<LlmCallRecord> calls = [.. Enumerable.Range(1, 10).Select(d => CostDatabase.Call($"2026-11-{d:D2}T10:00:00Z", 1m, model: "gpt-4o-mini", session: $"s{d}",
            operation: "App.Bulk.Run", callSite: "Bulk.cs:5"))];
        calls.Add(CostDatabase.Call("2026-11-11T10:00:00Z", 30m, session: "s-spike") with { Usage = new LlmUsage(5_000, 700, CachedInputTokens: 3_000) });
        calls.Add(CostDatabase.Call("2026-11-12T10:00:00Z", 0.5m, session: "s12", outcome: LlmCallOutcome.Error));
        TestDatabase database = await TestDatabase.CreateAsync([.. calls]);
        return database;
    }

    [Fact]
    public void Finds_the_day_and_session_far_above_their_baseline_the_efficiency_and_a_cheaper_model()
    {
        CliResult result = CliRun.Run(["insights", "--pricing", Pricing, "--db", Database.Path, "--tz", "utc", "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.AnalysisReport(result.Out);
        JsonElement json = result.Json;
        // Median $1, MAD $0: only $30 is above median + 3 MAD and above 2× median; gpt-4o and Chat.cs:10 have too few days for a baseline.
        Assert.Equal(["day 2026-11-11 30", "session s-spike 30"],
            json.GetProperty("anomalies").EnumerateArray().Select(a => $"{a.GetProperty("kind").GetString()} {a.GetProperty("key").GetString()} {a.GetProperty("costUsd").GetString()}"));

        Dictionary<string, JsonElement> efficiency = json.GetProperty("efficiency").EnumerateArray().ToDictionary(e => e.GetProperty("model").GetString()!);
        JsonElement gpt4o = efficiency["gpt-4o"];
        Assert.Equal(Database.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE model = 'gpt-4o'"), gpt4o.GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(Database.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE model = 'gpt-4o' AND outcome <> 'ok'"), gpt4o.GetProperty("failedCostNanoUsd").GetInt64());
        Assert.Equal("15.25", gpt4o.GetProperty("perCallUsd").GetString());
        // 3,000 cache reads at $1.25 instead of $2.50 per 1M.
        Assert.Equal(Database.Scalar("SELECT sum(cached_input_tokens * (2500 - 1250)) FROM llm_calls WHERE model = 'gpt-4o'"), gpt4o.GetProperty("cachingSavedNanoUsd").GetInt64());
        Assert.Equal(Database.Scalar("SELECT sum(cost_nanousd) FROM llm_calls"), efficiency["all models"].GetProperty("costNanoUsd").GetInt64());

        JsonElement saving = Assert.Single(json.GetProperty("savings").EnumerateArray());
        Assert.Equal("App.Chat.Ask gpt-4o gpt-4o-mini", $"{saving.GetProperty("operation").GetString()} {saving.GetProperty("model").GetString()} {saving.GetProperty("alternative").GetString()}");
        long own = Database.Scalar("SELECT sum((input_tokens - cached_input_tokens) * 2500 + cached_input_tokens * 1250 + output_tokens * 10000) FROM llm_calls WHERE model = 'gpt-4o'");
        long mini = Database.Scalar("SELECT sum((input_tokens - cached_input_tokens) * 150 + cached_input_tokens * 75 + output_tokens * 600) FROM llm_calls WHERE model = 'gpt-4o'");
        Assert.Equal(own - mini, saving.GetProperty("savingNanoUsd").GetInt64());
    }

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    public void Renders_within_the_width(int width)
    {
        CliResult result = CliRun.Run(["insights", "--pricing", Pricing, "--db", Database.Path], width);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("s-spike", result.Terminal);
        Assert.Contains("gpt-4o-mini", result.Terminal);
        Assert.All(result.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
    }
}
