using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.InteropServices;
using CostInstrumentation.Cli.Commands;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli;

/// <summary>
/// The tool's native build (linux-x64, Native AOT): it answers the report commands itself, in a few milliseconds of
/// start-up where the JIT-compiled tool needs hundreds, and hands every other invocation to the full tool packed beside
/// it in <c>jit/</c> by replacing its own process with <c>dotnet jit/llmcost.dll ARGS</c> (execv: the same process id,
/// terminal, signals, streams and exit code). docs/performance.md §13.
/// </summary>
internal static partial class NativeFront
{
    private const string FullToolSwitch = "CostInstrumentation.Cli.FullTool";

    /// <summary>
    /// False only in the native build (CostInstrumentation.Cli.csproj sets the switch), where the compiler replaces it
    /// with the constant and drops every command the front hands on, with ASP.NET Core, Roslyn and PDFsharp.
    /// </summary>
    [FeatureSwitchDefinition(FullToolSwitch)]
    public static bool IsFullTool => !AppContext.TryGetSwitch(FullToolSwitch, out bool full) || full;

    private static readonly string[] HelpAndVersion = ["-h", "/h", "--help", "-?", "/?", "--version"];

    /// <summary>
    /// Whether the native front answers <paramref name="args"/> itself: no arguments (the summary), options first (the
    /// summary's, or a report command after them: <see cref="CliApp"/> hands on what the front cannot parse), or a report
    /// command first, over a database file. Root help and version, completions and response files need every command, a
    /// <c>.pdf</c> export needs PDFsharp, and a shared PostgreSQL ledger (in an argument or <paramref name="databaseVariable"/>,
    /// <c>LLMCOST_DB</c>) is read by the full tool, whose Npgsql paths the ledger tests cover: those go to the full tool.
    /// </summary>
    public static bool Answers(IReadOnlyList<string> args, string? databaseVariable = null) =>
        (args.Count == 0
            || (args[0].StartsWith('-') && !args.Any(arg => HelpAndVersion.Contains(arg, StringComparer.Ordinal)))
            || (CommandCatalog.Named(args[0]) is { } family && CommandCatalog.ReportFamilies.Contains(family)))
        && !args.Any(arg => arg.StartsWith('@') || arg.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || CostReports.IsSharedLedger(arg))
        && !CostReports.IsSharedLedger(databaseVariable ?? "");

    /// <summary>Replaces this process with the full tool running <paramref name="args"/>; returns only when that cannot start.</summary>
    public static int HandOn(string[] args, TextWriter error)
    {
        string fullTool = Path.Combine(AppContext.BaseDirectory, "jit", "llmcost.dll");
        string? dotnet = DotnetHost();
        if (!File.Exists(fullTool) || dotnet is null)
        {
            error.WriteLine($"llmcost: this command needs the full tool ({fullTool}) and the dotnet host ({dotnet ?? "not found: set DOTNET_ROOT"}); reinstall the tool.");
            return ExitCodes.Failure;
        }

        Execv(dotnet, [dotnet, fullTool, .. args, null]);
        error.WriteLine($"llmcost: could not start {dotnet} {fullTool} (errno {Marshal.GetLastPInvokeError()}).");
        return ExitCodes.Failure;
    }

    /// <summary>The dotnet host: the one that started us (DOTNET_HOST_PATH), DOTNET_ROOT, PATH, then where installers put it.</summary>
    private static string? DotnetHost()
    {
        string?[] roots =
        [
            Environment.GetEnvironmentVariable("DOTNET_ROOT_X64"),
            Environment.GetEnvironmentVariable("DOTNET_ROOT"),
            .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator),
            File.Exists("/etc/dotnet/install_location") ? File.ReadLines("/etc/dotnet/install_location").FirstOrDefault() : null,
            "/usr/share/dotnet",
            "/usr/lib/dotnet",
        ];
        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return hostPath is { Length: > 0 } && File.Exists(hostPath)
            ? hostPath
            : roots.Where(root => !string.IsNullOrWhiteSpace(root)).Select(root => Path.Combine(root!.Trim(), "dotnet")).FirstOrDefault(File.Exists);
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
