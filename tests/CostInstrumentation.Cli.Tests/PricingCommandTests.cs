using System.Globalization;
using System.IO;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>llmcost pricing</c>: the generator's parser behind list, show, check, diff and update.</summary>
public sealed class PricingCommandTests : IDisposable
{
    private const string Prices = """
        {
          "as_of": "2026-11-01",
          "providers": {
            "openai": {
              "gpt-4o": { "input": 2.5, "output": 10, "cache_read": 1.25, "context_window": 128000, "max_output": 16384, "aliases": ["gpt-4o-2024-08-06"] },
              "gpt-4o-mini": { "input": 0.15, "output": 0.6, "batch": { "input": 0.075, "output": 0.3 } }
            },
            "anthropic": {
              "claude-sonnet-4-5": { "input": 3, "output": 15, "cache_read": 0.3, "cache_write": 3.75, "long_context": [ { "above": 200000, "input": 6, "output": 22.5 } ] }
            }
          }
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("llmcost-pricing-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    public void List_shows_every_model_of_the_files_within_the_width(int width)
    {
        string file = Write("mine.json", Prices);

        CliResult result = CliRun.Run(["pricing", "list", "--pricing", file], width, currentDirectory: _folder);

        Assert.True(result.ExitCode == 0, result.Error);
        foreach (string model in new[] { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5" })
        {
            Assert.Contains(model, result.Terminal);
        }

        Assert.Contains("$2.50", result.Terminal);
        Assert.Contains("3 model(s)", result.Terminal);
        Assert.All(result.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
    }

    [Fact]
    public void List_json_carries_exact_per_million_rates_and_matches_the_schema()
    {
        string file = Write("mine.json", Prices);

        CliResult result = CliRun.Run(["pricing", "list", "--pricing", file, "--format", "json", "--model", "gpt-4o*"], currentDirectory: _folder);

        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.AnalysisReport(result.Out);
        JsonElement[] models = [.. result.Json.GetProperty("models").EnumerateArray()];
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], models.Select(m => m.GetProperty("model").GetString()));
        Assert.Equal("2.5", models[0].GetProperty("inputUsd").GetString());
        Assert.Equal("1.25", models[0].GetProperty("cacheReadUsd").GetString());
        // No cache rate stated: a cache read costs the input rate, never $0.
        Assert.Equal("0.15", models[1].GetProperty("cacheReadUsd").GetString());
        Assert.Equal(["2026-11-01"], result.Json.GetProperty("pricingVersions").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Show_gives_every_rate_schedule_of_a_model_found_by_alias()
    {
        string file = Write("mine.json", Prices);

        CliResult result = CliRun.Run(["pricing", "show", "claude-sonnet-4-5", "--pricing", file, "--format", "json"], currentDirectory: _folder);
        CliResult alias = CliRun.Run(["pricing", "show", "gpt-4o-2024-08-06", "--pricing", file], 80, currentDirectory: _folder);

        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.AnalysisReport(result.Out);
        JsonElement[] rates = [.. result.Json.GetProperty("rates").EnumerateArray()];
        Assert.Equal(["standard", "input > 200,000"], rates.Select(r => r.GetProperty("scope").GetString()));
        Assert.Equal("22.5", rates[1].GetProperty("outputUsd").GetString());
        Assert.Equal("0.3", rates[1].GetProperty("cacheReadUsd").GetString());
        Assert.Equal(0, alias.ExitCode);
        Assert.Contains("gpt-4o", alias.Terminal);
        Assert.Contains("128,000", alias.Terminal);
    }

    [Fact]
    public void Show_of_an_unpriced_model_suggests_the_nearest_names()
    {
        string file = Write("mine.json", Prices);

        CliResult result = CliRun.Run(["pricing", "show", "gpt-4-o", "--pricing", file], currentDirectory: _folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'gpt-4-o' is not priced", result.Error);
        Assert.Contains("did you mean 'gpt-4o'", result.Error);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(120)]
    public void Check_reports_located_problems_with_their_ids_and_fails_on_an_error(int width)
    {
        string bad = Write("bad.json", "{\n  \"providers\": {\n    \"openai\": {\n      \"gpt-x\": { \"input\": -1, \"ouput\": 2 }\n    }\n  }\n}\n");
        string good = Write("good.json", Prices);

        CliResult result = CliRun.Run(["pricing", "check", bad, good, "--format", "json"], currentDirectory: _folder);
        CliResult table = CliRun.Run(["pricing", "check", bad], width, currentDirectory: _folder);
        CliResult clean = CliRun.Run(["pricing", "check", good], width, currentDirectory: _folder);

        Assert.Equal(1, result.ExitCode);
        SchemaCheck.AnalysisReport(result.Out);
        JsonElement[] problems = [.. result.Json.GetProperty("problems").EnumerateArray()];
        JsonElement negative = Assert.Single(problems, p => p.GetProperty("id").GetString() == "LLMC003");
        Assert.Equal("bad.json:4:27", negative.GetProperty("location").GetString());
        Assert.Equal("error", negative.GetProperty("severity").GetString());
        JsonElement typo = Assert.Single(problems, p => p.GetProperty("id").GetString() == "LLMC004");
        Assert.Equal("bad.json:4:31", typo.GetProperty("location").GetString());
        Assert.Contains("did you mean 'output'", typo.GetProperty("message").GetString());
        Assert.Equal(1, table.ExitCode);
        Assert.Contains("LLMC003", table.Terminal);
        Assert.All(table.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("0 error(s)", clean.Terminal);
    }

    [Fact]
    public void Diff_lists_added_removed_and_repriced_models_with_the_relative_change()
    {
        string before = Write("a.json", Prices);
        string after = Write("b.json", Prices.Replace("\"input\": 2.5", "\"input\": 2", StringComparison.Ordinal)
            .Replace("\"gpt-4o-mini\"", "\"gpt-5-mini\"", StringComparison.Ordinal)
            .Replace("\"above\": 200000", "\"above\": 100000", StringComparison.Ordinal));

        CliResult result = CliRun.Run(["pricing", "diff", before, after, "--format", "json"], currentDirectory: _folder);

        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.AnalysisReport(result.Out);
        string[] rows = [.. result.Json.GetProperty("changes").EnumerateArray().Select(c =>
            $"{c.GetProperty("model").GetString()} {c.GetProperty("kind").GetString()} {c.GetProperty("field").GetString()} {c.GetProperty("oldUsd")} {c.GetProperty("newUsd")} {c.GetProperty("change")}")];
        Assert.Equal(
        [
            "claude-sonnet-4-5 changed tiers   ",
            "gpt-4o changed input 2.5 2 -0.2",
            // Cache writes were billed at the input rate (no rate stated), so they follow it.
            "gpt-4o changed cache_write 2.5 2 -0.2",
            "gpt-4o-mini removed  0.15  ",
            "gpt-5-mini added   0.15 ",
        ], rows);
    }

    [Fact]
    public async Task Update_keeps_asked_recorded_and_project_models_from_a_loopback_catalogue_in_the_own_format()
    {
        const string Catalogue = """
            {
              "sample_spec": { "input_cost_per_token": 0 },
              "gpt-4o": { "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1e-06, "max_input_tokens": 128000, "max_output_tokens": 16384 },
              "gpt-4o-mini": { "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07 },
              "claude-sonnet-4-5": { "litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "input_cost_per_token_above_200k_tokens": 6e-06, "output_cost_per_token_above_200k_tokens": 2.25e-05 },
              "o3": { "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06 },
              "unused-model": { "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06 }
            }
            """;
        using LoopbackServer server = new(Catalogue);
        Directory.CreateDirectory(Path.Combine(_folder, "pricing"));
        Write(Path.Combine("pricing", "base.json"), """{ "providers": { "openai": { "gpt-4o": { "input": 2.5, "output": 10 } } } }""");
        using TestDatabase database = await TestDatabase.CreateAsync(CostDatabase.Call("2026-11-10T10:00:00Z", 0.01m, model: "claude-sonnet-4-5", provider: "anthropic"));

        CliResult result = CliRun.Run(["pricing", "update", "--from", server.Url, "--model", "o3", "--model", "gpt-4o-minu", "--db", database.Path, "--format", "json"], currentDirectory: _folder);
        CliResult table = CliRun.Run(["pricing", "update", "--from", server.Url, "--db", database.Path], 60, currentDirectory: _folder);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(2, server.Requests);
        SchemaCheck.AnalysisReport(result.Out);
        JsonElement json = result.Json;
        Assert.Equal(["o3 asked o3", "gpt-4o-minu asked ", "claude-sonnet-4-5 recorded claude-sonnet-4-5", "gpt-4o priced in the project gpt-4o"],
            json.GetProperty("models").EnumerateArray().Select(m => $"{m.GetProperty("name").GetString()} {m.GetProperty("reason").GetString()} {m.GetProperty("model").GetString()}"));
        Assert.Contains("did you mean 'gpt-4o-mini'", json.GetProperty("models")[1].GetProperty("note").GetString());
        Assert.Contains(json.GetProperty("changes").EnumerateArray(), c => c.GetProperty("model").GetString() == "gpt-4o" && c.GetProperty("field").GetString() == "input"
            && c.GetProperty("oldUsd").GetString() == "2.5" && c.GetProperty("newUsd").GetString() == "2");

        // The written file is the project's own format, per 1M tokens, and a build reads it without a problem.
        string written = Path.Combine(_folder, "pricing", "llmcost-update.json");
        using JsonDocument file = JsonDocument.Parse(File.ReadAllText(written));
        JsonElement sonnet = file.RootElement.GetProperty("providers").GetProperty("anthropic").GetProperty("claude-sonnet-4-5");
        Assert.Equal("3", sonnet.GetProperty("input").GetRawText());
        Assert.Equal("22.5", sonnet.GetProperty("long_context")[0].GetProperty("output").GetRawText());
        Assert.Equal(200000, sonnet.GetProperty("long_context")[0].GetProperty("above").GetInt64());
        Assert.False(file.RootElement.GetProperty("providers").GetProperty("openai").TryGetProperty("unused-model", out _));
        Assert.Equal(CliRun.DefaultNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), file.RootElement.GetProperty("as_of").GetString());
        CliResult check = CliRun.Run(["pricing", "check", written], currentDirectory: _folder);
        Assert.True(check.ExitCode == 0, check.Terminal);
        Assert.DoesNotContain("LLMC", check.Terminal);

        // A second update keeps what the first wrote (it is now priced in the project) and changes nothing.
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("o3", table.Terminal);
        Assert.All(table.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 60, $"wider than 60: {line}"));
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
