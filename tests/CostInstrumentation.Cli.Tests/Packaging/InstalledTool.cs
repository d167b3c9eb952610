using System.Diagnostics;
using System.IO;
using CostInstrumentation.EndToEnd.Tests.Harness;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Cli.Tests.Packaging;

/// <summary>
/// The tool as a user gets it, once for the packaging tests: packed (the pointer package, the framework-dependent one
/// and linux-x64's native front), installed from a local folder feed with <c>dotnet tool install --tool-path</c>, and
/// a database the QuickStart wrote.
/// </summary>
public sealed class InstalledTool : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "llmcost-tool-" + Guid.NewGuid().ToString("N"));

    /// <summary>The installed command (on linux-x64, the native front).</summary>
    public string Command => Path.Combine(_root, "tools", OperatingSystem.IsWindows() ? "llmcost.exe" : "llmcost");

    /// <summary>The full, framework-dependent tool the native front hands on to.</summary>
    public string FullTool => Path.Combine(Path.GetDirectoryName(new FileInfo(Command).ResolveLinkTarget(returnFinalTarget: true)!.FullName)!, "jit", "llmcost.dll");

    public string QuickStartDatabase => Path.Combine(_root, "costs.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        string quickStart = Path.Combine(DotnetProcess.RepoRoot, "samples", "QuickStart", "bin", DotnetProcess.Configuration, "net10.0", "QuickStart.dll");
        await DotnetProcess.RunAsync(_root, $"\"{quickStart}\" --database \"{QuickStartDatabase}\"", TimeSpan.FromMinutes(2));

        LocalFeed feed = await LocalFeed.PackToolAsync(_root, "src/CostInstrumentation.Cli", "tool", "linux-x64", "any");
        await DotnetProcess.RunAsync(_root, $"tool install CostInstrumentation.Cli --tool-path \"{Path.Combine(_root, "tools")}\" --version {feed.Version} --configfile \"{feed.ConfigFile}\"",
            TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") });
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is cleaned by the OS.
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs the installed command.</summary>
    public Task<ToolRun> RunAsync(params string[] arguments) => RunProgramAsync(Command, arguments);

    /// <summary>Runs the full tool directly, as the native front's hand-off does.</summary>
    public Task<ToolRun> RunFullAsync(params string[] arguments) => RunProgramAsync("dotnet", [FullTool, .. arguments]);

    /// <summary>Runs <paramref name="program"/> as the tool runs: no colour, no database from the environment.</summary>
    public static async Task<ToolRun> RunProgramAsync(string program, params string[] arguments)
    {
        ProcessStartInfo start = new(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("LLMCOST_DB");
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return new ToolRun(process.ExitCode, await output, await error);
    }
}

/// <summary>One run of the tool: its exit code and both streams.</summary>
public sealed record ToolRun(int ExitCode, string Out, string Error);
