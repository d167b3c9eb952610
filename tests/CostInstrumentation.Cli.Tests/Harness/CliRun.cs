using System.IO;
using System.Text.Json;
using Spectre.Console.Testing;

namespace CostInstrumentation.Cli.Tests.Harness;

/// <summary>What one run of the tool printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Terminal, string Out, string Error, bool? Color)
{
    /// <summary>The JSON the run printed.</summary>
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;
}

/// <summary>Runs <c>llmcost</c> in-process against a Spectre test console of a given width, a fixed clock and zone.</summary>
internal static class CliRun
{
    /// <summary>2026-11-18 15:30 UTC, a Wednesday.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 18, 15, 30, 0, TimeSpan.Zero);

    public static CliResult Run(string[] args, int width = 120, DateTimeOffset? now = null, TimeZoneInfo? zone = null,
        IReadOnlyDictionary<string, string>? variables = null, string? currentDirectory = null)
    {
        TestConsole console = new();
        console.Profile.Width = width;
        StringWriter output = new();
        StringWriter error = new();
        bool? color = null;
        CliEnvironment environment = new()
        {
            Out = output,
            Error = error,
            Terminal = withColor =>
            {
                color = withColor;
                return console;
            },
            Clock = new FixedClock(now ?? DefaultNow),
            LocalZone = zone ?? TimeZoneInfo.Utc,
            Variable = name => variables?.GetValueOrDefault(name),
            CurrentDirectory = currentDirectory ?? Path.GetTempPath(),
        };
        int exit = CliApp.Run(args, environment);
        return new CliResult(exit, console.Output, output.ToString(), error.ToString(), color);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
