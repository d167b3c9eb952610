using System.Globalization;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;

namespace CostInstrumentation.Cli.Tests;

public sealed class ReportCommandTests : FixtureDatabaseTests
{
    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    public void Chart_draws_a_bar_per_row_in_rank_order_with_its_whole_cost_within_the_width(int width)
    {
        CliResult result = CliRun.Run(["report", "--by", "model", "--chart", "--db", Database.Path], width);
        JsonElement rows = Json("report", "--by", "model").GetProperty("rows");

        string[] chart = [.. result.Terminal.Split('\n').SkipWhile(line => !line.Contains("Spend by model: cost", StringComparison.Ordinal)).Skip(1).TakeWhile(line => line.Trim().Length > 0)];
        int[] bars = [.. chart.Select(line => line.Count(c => c == '█'))];
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(rows.GetArrayLength(), chart.Length);
        for (int i = 0; i < chart.Length; i++)
        {
            Assert.Contains(" " + Rendering.CellText.Usd(decimal.Parse(rows[i].GetProperty("costUsd").GetString()!, CultureInfo.InvariantCulture)) + " ", chart[i] + " ");
            Assert.StartsWith(rows[i].GetProperty("key").GetString()![..4], chart[i].TrimStart(), StringComparison.Ordinal);
        }

        Assert.True(bars[0] > width / 4, string.Join("\n", chart)); // $1,234.57 against cents: only the first row has a visible bar
        Assert.All(bars.Skip(1), bar => Assert.True(bar < bars[0]));
        Assert.All(result.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
        Assert.DoesNotContain("Spend by model: cost", CliRun.Run(["report", "--by", "model", "--db", Database.Path], width).Terminal);
    }

    [Fact]
    public void A_chart_of_a_period_without_calls_is_the_empty_table_alone()
    {
        CliResult result = CliRun.Run(["report", "--by", "model", "--chart", "--period", "2025-01", "--db", Database.Path]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        Assert.Contains("Model", result.Terminal);
        Assert.DoesNotContain("Spend by model: cost", result.Terminal);
    }

    [Fact]
    public void Max_usd_exits_12_when_the_total_is_over_and_0_when_not()
    {
        CliResult over = CliRun.Run(["report", "--by", "model", "--max-usd", "1000", "--db", Database.Path]);
        CliResult under = CliRun.Run(["report", "--by", "model", "--max-usd", "2000", "--db", Database.Path]);

        Assert.Equal(12, over.ExitCode);
        Assert.Contains("exceeds --max-usd $1,000.00", over.Error);
        Assert.Equal(0, under.ExitCode);
    }

    [Fact]
    public void Rows_rank_by_cost_with_ties_by_key_and_top_keeps_the_total_whole()
    {
        JsonElement json = Json("report", "--by", "project", "--period", "all", "--top", "1");

        Assert.Equal(["alpha"], Keys(json));
        Assert.Equal(Database.CostNano(), json.GetProperty("total")[0].GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(["", "alpha", "beta"], Keys(Json("report", "--by", "project", "--period", "all", "--sort", "key")));
        Assert.Equal(["gpt-4o", "claude-sonnet-4-5", "claude-opus-4-1", "gpt-4o-mini", "mystery-model"], Keys(Json("models", "--period", "all", "--sort", "calls")));
    }

    [Fact]
    public void Then_by_splits_each_key_and_the_parts_add_up_to_it()
    {
        JsonElement json = Json("report", "--by", "provider", "--then-by", "model", "--period", "2026-11");

        long anthropic = json.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("key").GetString() == "anthropic").Sum(r => r.GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(Database.CostNano("2026-11-01", "2026-12-01", "provider = 'anthropic'"), anthropic);
        Assert.Equal(["claude-opus-4-1", "claude-sonnet-4-5"], json.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("key").GetString() == "anthropic").Select(r => r.GetProperty("subKey").GetString()));
    }

    [Fact]
    public void Filters_select_by_glob_tags_outcome_call_site_and_operation_prefix()
    {
        Assert.Equal(Database.CostNano("2026-11-01", "2026-12-01", "model GLOB 'claude-*'"), Total("models", "--model", "claude-*"));
        Assert.Equal(Database.CostNano(where: "tags LIKE '%\"batch\"%' AND tags LIKE '%\"research\"%'"), Total("tags", "--period", "all", "--tag", "batch", "--tag", "research"));
        Assert.Equal(Database.CostNano("2026-11-01", "2026-12-01", "outcome = 'error'"), Total("models", "--outcome", "error"));
        Assert.Equal(Database.CostNano("2026-11-01", "2026-12-01", "call_site = 'Chat.cs:20'"), Total("callsites", "--call-site", "Chat.cs:20"));
        Assert.Equal(Database.CostNano("2026-11-01", "2026-12-01", "operation LIKE 'App.Chat.%'"), Total("models", "--operation", "App.Chat.*"));
        Assert.Equal(Database.CostNano("2026-11-01", "2026-12-01", "provider = 'anthropic'"), Total("models", "--provider", "ANTHROPIC"));
    }

    [Fact]
    public void Unpriced_calls_are_counted_apart_and_never_as_zero_cost()
    {
        JsonElement row = Json("models", "--period", "all").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "mystery-model");

        Assert.Equal(1, row.GetProperty("unpriced").GetInt64());
        Assert.Equal(1, row.GetProperty("calls").GetInt64());
        Assert.Equal("0", row.GetProperty("costUsd").GetString());
        Assert.Contains(Json("models", "--period", "all").GetProperty("notes").EnumerateArray(), note => note.GetString()!.Contains("could not be priced", StringComparison.Ordinal));
    }

    [Fact]
    public void Headers_name_the_zone_the_period_boundaries_and_the_pricing_versions()
    {
        CliResult table = CliRun.Run(["report", "--by", "model", "--tz", "Asia/Kolkata", "--db", Database.Path]);
        CliResult markdown = CliRun.Run(["report", "--by", "model", "--tz", "Asia/Kolkata", "--format", "md", "--db", Database.Path]);

        foreach (string output in new[] { table.Terminal, markdown.Out })
        {
            Assert.Contains("Time zone: Asia/Kolkata", output);
            Assert.Contains("this-month: 2026-11-01 00:00 +05:30 → 2026-12-01 00:00 +05:30", output);
            Assert.Contains("Pricing: test-1", output);
        }

        Assert.Contains("| claude-opus-4-1 | 0.9995 | 1 | 1234.567891234 | 0 |", markdown.Out);
    }

    [Fact]
    public void Compare_gives_both_sides_and_the_change_per_key()
    {
        JsonElement json = Json("compare", "last-month", "this-month", "--by", "provider");

        JsonElement anthropic = json.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "anthropic");
        Assert.Equal(Database.CostNano("2026-10-01", "2026-11-01", "provider = 'anthropic'"), anthropic.GetProperty("aNanoUsd").GetInt64());
        Assert.Equal(Database.CostNano("2026-11-01", "2026-12-01", "provider = 'anthropic'"), anthropic.GetProperty("bNanoUsd").GetInt64());
        Assert.Equal(anthropic.GetProperty("bNanoUsd").GetInt64() - anthropic.GetProperty("aNanoUsd").GetInt64(), anthropic.GetProperty("deltaNanoUsd").GetInt64());
        Assert.Equal(2, CliRun.Run(["compare", "last-month", "this-month", "--period", "2026", "--db", Database.Path]).ExitCode);
    }

    [Fact]
    public void Csv_prints_the_rows_with_exact_money_in_usd_and_nano_usd()
    {
        string[] lines = CliRun.Run(["models", "--period", "all", "--format", "csv", "--db", Database.Path]).Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        // lower_bound came later: it is appended, so the earlier columns keep their positions.
        Assert.Equal("key,share,calls,cost_usd,cost_nanousd,unpriced,failed,input_tokens,cached_input_tokens,output_tokens,lower_bound", lines[0]);
        Assert.EndsWith(",1", lines.Single(line => line.StartsWith("gpt-4o,", StringComparison.Ordinal)));
        Assert.StartsWith("claude-opus-4-1,", lines[1]);
        Assert.Contains(",1,1234.567891234,1234567891234,0,", lines[1]);
    }

    private JsonElement Json(params string[] arguments)
    {
        CliResult result = CliRun.Run([.. arguments, "--db", Database.Path, "--format", "json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.Report(result.Out);
        return result.Json;
    }

    private long Total(params string[] arguments) => Json(arguments).GetProperty("total")[0].GetProperty("costNanoUsd").GetInt64();

    private static IEnumerable<string?> Keys(JsonElement json) => json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString());
}
