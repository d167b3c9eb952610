using System.Diagnostics;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Tests.Storage;

/// <summary>A process killed mid-write (SIGKILL on Linux) leaves a sound file holding every record it saw flushed.</summary>
public sealed class SqliteKillTests : SqliteTestDatabase
{
    [Fact]
    public async Task KilledWhileWriting_FileIsIntact_AndHoldsEveryFlushedRecord()
    {
        string child = typeof(SqliteKillTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StorageChildPath").Value!;
        Assert.True(System.IO.File.Exists(child), child);
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(child);
        start.ArgumentList.Add(DatabasePath);

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        long lastFlushed = 0;
        int flushes = 0;
        using (CancellationTokenSource hung = new(TimeSpan.FromMinutes(2)))
        {
            while (flushes < 20 && await process.StandardOutput.ReadLineAsync(hung.Token) is { } line)
            {
                lastFlushed = long.Parse(line["flushed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                flushes++;
            }
        }

        // Killed while it writes its next records: the last flush it reported is a floor, not the total.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.True(flushes == 20, "the child stopped early: " + await errors);

        using SqliteConnection db = Open();
        Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
        long count = (long)Scalar(db, "SELECT COUNT(*) FROM llm_calls")!;
        Assert.True(count >= lastFlushed, $"{count} rows, but {lastFlushed} were reported flushed");
        Assert.Equal(count * 123_000, Scalar(db, "SELECT SUM(cost_nanousd) FROM llm_calls"));
        AssertRollupsMatchCalls(db);
    }

    [Fact]
    public async Task BudgetAlertsRaisedJustBeforeANormalExit_AreStored_SoARestartDoesNotRaiseThemAgain()
    {
        string child = typeof(SqliteKillTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StorageChildPath").Value!;
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(child);
        start.ArgumentList.Add("alerts-at-exit");
        start.ArgumentList.Add(DatabasePath);

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using (CancellationTokenSource hung = new(TimeSpan.FromMinutes(2)))
        {
            await process.WaitForExitAsync(hung.Token);
        }

        Assert.True(process.ExitCode == 0 && (await output).Contains("raised", StringComparison.Ordinal), await errors);
        using SqliteConnection db = Open();
        Assert.Equal(["0.8", "0.95", "1"], Rows(db, "SELECT threshold FROM budget_alerts ORDER BY id"));
    }
}
