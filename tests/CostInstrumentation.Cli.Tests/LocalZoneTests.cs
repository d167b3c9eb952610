using System.Globalization;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary>
/// A month, day or hour in a local zone holds exactly the calls whose local time falls in it — across a DST change
/// (Europe/Berlin, October 2026; New York, whose evenings are the next UTC day's first hours) and in zones whose offset is
/// not a whole hour (Asia/Kolkata +05:30, Asia/Kathmandu +05:45).
/// </summary>
public sealed class LocalZoneTests
{
    private static readonly string[] Instants =
    [
        "2026-09-30T21:59:59Z", "2026-09-30T22:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z",
        "2026-10-31T18:15:00Z", "2026-10-31T18:29:59Z", "2026-10-31T18:30:00Z", "2026-10-31T18:45:00Z",
        "2026-10-31T22:59:59Z", "2026-10-31T23:00:00Z", "2026-11-30T18:14:59Z", "2026-11-30T18:15:00Z", "2026-11-30T18:30:00Z",
    ];

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("UTC")]
    public async Task Each_local_month_and_day_equals_the_sum_of_its_calls_in_that_zone(string zoneId)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        // Distinct powers of two: any call counted in the wrong bucket changes the sum.
        LlmCallRecord[] calls = [.. Instants.Select((instant, i) => CostDatabase.Call(instant, (1L << i) / 1000m))];
        using TestDatabase database = await TestDatabase.CreateAsync(calls);

        Dictionary<string, decimal> months = Sums(calls, zone, "yyyy-MM");
        Dictionary<string, decimal> days = Sums(calls, zone, "yyyy-MM-dd");

        Assert.Equal(months, Rows(CliRun.Run(["report", "--by", "month", "--period", "all", "--tz", zoneId, "--db", database.Path, "--format", "json"])));
        Assert.Equal(days, Rows(CliRun.Run(["report", "--by", "day", "--period", "all", "--tz", zoneId, "--db", database.Path, "--format", "json"])));
        foreach ((string month, decimal expected) in months)
        {
            CliResult result = CliRun.Run(["monthly", "--month", month, "--tz", zoneId, "--db", database.Path, "--format", "json"]);
            Assert.Equal(expected, decimal.Parse(result.Json.GetProperty("total")[0].GetProperty("costUsd").GetString()!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task The_hour_repeated_when_daylight_saving_ends_is_two_rows_told_apart_by_their_offsets()
    {
        using TestDatabase database = await TestDatabase.CreateAsync(
            CostDatabase.Call("2026-10-25T00:30:00Z", 1m), CostDatabase.Call("2026-10-25T01:30:00Z", 2m));

        Dictionary<string, decimal> hours = Rows(CliRun.Run(["report", "--by", "hour", "--period", "2026-10-25", "--tz", "Europe/Berlin", "--db", database.Path, "--format", "json"]));

        Assert.Equal(new Dictionary<string, decimal> { ["2026-10-25T02:00+02:00"] = 1m, ["2026-10-25T02:00+01:00"] = 2m }, hours);
    }

    private static Dictionary<string, decimal> Sums(IEnumerable<LlmCallRecord> calls, TimeZoneInfo zone, string format) =>
        calls.GroupBy(call => TimeZoneInfo.ConvertTime(call.TimestampUtc, zone).ToString(format, CultureInfo.InvariantCulture))
            .ToDictionary(group => group.Key, group => group.Sum(call => call.CostUsd!.Value));

    private static Dictionary<string, decimal> Rows(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Json.GetProperty("rows").EnumerateArray()
            .ToDictionary(row => row.GetProperty("key").GetString()!, row => decimal.Parse(row.GetProperty("costUsd").GetString()!, CultureInfo.InvariantCulture));
    }
}
