using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Threading.Tasks;

namespace CostInstrumentation.EndToEnd.Tests.Harness;

/// <summary>Runs <c>dotnet</c> as a user would, for the tests that build, pack or run whole programs.</summary>
internal static class DotnetProcess
{
    /// <summary>The repository's root folder (the one holding CostInstrumentation.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The configuration this test assembly was built in, so sibling outputs are found beside it.</summary>
    public static string Configuration { get; } =
        typeof(DotnetProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c>; fails the test with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string workingDirectory, string arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo start = new("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        string text = await output + await error;
        Assert.True(process.ExitCode == 0, $"dotnet {arguments} failed ({process.ExitCode}):\n{text}");
        return text;
    }

    private static string FindRepoRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "CostInstrumentation.sln")))
        {
            directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar));
        }

        return directory ?? throw new InvalidOperationException("CostInstrumentation.sln not found");
    }
}
