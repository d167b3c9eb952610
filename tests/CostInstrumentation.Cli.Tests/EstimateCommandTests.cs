using System.IO;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>llmcost estimate</c>: tokens counted with OpenAI's tokenizers (a band elsewhere), output from history, budget impact.</summary>
public sealed class EstimateCommandTests() : PricedDatabaseTest(Prices)
{
    private const string Prices = """
        {
          "providers": {
            "openai": { "gpt-4o": { "input": 2.5, "output": 10, "max_output": 16384 } },
            "anthropic": { "claude-sonnet-4-5": { "input": 3, "output": 15, "max_output": 64000 } }
          }
        }
        """;

    private protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        // 20 successful gpt-4o calls with 100, 200, … 2,000 output tokens; a failed one with a huge output does not count.
        List<LlmCallRecord> calls = [.. Enumerable.Range(1, 20).Select(i => CostDatabase.Call($"2026-11-{i:D2}T10:00:00Z", 0.01m, usage: new LlmUsage(1_000, i * 100), project: "alpha"))];
        calls.Add(CostDatabase.Call("2026-11-10T11:00:00Z", 0.5m, usage: new LlmUsage(1_000, 99_999), outcome: LlmCallOutcome.Error));
        TestDatabase database = await TestDatabase.CreateAsync([.. calls]);
        database.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, warn_at) VALUES ('global', NULL, 'month', 2000000000, 0, '[0.8]')");
        database.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, warn_at) VALUES ('model', 'gpt-4o', 'day', 100000000000, 1, '[0.8]')");
        database.Execute("INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, warn_at) VALUES ('project', 'beta', 'month', 1000000000, 0, '[0.8]')");
        return database;
    }

    [Fact]
    public void An_openai_prompt_is_counted_exactly_and_output_comes_from_the_history_percentiles()
    {
        CliResult result = CliRun.Run(["estimate", "--model", "gpt-4o", "--prompt", "Hello, world!", "--calls", "100", "--pricing", Pricing, "--db", Database.Path, "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.AnalysisReport(result.Out);
        JsonElement[] rows = [.. result.Json.GetProperty("estimate").EnumerateArray()];
        // o200k_base: "Hello" "," " world" "!". Nearest rank over 20 calls: the 10th (1,000) and the 19th (1,900).
        Assert.Equal(["typical 4 1000", "high 4 1900", "max output 4 16384"],
            rows.Select(r => $"{r.GetProperty("scenario").GetString()} {r.GetProperty("inputTokens").GetInt64()} {r.GetProperty("outputTokens").GetInt64()}"));
        Assert.Equal(4 * 2_500 + 1_000 * 10_000, rows[0].GetProperty("perCallNanoUsd").GetInt64());
        Assert.Equal((4 * 2_500 + 1_900 * 10_000) * 100, rows[1].GetProperty("totalNanoUsd").GetInt64());

        // The global and gpt-4o budgets cover the calls; beta's project budget does not.
        Dictionary<string, JsonElement> budgets = result.Json.GetProperty("budgets").EnumerateArray().ToDictionary(b => b.GetProperty("budget").GetString()!);
        Assert.Equal(["global", "model=gpt-4o"], budgets.Keys.Order());
        long monthSpent = Database.Scalar("SELECT sum(cost_nanousd) FROM llm_calls WHERE ts_utc >= '2026-11-01' AND ts_utc < '2026-12-01'");
        Assert.Equal(monthSpent, budgets["global"].GetProperty("spentNanoUsd").GetInt64());
        Assert.Equal(monthSpent + rows[1].GetProperty("totalNanoUsd").GetInt64(), budgets["global"].GetProperty("afterNanoUsd").GetInt64());
        Assert.Equal("exceeds", budgets["global"].GetProperty("verdict").GetString());
        Assert.Equal("fits", budgets["model=gpt-4o"].GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    public void A_provider_without_a_public_tokenizer_gets_a_band_said_to_be_an_approximation(int width)
    {
        string prompt = Path.Combine(Database.Folder, "prompt.txt");
        File.WriteAllText(prompt, "Hello, world!");

        CliResult json = CliRun.Run(["estimate", "--model", "claude-sonnet-4-5", "--file", prompt, "--max-output", "500", "--pricing", Pricing, "--db", Database.Path, "--format", "json"]);
        CliResult table = CliRun.Run(["estimate", "--model", "claude-sonnet-4-5", "--file", prompt, "--max-output", "500", "--pricing", Pricing, "--db", Database.Path], width);

        Assert.True(json.ExitCode == 0, json.Error);
        SchemaCheck.AnalysisReport(json.Out);
        JsonElement[] rows = [.. json.Json.GetProperty("estimate").EnumerateArray()];
        // cl100k_base counts 4: the band is floor(0.9 × 4) to ceil(1.3 × 4).
        Assert.Equal([3L, 6L], rows.Take(2).Select(r => r.GetProperty("inputTokens").GetInt64()));
        Assert.Equal([500L, 500L], rows.Take(2).Select(r => r.GetProperty("outputTokens").GetInt64()));
        Assert.Equal(6 * 3_000 + 500 * 15_000, rows[1].GetProperty("perCallNanoUsd").GetInt64());
        Assert.Contains("approximation", table.Terminal);
        Assert.Contains("3–6", table.Terminal);
        Assert.All(table.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
    }

    [Fact]
    public void The_prompt_must_be_given_exactly_one_way()
    {
        CliResult none = CliRun.Run(["estimate", "--model", "gpt-4o", "--pricing", Pricing, "--db", Database.Path]);
        CliResult unknown = CliRun.Run(["estimate", "--model", "gpt-4-o", "--prompt", "x", "--pricing", Pricing, "--db", Database.Path]);

        Assert.Equal(2, none.ExitCode);
        Assert.Contains("one way", none.Error);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("did you mean 'gpt-4o'", unknown.Error);
    }
}
