using System.IO;
using Spectre.Console;

namespace CostInstrumentation.Cli;

/// <summary>What a run of the tool talks to: streams, the terminal, the clock, the local zone and the environment. Tests replace each.</summary>
internal sealed class CliEnvironment
{
    /// <summary>Where JSON, CSV, Markdown and help go.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard input (<c>llmcost estimate -</c> reads the prompt from it).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Where errors go (one sentence each).</summary>
    public required TextWriter Error { get; init; }

    /// <summary>The terminal tables are drawn on, with or without colour.</summary>
    public required Func<bool, IAnsiConsole> Terminal { get; init; }

    public required TimeProvider Clock { get; init; }

    /// <summary>The zone <c>--tz local</c> (the default) means.</summary>
    public required TimeZoneInfo LocalZone { get; init; }

    /// <summary>Reads an environment variable (<c>LLMCOST_DB</c>, <c>NO_COLOR</c>).</summary>
    public required Func<string, string?> Variable { get; init; }

    /// <summary>Where a relative <c>--db</c> and the default <c>./costs.db</c> are found.</summary>
    public required string CurrentDirectory { get; init; }

    /// <summary>
    /// The process's own console, clock, zone and variables. Standard output is buffered (Console.Out flushes every
    /// write: a system call per CSV row); Program.cs flushes it before exiting.
    /// </summary>
    public static CliEnvironment FromProcess() => new()
    {
        Out = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16),
        In = Console.In,
        Error = Console.Error,
        Terminal = color => AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        }),
        Clock = TimeProvider.System,
        LocalZone = TimeZoneInfo.Local,
        Variable = Environment.GetEnvironmentVariable,
        CurrentDirectory = Directory.GetCurrentDirectory(),
    };
}
