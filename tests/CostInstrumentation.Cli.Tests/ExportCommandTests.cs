using System.Globalization;
using System.IO;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

public sealed class ExportCommandTests
{
    [Fact]
    public async Task Csv_guards_formula_like_text_unless_raw_and_keeps_exact_costs()
    {
        using TestDatabase database = await TestDatabase.CreateAsync(
            CostDatabase.Call("2026-11-18T09:00:00Z", 0.000000001m, project: "=HYPERLINK(\"http://x\")", session: "+1", tags: ["@x"]),
            CostDatabase.Call("2026-11-18T10:00:00Z", null, model: "-mystery", project: "plain, with comma"));

        string guarded = CliRun.Run(["export", "--db", database.Path]).Out;
        string raw = CliRun.Run(["export", "--raw", "--db", database.Path]).Out;

        string[] lines = guarded.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("id,ts_utc,provider,model,operation,call_site,project,session_id,tags,", lines[0]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",'+1,", lines[1]);
        Assert.Contains(",0.000000001,1,", lines[1]);
        Assert.Contains(",'-mystery,", lines[2]);
        Assert.Contains(",\"plain, with comma\",", lines[2]);
        Assert.Contains(",,,250,", lines[2]); // unpriced: empty cost_usd and cost_nanousd, never 0
        Assert.Contains(",\"=HYPERLINK(\"\"http://x\"\")\",+1,", raw);
    }

    [Fact]
    public async Task Jsonl_and_json_match_the_export_schema_and_sum_to_sql_with_filters_and_a_period()
    {
        using TestDatabase database = await Fixture.CreateAsync();
        string folder = database.Folder;

        CliResult jsonl = CliRun.Run(["export", "-f", "jsonl", "--period", "2026-11", "--project", "alpha", "--db", database.Path]);
        CliResult json = CliRun.Run(["export", "-f", "json", "--period", "2026-11", "--project", "alpha", "-o", "calls.json", "--db", database.Path], currentDirectory: folder);

        string[] lines = jsonl.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (string line in lines)
        {
            SchemaCheck.Call(line);
        }

        long expected = database.CostNano("2026-11-01", "2026-12-01", "project = 'alpha'");
        Assert.Equal(database.Scalar("SELECT count(*) FROM llm_calls WHERE ts_utc >= '2026-11-01' AND ts_utc < '2026-12-01' AND project = 'alpha'"), lines.Length);
        Assert.Equal(expected, lines.Sum(line => JsonDocument.Parse(line).RootElement.GetProperty("cost_nanousd").GetInt64()));

        Assert.Equal(0, json.ExitCode);
        Assert.Contains($"Exported {lines.Length} call(s)", json.Error);
        JsonElement array = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "calls.json"))).RootElement;
        Assert.Equal(lines.Length, array.GetArrayLength());
        foreach (JsonElement call in array.EnumerateArray())
        {
            SchemaCheck.Call(call.GetRawText());
        }

        Assert.Equal(expected, array.EnumerateArray().Sum(call => decimal.Parse(call.GetProperty("cost_usd").GetString()!, CultureInfo.InvariantCulture) * 1_000_000_000m));
        Assert.False(File.Exists(Path.Combine(folder, "calls.json.partial")));
    }

    [Fact]
    public async Task An_empty_selection_exports_a_header_or_an_empty_array()
    {
        using TestDatabase database = await TestDatabase.CreateAsync(CostDatabase.Call("2026-11-18T09:00:00Z", 1m));

        Assert.Single(CliRun.Run(["export", "--project", "none-such", "--db", database.Path]).Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, JsonDocument.Parse(CliRun.Run(["export", "-f", "json", "--project", "none-such", "--db", database.Path]).Out).RootElement.GetArrayLength());
        Assert.Equal("", CliRun.Run(["export", "-f", "jsonl", "--project", "none-such", "--db", database.Path]).Out);
    }
}
