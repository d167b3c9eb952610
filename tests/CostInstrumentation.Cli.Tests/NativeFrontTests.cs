namespace CostInstrumentation.Cli.Tests;

/// <summary>Which invocations the native front answers itself, and that this (JIT) build carries every command.</summary>
public sealed class NativeFrontTests
{
    [Theory]
    [InlineData()]
    [InlineData("statusline")]
    [InlineData("summary", "--detailed", "--db", "costs.db")]
    [InlineData("report", "--by", "model", "--export", "report.html")]
    [InlineData("by-conversation", "--id", "s1")]
    [InlineData("budget", "set", "--daily", "5")]
    [InlineData("report", "--help")]
    [InlineData("--db", "costs.db")]
    [InlineData("--tz", "utc", "--db", "costs.db", "report", "--by", "model")]
    public void Answers_the_report_commands(params string[] args) => Assert.True(NativeFront.Answers(args));

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("-h")]
    [InlineData("--db", "costs.db", "--help")]
    [InlineData("serve")]
    [InlineData("pricing", "list")]
    [InlineData("export", "-f", "csv")]
    [InlineData("alerts", "list")]
    [InlineData("watch")]
    [InlineData("statusln")]
    [InlineData("report", "--by", "model", "--export", "Report.PDF")]
    [InlineData("report", "@arguments.rsp")]
    [InlineData("[suggest:3]", "rep")]
    [InlineData("summary", "--db", "Host=127.0.0.1;Database=ledger;Username=reader")]
    [InlineData("report", "--by", "model", "--db", "postgresql://reader@127.0.0.1/ledger")]
    public void Hands_on_everything_else(params string[] args) => Assert.False(NativeFront.Answers(args));

    [Fact]
    public void Hands_on_a_shared_ledger_named_by_LLMCOST_DB()
    {
        Assert.False(NativeFront.Answers(["statusline"], "postgres://reader@127.0.0.1/ledger"));
        Assert.True(NativeFront.Answers(["statusline"], "/var/lib/app/costs.db"));
    }

    [Fact]
    public void The_JIT_build_is_the_full_tool() => Assert.True(NativeFront.IsFullTool);
}
