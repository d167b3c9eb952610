using System;
using System.IO;
using System.Threading.Tasks;
using CostInstrumentation.EndToEnd.Tests.Harness;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.EndToEnd.Tests.Samples;

/// <summary>
/// The README's first command, as built by the solution: its workload lands in the database, a second run adds
/// to it, <c>--reset</c> starts over, the hard-limited call is blocked and the warning budget raises its alert.
/// </summary>
public sealed class QuickStartTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "llmcost-quickstart-" + Guid.NewGuid().ToString("N"));

    public QuickStartTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task QuickStart_RecordsItsWorkload_AccumulatesAcrossRuns_AndResetStartsOver()
    {
        string database = Path.Combine(_folder, "costs.db");

        string first = await RunQuickStart(database);
        Assert.Contains("blocked before it was sent", first);
        Assert.Contains("[budget warning] day budget on operation QuickStart.SupportAssistant.*", first);
        (long calls, long costNanoUsd, long blocked, long cached, long cacheWrites) = ReadCalls(database);
        Assert.Equal(10, calls);
        Assert.Equal(1, blocked);
        Assert.True(costNanoUsd > 0);
        Assert.True(cached > 0, "repeated prompts report cached input tokens");
        Assert.True(cacheWrites > 0, "Anthropic's first sight of the system prompt is a cache write");
        Assert.Equal(["openai", "anthropic"], Providers(database));

        string second = await RunQuickStart(database);
        Assert.Contains("adding to earlier runs", second);
        Assert.Equal((20, 2 * costNanoUsd, 2), Summary(ReadCalls(database)));

        await RunQuickStart(database, "--reset");
        Assert.Equal((10, costNanoUsd, 1), Summary(ReadCalls(database)));
    }

    private static (long, long, long) Summary((long Calls, long Cost, long Blocked, long, long) totals) => (totals.Calls, totals.Cost, totals.Blocked);

    private static (long Calls, long CostNanoUsd, long Blocked, long Cached, long CacheWrites) ReadCalls(string database)
    {
        using SqliteConnection connection = new($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), sum(cost_nanousd), sum(outcome = 'blocked'), sum(cached_input_tokens), sum(cache_write_tokens) FROM llm_calls";
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    private static string[] Providers(string database)
    {
        using SqliteConnection connection = new($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(provider, ',') FROM (SELECT DISTINCT provider FROM llm_calls ORDER BY provider DESC)";
        return ((string)command.ExecuteScalar()!).Split(',');
    }

    private static Task<string> RunQuickStart(string database, string extraArguments = "")
    {
        string sample = Path.Combine(DotnetProcess.RepoRoot, "samples", "QuickStart", "bin", DotnetProcess.Configuration, "net10.0", "QuickStart.dll");
        return DotnetProcess.RunAsync(Path.GetDirectoryName(database)!, $"\"{sample}\" --database \"{database}\" {extraArguments}", TimeSpan.FromMinutes(2));
    }
}
