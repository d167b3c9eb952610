using CostInstrumentation.Cli.Live;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Reports;
using Spectre.Console.Testing;

namespace CostInstrumentation.Cli.Tests;

/// <summary><c>llmcost watch</c>: one frame from the database and a fixed clock.</summary>
public sealed class WatchCommandTests : FixtureDatabaseTests
{
    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    public void A_frame_shows_today_the_budgets_and_the_latest_calls_within_the_width(int width)
    {
        CliResult result = CliRun.Run(["watch", "--once", "--db", Database.Path], width);

        Assert.True(result.ExitCode == 0, result.Error);
        decimal today = Database.CostNano("2026-11-18", "2026-11-19") / 1_000_000_000m;
        Assert.Contains($"Today: {Rendering.CellText.Usd(today)} in {Database.Scalar("SELECT count(*) FROM llm_calls WHERE ts_utc >= '2026-11-18'")} call(s), 1 unpriced, 1 failed", result.Terminal);
        Assert.Contains("project=beta", result.Terminal);
        Assert.Contains("mystery-model", result.Terminal);
        Assert.Contains("unpriced", result.Terminal);
        Assert.All(result.Terminal.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
    }

    [Fact]
    public void The_hour_bars_follow_the_clock()
    {
        using CostReports reports = CostReports.Open(Database.Path);

        string morning = Draw(reports, new DateTimeOffset(2026, 11, 18, 9, 30, 0, TimeSpan.Zero));
        string evening = Draw(reports, new DateTimeOffset(2026, 11, 18, 22, 10, 0, TimeSpan.Zero));

        Assert.Contains("09h $0.1250", morning);
        Assert.DoesNotContain("12h", morning);
        Assert.Contains("12h $0.0000", evening);
        Assert.Contains("22h", evening);
        Assert.Contains("2026-11-18 22:10:00", evening);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1m", 60000)]
    public void Intervals_are_read_in_their_unit(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Commands.WatchCommand.ParseInterval(text));

    private static string Draw(CostReports reports, DateTimeOffset now)
    {
        TestConsole console = new();
        console.Profile.Width = 100;
        console.Write(WatchView.Render(reports, now, TimeZoneInfo.Utc, ReportFilter.None, 100));
        return console.Output;
    }
}
