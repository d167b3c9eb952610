using System.Globalization;
using System.IO;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>llmcost whatif</c> and <c>reprice</c>: recorded usage priced again, exactly, against SQL over the raw table.</summary>
public sealed class RepriceCommandTests() : PricedDatabaseTest(Prices)
{
    /// <summary>gpt-4o-mini with a cache-read rate, o3 without one (cache reads then cost its input rate), and a tiered model.</summary>
    private const string Prices = """
        {
          "as_of": "2026-11-15",
          "providers": {
            "openai": {
              "gpt-4o-mini": { "input": 0.15, "output": 0.6, "cache_read": 0.075 },
              "o3": { "input": 2, "output": 8 },
              "gpt-long": { "input": 1, "output": 2, "long_context": [ { "above": 100000, "input": 3, "output": 4 } ] }
            }
          }
        }
        """;

    private protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        TestDatabase database = await Fixture.CreateAsync();
        await database.WriteAsync([
            CostDatabase.Call("2026-11-05T10:00:00Z", 0.02m, model: "gpt-4o") with { Usage = new LlmUsage(5_000, 700, CachedInputTokens: 3_000) },
            CostDatabase.Call("2026-11-05T11:00:00Z", 0.02m, model: "gpt-4o") with { Usage = new LlmUsage(5_000, 700, CachedInputTokens: 3_000) },
        ]);
        return database;
    }

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    public void Whatif_renders_within_the_width(int width)
    {
        CliResult result = CliRun.Run(["whatif", "--as", "o3", "--pricing", Pricing, "--db", Database.Path], width);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("o3", result.Terminal);
        Assert.All(result.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
    }

    [Fact]
    public void Whatif_prices_every_call_as_the_model_exactly_as_sql_over_the_token_counts()
    {
        CliResult result = CliRun.Run(["whatif", "--as", "o3", "--pricing", Pricing, "--db", Database.Path, "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.AnalysisReport(result.Out);
        JsonElement total = result.Json.GetProperty("total")[0];
        const string Month = "ts_utc >= '2026-11-01' AND ts_utc < '2026-12-01'";
        // o3: $2 / $8 per 1M = 2,000 / 8,000 nano-USD per token; no cache rate, so cache reads cost the input rate.
        long expected = Database.Scalar($"SELECT sum(input_tokens * 2000 + output_tokens * 8000) FROM llm_calls WHERE {Month}");
        Assert.Equal(expected, total.GetProperty("repricedNanoUsd").GetInt64());
        Assert.Equal(Database.Scalar($"SELECT sum(cost_nanousd) FROM llm_calls WHERE {Month}"), total.GetProperty("recordedNanoUsd").GetInt64());
        Assert.Equal(Database.Scalar($"SELECT count(*) - count(cost_nanousd) FROM llm_calls WHERE {Month}"), total.GetProperty("recordedUnpriced").GetInt64());
        Assert.Equal(0, total.GetProperty("repricedUnpriced").GetInt64());
        // The difference leaves out the unpriced mystery-model call: it has no recorded cost to compare with.
        long comparable = Database.Scalar($"SELECT sum(input_tokens * 2000 + output_tokens * 8000 - cost_nanousd) FROM llm_calls WHERE {Month} AND cost_nanousd IS NOT NULL");
        Assert.Equal(comparable, total.GetProperty("differenceNanoUsd").GetInt64());
        Assert.Equal(["claude-opus-4-1", "claude-sonnet-4-5", "gpt-4o", "gpt-4o-mini", "mystery-model"],
            result.Json.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()));
    }

    [Fact]
    public void Whatif_uses_the_cache_read_rate_and_long_context_tiers_of_the_target()
    {
        CliResult mini = CliRun.Run(["whatif", "--as", "gpt-4o-mini", "--pricing", Pricing, "--db", Database.Path, "--model", "gpt-4o", "--format", "json"]);
        CliResult tiered = CliRun.Run(["whatif", "--as", "gpt-long", "--pricing", Pricing, "--db", Database.Path, "--format", "json", "--period", "2026-11-02"]);

        Assert.True(mini.ExitCode == 0, mini.Error);
        const string Where = "model = 'gpt-4o' AND ts_utc >= '2026-11-01' AND ts_utc < '2026-12-01'";
        long expected = Database.Scalar($"SELECT sum((input_tokens - cached_input_tokens) * 150 + cached_input_tokens * 75 + output_tokens * 600) FROM llm_calls WHERE {Where}");
        Assert.Equal(expected, mini.Json.GetProperty("total")[0].GetProperty("repricedNanoUsd").GetInt64());
        // The research call has 2,000,000 input tokens: above 100,000, so the whole call is billed at the tier ($3 / $4).
        Assert.Equal(2_000_000L * 3_000 + 90_000L * 4_000, tiered.Json.GetProperty("total")[0].GetProperty("repricedNanoUsd").GetInt64());
    }

    [Fact]
    public void Reprice_prices_each_call_by_its_own_model_and_counts_the_models_the_file_lacks_apart()
    {
        CliResult result = CliRun.Run(["reprice", "--pricing", Pricing, "--db", Database.Path, "--format", "json", "--period", "all"]);

        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.AnalysisReport(result.Out);
        Dictionary<string, JsonElement> models = result.Json.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        long mini = Database.Scalar("SELECT sum(input_tokens * 150 + output_tokens * 600) FROM llm_calls WHERE model = 'gpt-4o-mini'");
        Assert.Equal(mini, models["gpt-4o-mini"].GetProperty("repricedNanoUsd").GetInt64());
        Assert.Equal("gpt-4o-mini", models["gpt-4o-mini"].GetProperty("pricedAs").GetString());
        Assert.Equal(JsonValueKind.Null, models["gpt-4o"].GetProperty("pricedAs").ValueKind);
        Assert.Equal(Database.Scalar("SELECT count(*) FROM llm_calls WHERE model = 'gpt-4o'"), models["gpt-4o"].GetProperty("repricedUnpriced").GetInt64());
        Assert.Equal("0", models["gpt-4o"].GetProperty("repricedUsd").GetString());
        JsonElement total = result.Json.GetProperty("total")[0];
        Assert.Equal(Database.Scalar("SELECT count(*) FROM llm_calls WHERE model NOT IN ('gpt-4o-mini')"), total.GetProperty("repricedUnpriced").GetInt64());
        Assert.Equal(mini, total.GetProperty("repricedNanoUsd").GetInt64());
        Assert.Equal(mini - Database.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE model = 'gpt-4o-mini'"), total.GetProperty("differenceNanoUsd").GetInt64());
    }

    [Fact]
    public void Whatif_with_an_unpriced_model_suggests_the_nearest_names()
    {
        CliResult result = CliRun.Run(["whatif", "--as", "o4", "--pricing", Pricing, "--db", Database.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean 'o3'", result.Error);
    }
}
