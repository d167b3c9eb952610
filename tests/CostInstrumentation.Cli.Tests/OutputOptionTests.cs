using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

public sealed class OutputOptionTests
{
    [Fact]
    public async Task Colour_is_off_with_no_color_or_a_non_empty_NO_COLOR()
    {
        using TestDatabase database = await TestDatabase.CreateAsync(CostDatabase.Call("2026-11-18T09:00:00Z", 1m));

        Assert.True(CliRun.Run(["--db", database.Path]).Color);
        Assert.False(CliRun.Run(["--db", database.Path, "--no-color"]).Color);
        Assert.False(CliRun.Run(["--db", database.Path], variables: new Dictionary<string, string> { ["NO_COLOR"] = "1" }).Color);
        Assert.True(CliRun.Run(["--db", database.Path], variables: new Dictionary<string, string> { ["NO_COLOR"] = "" }).Color);
    }

    [Fact]
    public void Help_lists_every_command_and_exits_0()
    {
        CliResult result = CliRun.Run(["--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (string command in new[] { "summary", "report", "daily", "weekly", "monthly", "models", "tags", "callsites", "sessions", "compare", "budget", "alerts", "export", "statusline", "by-tag", "by-conversation", "set-budget", "budget-status" })
        {
            Assert.Contains(command, result.Out);
        }
    }
}
