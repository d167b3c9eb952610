using System.CommandLine;
using System.Globalization;
using CostInstrumentation.Cli.Live;
using CostInstrumentation.Reports;
using Spectre.Console;

namespace CostInstrumentation.Cli.Commands;

/// <summary><c>llmcost watch [--interval 2s] [--once]</c>: a live view redrawn every interval until q (or Ctrl+C).</summary>
internal static class WatchCommand
{
    private static readonly Option<string> Interval = new("--interval") { Description = "How often to redraw: 500ms, 2s (default), 1m.", HelpName = "SPAN", DefaultValueFactory = _ => "2s" };

    private static readonly Option<bool> Once = new("--once") { Description = "Draw one frame and exit (for scripts and a quick look)." };

    public static Command Create(CliEnvironment environment)
    {
        Command command = new Command("watch", "A live view: today, cost per hour, budget bars and the latest calls; q quits.").WithFilters();
        foreach (Option option in new Option[] { CommonOptions.Database, CommonOptions.NoColor, CommonOptions.TimeZone, Interval, Once })
        {
            command.Add(option);
        }

        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        TimeSpan interval = ParseInterval(invocation.Parse.GetValue(Interval)!);
        IAnsiConsole console = invocation.Environment.Terminal(invocation.Color);
        using CostReports reports = invocation.OpenReports();
        if (invocation.Parse.GetValue(Once) || Console.IsInputRedirected)
        {
            console.Write(WatchView.Render(reports, invocation.Now, invocation.Zone, invocation.Filter, console.Profile.Width));
            return ExitCodes.Ok;
        }

        console.Live(WatchView.Render(reports, invocation.Now, invocation.Zone, invocation.Filter, console.Profile.Width)).Start(live =>
        {
            while (!QuitPressed(interval))
            {
                live.UpdateTarget(WatchView.Render(reports, invocation.Now, invocation.Zone, invocation.Filter, console.Profile.Width));
            }
        });
        return ExitCodes.Ok;
    }

    /// <summary>Waits one interval; true when q was pressed meanwhile.</summary>
    private static bool QuitPressed(TimeSpan interval)
    {
        DateTime until = DateTime.UtcNow + interval;
        while (DateTime.UtcNow < until)
        {
            if (Console.KeyAvailable && Console.ReadKey(intercept: true).Key == ConsoleKey.Q)
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return false;
    }

    /// <summary>500ms, 2s, 1m: a positive span of at least 200 ms.</summary>
    internal static TimeSpan ParseInterval(string text)
    {
        (string number, double unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1d)
            : text.EndsWith('s') ? (text[..^1], 1000d)
            : text.EndsWith('m') ? (text[..^1], 60_000d)
            : (text, 1000d);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value * unit >= 200
            ? TimeSpan.FromMilliseconds(value * unit)
            : throw new ReportArgumentException($"--interval '{text}' is not a span of at least 200ms (500ms, 2s, 1m).");
    }
}
