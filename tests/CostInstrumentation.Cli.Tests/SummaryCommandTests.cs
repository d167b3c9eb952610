using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

public sealed class SummaryCommandTests
{
    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    public async Task Summary_shows_every_period_with_totals_equal_to_sql_at_each_width(int width)
    {
        using TestDatabase database = await TestDatabase.CreateAsync(
            CostDatabase.Call("2026-11-18T09:00:00Z", 0.125m, model: "gpt-4o"),
            CostDatabase.Call("2026-11-16T09:00:00Z", 0.5m, model: "claude-sonnet-4-5", provider: "anthropic"),
            CostDatabase.Call("2026-11-02T09:00:00Z", 1.25m),
            CostDatabase.Call("2026-10-02T09:00:00Z", 2m),
            CostDatabase.Call("2026-11-18T10:00:00Z", null, model: "mystery-model"));

        CliResult result = CliRun.Run(["--db", database.Path], width);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("$0.1250", result.Terminal);           // today
        Assert.Contains("$0.6250", result.Terminal);           // this week (Mon 16th on)
        Assert.Contains("$1.88", result.Terminal);           // this month
        Assert.Contains("$3.88", result.Terminal);           // all time
        Assert.Equal(3_875_000_000, database.CostNano());
        Assert.Contains("could not be priced", result.Terminal);
        Assert.All(result.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
    }
}
