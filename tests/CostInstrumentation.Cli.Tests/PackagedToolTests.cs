using System.Diagnostics;
using System.IO;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.EndToEnd.Tests.Harness;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Cli.Tests;

/// <summary>What a user does: pack the tool, install it from a local folder feed, and run it on the database the QuickStart wrote.</summary>
public sealed class PackagedToolTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "llmcost-tool-" + Guid.NewGuid().ToString("N"));

    public PackagedToolTests() => Directory.CreateDirectory(_root);

    public void Dispose()
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
    }

    [Fact]
    public async Task The_packed_tool_installs_from_a_local_feed_and_reads_the_QuickStarts_database()
    {
        string database = Path.Combine(_root, "costs.db");
        string quickStart = Path.Combine(DotnetProcess.RepoRoot, "samples", "QuickStart", "bin", DotnetProcess.Configuration, "net10.0", "QuickStart.dll");
        await DotnetProcess.RunAsync(_root, $"\"{quickStart}\" --database \"{database}\"", TimeSpan.FromMinutes(2));

        LocalFeed feed = await LocalFeed.PackAsync(_root, "src/CostInstrumentation.Cli", "tool");
        string tools = Path.Combine(_root, "tools");
        await DotnetProcess.RunAsync(_root, $"tool install CostInstrumentation.Cli --tool-path \"{tools}\" --version {feed.Version} --configfile \"{feed.ConfigFile}\"",
            TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") });

        (int exit, string summary) = await Tool(tools, $"--db \"{database}\"");
        Assert.True(exit == 0, summary);
        Assert.Contains("LLM spend summary", summary);

        (exit, string json) = await Tool(tools, $"--db \"{database}\" --format json --tz utc");
        Assert.Equal(0, exit);
        SchemaCheck.Report(json);
        JsonElement allTime = JsonDocument.Parse(json).RootElement.GetProperty("periods")[3];
        using SqliteConnection connection = new($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT sum(cost_nanousd), count(*) FROM llm_calls";
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(reader.GetInt64(0), allTime.GetProperty("costNanoUsd").GetInt64());
        Assert.Equal(reader.GetInt64(1), allTime.GetProperty("calls").GetInt64());

        (exit, string missing) = await Tool(tools, $"--db \"{Path.Combine(_root, "none.db")}\"");
        Assert.Equal(3, exit);
        Assert.Contains("No cost database at", missing);
    }

    private static async Task<(int Exit, string Output)> Tool(string tools, string arguments)
    {
        ProcessStartInfo start = new(Path.Combine(tools, OperatingSystem.IsWindows() ? "llmcost.exe" : "llmcost"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output + await error);
    }
}
