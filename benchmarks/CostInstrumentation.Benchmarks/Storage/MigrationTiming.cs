using System;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Benchmarks;

/// <summary><c>-- migrate DB</c>: brings a copy of a cost database to the current schema as the writer does on open, timed (wall and process CPU).</summary>
internal static class MigrationTiming
{
    internal const string Command = "migrate";

    internal static int Run(string[] args)
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = args[1], Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand version = connection.CreateCommand();
        version.CommandText = "SELECT MAX(version) FROM schema_version";
        object? before = version.ExecuteScalar();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Stopwatch wall = Stopwatch.StartNew();
        SqliteSchema.Prepare(connection);
        wall.Stop();
        Console.WriteLine($"schema {before} -> {version.ExecuteScalar()}: {wall.Elapsed.TotalSeconds:F1} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU");
        return 0;
    }
}
