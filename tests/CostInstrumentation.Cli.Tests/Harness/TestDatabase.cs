using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Cli.Tests.Harness;

/// <summary>A cost database in a temporary folder, written through the real <see cref="SqliteCostSink"/>, with SQL over its raw table for the expected numbers.</summary>
internal sealed class TestDatabase : IDisposable
{
    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llmcost-cli-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(Folder, "costs.db");

    public static async Task<TestDatabase> CreateAsync(params LlmCallRecord[] records)
    {
        TestDatabase database = new();
        await database.WriteAsync(records);
        return database;
    }

    public async Task WriteAsync(IEnumerable<LlmCallRecord> records)
    {
        await using SqliteCostSink sink = new(Path);
        foreach (LlmCallRecord record in records)
        {
            sink.Write(record);
        }

        await sink.FlushAsync();
    }

    /// <summary>One integer from SQL over the raw tables (parameters <c>$p0</c>, <c>$p1</c>, …).</summary>
    public long Scalar(string sql, params object?[] values)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = Command(connection, sql, values);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    public void Execute(string sql, params object?[] values)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = Command(connection, sql, values);
        command.ExecuteNonQuery();
    }

    /// <summary>Sum of cost_nanousd over the raw calls in [from, to) (UTC ISO text), with an optional extra condition.</summary>
    public long CostNano(string? fromUtc = null, string? toUtc = null, string where = "1") =>
        Scalar($"SELECT coalesce(sum(cost_nanousd), 0) FROM llm_calls WHERE ts_utc >= $p0 AND ts_utc < $p1 AND ({where})", fromUtc ?? "0000", toUtc ?? "9999");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    public static LlmCallRecord Call(
        string timestampUtc,
        decimal? cost,
        string model = "gpt-4o",
        string provider = "openai",
        string? project = null,
        string? session = null,
        string[]? tags = null,
        string operation = "App.Chat.Ask",
        string callSite = "Chat.cs:10",
        LlmCallOutcome outcome = LlmCallOutcome.Ok,
        string? pricingVersion = "test-2026-11",
        long input = 1_000,
        long output = 100) => new()
        {
            TimestampUtc = DateTimeOffset.Parse(timestampUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Provider = provider,
            Model = model,
            Operation = operation,
            CallSite = callSite,
            Project = project,
            SessionId = session,
            Tags = tags ?? [],
            Usage = new LlmUsage(input, output),
            CostUsd = cost,
            Duration = TimeSpan.FromMilliseconds(120),
            Outcome = outcome,
            PricingVersion = cost is null ? null : pricingVersion,
        };

    private SqliteConnection Connect()
    {
        SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, object?[] values)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }

        return command;
    }
}
