using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Tests.Storage;

public sealed class SqliteCostSinkTests : SqliteTestDatabase
{
    public static TheoryData<string> HostileStrings => new()
    {
        "it's \"quoted\"",
        "'); DROP TABLE llm_calls;--",
        "\\ backslash \\\\ and %_ like wildcards",
        "ünïcødé 模型 日本語 한국어",
        "🚀 emoji 👩‍👩‍👧 with ZWJ",
        "\u202Eright-to-left override مرحبا שלום",
        "NUL\0inside",
        "tab\tnew\nline\rreturn",
        "",
    };

    [Theory]
    [MemberData(nameof(HostileStrings))]
    public async Task HostileStrings_RoundTripVerbatim_InProjectSessionAndTags(string hostile)
    {
        await using SqliteCostSink sink = new(DatabasePath);
        sink.Write(Record(0.0188m, project: hostile, session: hostile, tags: [hostile, "b", hostile]));
        await sink.FlushAsync();

        using SqliteConnection db = Open();
        Assert.Equal(1L, Scalar(db, "SELECT COUNT(*) FROM llm_calls"));
        using SqliteCommand read = db.CreateCommand();
        read.CommandText = "SELECT project, session_id, tags FROM llm_calls";
        using SqliteDataReader rows = read.ExecuteReader();
        Assert.True(rows.Read());
        Assert.Equal(hostile, rows.GetString(0));
        Assert.Equal(hostile, rows.GetString(1));
        Assert.Equal(new[] { hostile, "b", hostile }, JsonSerializer.Deserialize<string[]>(rows.GetString(2)));
    }

    [Fact]
    public async Task Records_AreStoredWithExactNanoUsdCost_AndAnUnknownCostIsNull()
    {
        await using SqliteCostSink sink = new(DatabasePath);
        sink.Write(Record(cost: 0.0188m, project: "p", session: "s", tags: ["a"]));
        sink.Write(Record(cost: null, project: null));
        await sink.FlushAsync();

        using SqliteConnection db = Open();
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(db, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal("wal", Scalar(db, "PRAGMA journal_mode"));
        Assert.Equal(
            [
                "2026-11-22T10:00:00.0000000Z | openai | gpt-4o | Tests.Bot.Ask | Bot.cs:1 | p | s | [\"a\"] | 10000 | 4000 | 0 | 500 | 0 | 18800000 | 250 | ok | NULL | test",
                "2026-11-22T10:00:00.0000000Z | openai | gpt-4o | Tests.Bot.Ask | Bot.cs:1 | NULL | NULL | [] | 10000 | 4000 | 0 | 500 | 0 | NULL | 250 | ok | NULL | test",
            ],
            Rows(db, "SELECT ts_utc, provider, model, operation, call_site, project, session_id, tags, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_nanousd, duration_ms, outcome, error_type, pricing_version FROM llm_calls ORDER BY id"));
    }

    [Fact]
    public async Task SixtyFourThreads_AllRecordsAndTheExactCostSumArrive()
    {
        // Back-pressure, not the drop deadline, is under test: on a loaded 2-core machine (every test project at once) the
        // writer can be starved past the default 5 s wait, and a drop there is the documented outcome, not a lost record.
        await using SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions { MaxWriteWait = TimeSpan.FromMinutes(2) });
        const int threads = 64;
        const int perThread = 10_000;

        Thread[] producers = [.. Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < perThread; i++)
            {
                sink.Write(Record(cost: 0.000001234m, project: "p" + t));
            }
        }))];
        Array.ForEach(producers, thread => thread.Start());
        Array.ForEach(producers, thread => thread.Join());
        await sink.FlushAsync();

        using SqliteConnection db = Open();
        Assert.Equal(640_000L, Scalar(db, "SELECT COUNT(*) FROM llm_calls"));
        Assert.Equal(789_760_000L, Scalar(db, "SELECT SUM(cost_nanousd) FROM llm_calls")); // 640,000 × 1,234 nano-USD
        Assert.Equal(Enumerable.Range(0, threads).Select(t => $"p{t} | 10000").Order(StringComparer.Ordinal), Rows(db, "SELECT project, COUNT(*) FROM llm_calls GROUP BY project ORDER BY project"));
        Assert.Equal(0, sink.DroppedRecords);
        Assert.Equal(640_000, sink.WrittenRecords);
    }

    [Fact]
    public async Task Buffered_WriteReturnsBeforeTheCommit()
    {
        await SeedAsync();
        await using SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions { Durability = SqliteDurability.Buffered, BusyTimeout = TimeSpan.FromSeconds(30) });
        using (SqliteConnection locker = Open())
        {
            Execute(locker, "BEGIN EXCLUSIVE");
            sink.Write(Record(0.002m, "buffered")); // the writer is stuck on the lock; the caller is not
            Assert.Equal(0, Count("project = 'buffered'"));
            Execute(locker, "ROLLBACK");
        }

        await sink.FlushAsync();
        Assert.Equal(1, Count("project = 'buffered'"));
    }

    [Fact]
    public async Task Committed_EachWriteReturnsWithItsRecordCommitted()
    {
        await using SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions { Durability = SqliteDurability.Committed });
        for (int i = 1; i <= 20; i++)
        {
            sink.Write(Record(0.001m, "committed"));
            Assert.Equal(i, Count()); // read through another connection, no flush
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                sink.Write(Record(0.001m, "thread" + t));
                Assert.Equal(i + 1, Count($"project = 'thread{t}'"));
            }
        })));
        Assert.Equal(420, sink.WrittenRecords);
    }

    [Fact]
    public async Task Committed_LockedStore_BlocksNoLongerThanMaxWriteWait_NeverThrows_AndWritesOnRelease()
    {
        await SeedAsync();
        await using SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions
        {
            Durability = SqliteDurability.Committed,
            MaxWriteWait = TimeSpan.FromMilliseconds(300),
            BusyTimeout = TimeSpan.FromSeconds(60),
        });
        using (SqliteConnection locker = Open())
        {
            Execute(locker, "BEGIN EXCLUSIVE");
            Stopwatch waited = Stopwatch.StartNew();
            sink.Write(Record(0.002m, "while-locked"));
            // Not a performance assertion: waiting for the lock would take the 60 s busy timeout.
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"Write waited {waited.Elapsed}");
            Assert.Equal(0, Count("project = 'while-locked'"));
            Execute(locker, "ROLLBACK");
        }

        await sink.FlushAsync();
        Assert.Equal(1, Count("project = 'while-locked'"));
    }

    [Fact]
    public void NanoUsd_RoundsSubNanoFractionsHalfToEven()
    {
        Assert.Equal(2L, SqliteCostSink.ToNanoUsd(0.0000000025m)); // 2.5 nano → 2
        Assert.Equal(4L, SqliteCostSink.ToNanoUsd(0.0000000035m)); // 3.5 nano → 4
        Assert.Equal(2_999_990_000L, SqliteCostSink.ToNanoUsd(2.9999900000000002m));
    }

    [Fact]
    public void NanoUsd_OfACostBeyondTheInt64Range_IsNull_NotAnOverflow()
    {
        Assert.Null(SqliteCostSink.ToNanoUsd(10_000_000_000m)); // 1e19 nano-USD > long.MaxValue
        Assert.Null(SqliteCostSink.ToNanoUsd(decimal.MaxValue)); // usd × 1e9 would overflow decimal itself
        Assert.Equal(long.MaxValue, SqliteCostSink.ToNanoUsd(9_223_372_036.854775807m));
    }

    [Fact]
    public async Task AnAbsurdCost_IsStoredAsUnknown_AndTheWriterKeepsGoing()
    {
        await using SqliteCostSink sink = new(DatabasePath);
        sink.Write(Record(100_000_000_000m, "absurd")); // 1e20 nano-USD: does not fit cost_nanousd
        sink.Write(Record(0.5m, "after"));
        await sink.FlushAsync();

        using SqliteConnection db = Open();
        Assert.Equal(["absurd | NULL", "after | 500000000"], Rows(db, "SELECT project, cost_nanousd FROM llm_calls ORDER BY id"));
        Assert.Equal(0, sink.DroppedRecords);
    }

    [Fact]
    public async Task ARecordWithNullRequiredStrings_DoesNotWedgeTheWriter()
    {
        await using SqliteCostSink sink = new(DatabasePath);
        sink.Write(Record(0.1m, "nulls") with { Provider = null!, Model = null!, Operation = null!, CallSite = null! });
        sink.Write(Record(0.5m, "after"));
        await sink.FlushAsync();

        using SqliteConnection db = Open();
        Assert.Equal(["nulls |  |  |  | ", "after | openai | gpt-4o | Tests.Bot.Ask | Bot.cs:1"], Rows(db, "SELECT project, provider, model, operation, call_site FROM llm_calls ORDER BY id"));
    }

    [Fact]
    public void OptionsThatWouldStallOrKillTheWriter_AreRefusedWhenSet()
    {
        // MaxBatchSize 0 made the writer spin taking empty batches; a negative one threw on the writer thread (process exit),
        // as did a negative MaxRetryDelay at the second retry.
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteSinkOptions { MaxBatchSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteSinkOptions { MaxBatchSize = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteSinkOptions { MaxBufferedRecords = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteSinkOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(-5) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteSinkOptions { MaxRetryDelay = TimeSpan.FromDays(30) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteSinkOptions { BusyTimeout = TimeSpan.FromSeconds(-1) });
        Assert.Equal((1, 1, TimeSpan.Zero), new SqliteSinkOptions { MaxBatchSize = 1, MaxBufferedRecords = 1, MaxRetryDelay = TimeSpan.Zero } is var o ? (o.MaxBatchSize, o.MaxBufferedRecords, o.MaxRetryDelay) : default);
    }

    [Fact]
    public async Task AWriteAfterDispose_IsDroppedAndReportedAsSuch_NotAsAFullBuffer()
    {
        using ErrorLog errors = new(DatabasePath);
        SqliteCostSink sink = new(DatabasePath);
        await sink.DisposeAsync();

        sink.Write(Record(0.1m, "late"));

        Assert.Equal(1, sink.DroppedRecords);
        string message = Assert.Single(errors.Messages);
        Assert.Contains("after it was disposed", message, StringComparison.Ordinal);
        Assert.DoesNotContain("is full", message, StringComparison.Ordinal);
    }

    private async Task SeedAsync()
    {
        await using SqliteCostSink first = new(DatabasePath);
        first.Write(Record(0.001m, "setup"));
        await first.FlushAsync();
    }
}
