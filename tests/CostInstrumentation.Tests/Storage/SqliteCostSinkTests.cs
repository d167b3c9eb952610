using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Tests.Storage;

public sealed class SqliteCostSinkTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "llmcost-tests-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "costs.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task RecordsRoundTripVerbatim_WithExactNanoUsdCost()
    {
        await using SqliteCostSink sink = new(DatabasePath);
        string hostile = "it's \"quoted\"; DROP TABLE llm_calls; -- ünïcødé 模型 🚀";
        sink.Write(Record(cost: 0.0188m, project: hostile, session: hostile, tags: [hostile, "b"]));
        sink.Write(Record(cost: null, project: null, session: null, tags: []));
        await sink.FlushAsync();

        using SqliteConnection db = Open();
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(db, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal("wal", Scalar(db, "PRAGMA journal_mode"));
        using SqliteCommand read = db.CreateCommand();
        read.CommandText = "SELECT project, session_id, tags, cost_nanousd, input_tokens, cached_input_tokens, outcome, ts_utc FROM llm_calls ORDER BY id";
        using SqliteDataReader rows = read.ExecuteReader();
        Assert.True(rows.Read());
        Assert.Equal(hostile, rows.GetString(0));
        Assert.Equal(hostile, rows.GetString(1));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(new[] { hostile, "b" }), rows.GetString(2));
        Assert.Equal(18_800_000L, rows.GetInt64(3)); // 0.0188 USD × 10^9
        Assert.Equal(10_000L, rows.GetInt64(4));
        Assert.Equal(4_000L, rows.GetInt64(5));
        Assert.Equal("ok", rows.GetString(6));
        Assert.Equal("2026-11-22T10:00:00.0000000Z", rows.GetString(7));
        Assert.True(rows.Read());
        Assert.True(rows.IsDBNull(0));
        Assert.True(rows.IsDBNull(3)); // An unknown cost is NULL, never 0.
        Assert.Equal("[]", rows.GetString(2));
    }

    [Fact]
    public async Task SixtyFourThreads_AllRecordsAndTheExactCostSumArrive()
    {
        await using SqliteCostSink sink = new(DatabasePath);
        const int threads = 64;
        const int perThread = 10_000;

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < perThread; i++)
            {
                sink.Write(Record(cost: 0.000001234m, project: "p" + t, session: null, tags: []));
            }
        })));
        await sink.FlushAsync();

        using SqliteConnection db = Open();
        Assert.Equal((long)threads * perThread, Scalar(db, "SELECT COUNT(*) FROM llm_calls"));
        // 640,000 × 1,234 nano-USD
        Assert.Equal(789_760_000L, Scalar(db, "SELECT SUM(cost_nanousd) FROM llm_calls"));
        Assert.Equal(0, sink.DroppedRecords);
    }

    [Fact]
    public async Task LockedDatabase_NeverReachesTheCaller_AndRecordsAreWrittenWhenItIsReleased()
    {
        await using (SqliteCostSink first = new(DatabasePath))
        {
            first.Write(Record(0.001m, "setup", null, []));
            await first.FlushAsync();
        }

        await using SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions { BusyTimeout = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(100) });
        using (SqliteConnection locker = Open())
        {
            using SqliteCommand exclusive = locker.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            exclusive.ExecuteNonQuery();

            sink.Write(Record(0.002m, "while-locked", null, [])); // returns at once, locked or not
            IOException failure = await Assert.ThrowsAsync<IOException>(() => sink.FlushAsync().AsTask());
            Assert.Contains("stay buffered", failure.Message);

            using SqliteCommand rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        await WaitUntil(() => sink.WrittenRecords == 1);
        await sink.FlushAsync();
        using SqliteConnection db = Open();
        Assert.Equal(1L, Scalar(db, "SELECT COUNT(*) FROM llm_calls WHERE project = 'while-locked'"));
    }

    [Fact]
    public async Task UnusablePath_IsContained_AndDisposeCountsWhatWasDropped()
    {
        Directory.CreateDirectory(_folder);
        string blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "a file where the database folder should be");
        SqliteCostSink sink = new(Path.Combine(blocker, "costs.db"), new SqliteSinkOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(50) });

        sink.Write(Record(0.001m, "lost", null, []));
        await Assert.ThrowsAsync<IOException>(() => sink.FlushAsync().AsTask());
        await sink.DisposeAsync();

        Assert.Equal(1, sink.DroppedRecords);
        Assert.Equal(0, sink.WrittenRecords);
    }

    [Fact]
    public void NanoUsd_RoundsSubNanoFractionsHalfToEven()
    {
        Assert.Equal(2L, SqliteCostSink.ToNanoUsd(0.0000000025m)); // 2.5 nano → 2
        Assert.Equal(4L, SqliteCostSink.ToNanoUsd(0.0000000035m)); // 3.5 nano → 4
        Assert.Equal(2_999_990_000L, SqliteCostSink.ToNanoUsd(2.9999900000000002m));
    }

    private SqliteConnection Open()
    {
        SqliteConnection connection = new($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "timed out");
    }

    private static LlmCallRecord Record(decimal? cost, string? project, string? session, string[] tags) => new()
    {
        TimestampUtc = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        Provider = "openai",
        Model = "gpt-4o",
        Operation = "Tests.Bot.Ask",
        CallSite = "Bot.cs:1",
        Project = project,
        SessionId = session,
        Tags = tags,
        Usage = new LlmUsage(10_000, 500, CachedInputTokens: 4_000),
        CostUsd = cost,
        Duration = TimeSpan.FromMilliseconds(250),
        Outcome = LlmCallOutcome.Ok,
        PricingVersion = "test",
    };
}
