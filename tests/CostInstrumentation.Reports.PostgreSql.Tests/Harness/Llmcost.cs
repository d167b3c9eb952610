using Spectre.Console.Testing;
using CostInstrumentation.Cli;

namespace CostInstrumentation.Reports.PostgreSql.Tests.Harness;

/// <summary>What one in-process run of <c>llmcost</c> printed and returned.</summary>
public sealed record LlmcostRun(int ExitCode, string Out, string Error);

/// <summary>Runs <c>llmcost</c> in-process on a wide test console, at <see cref="SameCalls.Now"/>, in UTC.</summary>
public static class Llmcost
{
    public static LlmcostRun Run(params string[] args)
    {
        TestConsole console = new();
        console.Profile.Width = 200;
        StringWriter output = new();
        StringWriter error = new();
        int exit = CliApp.Run(args, new CliEnvironment
        {
            Out = output,
            Error = error,
            Terminal = _ => console,
            Clock = new CostInstrumentation.PostgreSql.Tests.Harness.ManualClock(SameCalls.Now),
            LocalZone = TimeZoneInfo.Utc,
            Variable = _ => null,
            CurrentDirectory = Path.GetTempPath(),
        });
        return new LlmcostRun(exit, console.Output + output, error.ToString());
    }
}
