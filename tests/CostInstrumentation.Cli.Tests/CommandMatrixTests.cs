using System.Globalization;
using System.Text.Json;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Cli.Tests.Harness;

namespace CostInstrumentation.Cli.Tests;

/// <summary>Every command at 60, 80 and 120 columns, and its JSON against the published schema with totals equal to SQL over the raw table.</summary>
public sealed class CommandMatrixTests : FixtureDatabaseTests
{
    public static TheoryData<string[], int> EveryCommandAtEveryWidth()
    {
        TheoryData<string[], int> data = [];
        foreach (string[] command in Fixture.Commands())
        {
            foreach (int width in new[] { 60, 80, 120 })
            {
                data.Add(command, width);
            }
        }

        return data;
    }

    public static TheoryData<string[]> EveryCommand() => [.. Fixture.Commands()];

    [Theory]
    [MemberData(nameof(EveryCommandAtEveryWidth))]
    public void Renders_within_the_width_with_every_cost_whole(string[] command, int width)
    {
        CliResult table = CliRun.Run([.. command, "--db", Database.Path], width);
        CliResult json = CliRun.Run([.. command, "--db", Database.Path, "--format", "json"]);

        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Equal("", table.Error);
        string output = table.Terminal + table.Out;
        Assert.NotEmpty(output.Trim());
        Assert.All(output.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
        foreach (decimal cost in Costs(json.Json, "costUsd"))
        {
            Assert.Contains(CellText.Usd(cost), output);
        }
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void Json_matches_the_schema_and_its_total_equals_sql(string[] command)
    {
        CliResult result = CliRun.Run([.. command, "--db", Database.Path, "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        SchemaCheck.Report(result.Out);
        JsonElement json = result.Json;
        if (json.TryGetProperty("total", out JsonElement total) && json.TryGetProperty("period", out JsonElement period) && command[0] != "compare")
        {
            string where = json.GetProperty("filters").TryGetProperty("session", out JsonElement session) ? $"session_id = '{session.GetString()}'" : "1";
            Assert.Equal(Database.CostNano(Utc(period.GetProperty("from")), Utc(period.GetProperty("to")), where), total[0].GetProperty("costNanoUsd").GetInt64());
            Assert.Equal(Database.Scalar($"SELECT count(*) - count(cost_nanousd) FROM llm_calls WHERE ts_utc >= $p0 AND ts_utc < $p1 AND {where}", Utc(period.GetProperty("from")) ?? "0", Utc(period.GetProperty("to")) ?? "9"),
                total[0].GetProperty("unpriced").GetInt64());
            Assert.Equal(Database.Scalar($"SELECT count(*) FROM llm_calls WHERE cost_is_lower_bound = 1 AND ts_utc >= $p0 AND ts_utc < $p1 AND {where}", Utc(period.GetProperty("from")) ?? "0", Utc(period.GetProperty("to")) ?? "9"),
                total[0].GetProperty("lowerBound").GetInt64());
        }

        foreach (JsonProperty table in json.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array))
        {
            foreach (JsonElement row in table.Value.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                foreach (JsonProperty money in row.EnumerateObject().Where(p => p.Name.EndsWith("Usd", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String))
                {
                    long nano = row.GetProperty(money.Name[..^3] + "NanoUsd").GetInt64();
                    Assert.Equal(decimal.Parse(money.Value.GetString()!, CultureInfo.InvariantCulture) * 1_000_000_000m, nano);
                }
            }
        }
    }

    [Fact]
    public void Summary_totals_equal_sql_for_each_period()
    {
        JsonElement json = CliRun.Run(["--db", Database.Path, "--format", "json"]).Json;
        long[] expected =
        [
            Database.CostNano("2026-11-18", "2026-11-19"),
            Database.CostNano("2026-11-16", "2026-11-23"),
            Database.CostNano("2026-11-01", "2026-12-01"),
            Database.CostNano(),
        ];

        Assert.Equal(expected, json.GetProperty("periods").EnumerateArray().Select(row => row.GetProperty("costNanoUsd").GetInt64()));
        Assert.Equal(1, json.GetProperty("periods")[0].GetProperty("unpriced").GetInt64());
        Assert.Equal([0L, 1L, 1L, 1L], json.GetProperty("periods").EnumerateArray().Select(row => row.GetProperty("lowerBound").GetInt64()));
        Assert.Equal(Database.CostNano("2026-10-20", "2026-11-19"), json.GetProperty("last30Days").EnumerateArray().Sum(day => day.GetProperty("costNanoUsd").GetInt64()));
    }

    private static IEnumerable<decimal> Costs(JsonElement json, string property) =>
        // The last 30 days are a sparkline in the terminal (its total and peak are printed, not each day).
        json.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array && p.Name != "last30Days")
            .SelectMany(p => p.Value.EnumerateArray())
            .Where(row => row.ValueKind == JsonValueKind.Object && row.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.String)
            .Select(row => decimal.Parse(row.GetProperty(property).GetString()!, CultureInfo.InvariantCulture));

    private static string? Utc(JsonElement instant) =>
        instant.ValueKind == JsonValueKind.Null ? null
            : DateTimeOffset.Parse(instant.GetString()!, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
