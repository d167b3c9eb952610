using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Tests.Storage;

/// <summary>
/// A failing store never reaches the caller: each test asserts that Write does not throw, that the failure is
/// reported once with its reason, that the records stay buffered and are written when the store recovers, and what is dropped is counted.
/// </summary>
public sealed class SqliteFailureTests : SqliteTestDatabase
{
    private static readonly TimeSpan ShortRetry = TimeSpan.FromMilliseconds(50);

    [Theory]
    [InlineData(SqliteDurability.Buffered)]
    [InlineData(SqliteDurability.Committed)]
    public async Task ReadOnlyDatabase_IsReported_AndRecordsAreWrittenWhenItIsWritableAgain(SqliteDurability durability)
    {
        await SeedAsync();
        // Tests may run as root, which file permissions do not stop: query_only gives the writer the same SQLITE_READONLY.
        bool readOnly = true;
        await AssertContainedAndRecovered(
            new SqliteSinkOptions { Durability = durability, MaxRetryDelay = ShortRetry, OnConnectionOpened = connection => Execute(connection, $"PRAGMA query_only = {(Volatile.Read(ref readOnly) ? 1 : 0)}") },
            reason: "readonly",
            recover: () => Volatile.Write(ref readOnly, false));
    }

    [Theory]
    [InlineData(SqliteDurability.Buffered)]
    [InlineData(SqliteDurability.Committed)]
    public async Task CorruptFile_IsReported_AndRecordsAreWrittenWhenItIsReplaced(SqliteDurability durability)
    {
        Directory.CreateDirectory(Folder);
        byte[] garbage = new byte[16_384];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(DatabasePath, garbage);

        await AssertContainedAndRecovered(
            new SqliteSinkOptions { Durability = durability, MaxRetryDelay = ShortRetry },
            reason: "not a database",
            recover: () => File.Delete(DatabasePath),
            existingRows: 0);
        using SqliteConnection db = Open();
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(db, "SELECT MAX(version) FROM schema_version"));
    }

    [Theory]
    [InlineData(SqliteDurability.Buffered)]
    [InlineData(SqliteDurability.Committed)]
    public async Task FullDisk_IsReported_AndRecordsAreWrittenWhenThereIsRoom(SqliteDurability durability)
    {
        await SeedAsync();
        // max_page_count cannot go below the current size: the file is full at exactly its present pages.
        bool full = true;
        await AssertContainedAndRecovered(
            new SqliteSinkOptions { Durability = durability, MaxRetryDelay = ShortRetry, OnConnectionOpened = connection => Execute(connection, Volatile.Read(ref full) ? "PRAGMA max_page_count = 1" : "SELECT 1") },
            reason: "full",
            recover: () => Volatile.Write(ref full, false));
    }

    [Theory]
    [InlineData(SqliteDurability.Buffered)]
    [InlineData(SqliteDurability.Committed)]
    public async Task LockedDatabase_IsReported_AndRecordsAreWrittenWhenItIsReleased(SqliteDurability durability)
    {
        await SeedAsync();
        SqliteConnection locker = Open();
        Execute(locker, "BEGIN EXCLUSIVE");
        try
        {
            await AssertContainedAndRecovered(
                new SqliteSinkOptions { Durability = durability, BusyTimeout = TimeSpan.FromMilliseconds(200), MaxRetryDelay = ShortRetry },
                reason: "locked",
                recover: () =>
                {
                    Execute(locker, "ROLLBACK");
                    locker.Dispose();
                });
        }
        finally
        {
            locker.Dispose();
        }
    }

    [Fact]
    public async Task MissingFolder_IsCreated()
    {
        string path = Path.Combine(Folder, "does", "not", "exist", "costs.db");
        await using SqliteCostSink sink = new(path);
        sink.Write(Record(0.001m, "p"));
        await sink.FlushAsync();

        Assert.True(File.Exists(path));
        Assert.Equal(1, sink.WrittenRecords);
    }

    [Fact]
    public async Task FullBuffer_DropsAreCountedAndReportedOncePerEpisode_AndTheBufferedRecordsAreWrittenOnRecovery()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(DatabasePath, "this is not a database, and it is long enough to be read as a header; really it is not.");
        using ErrorLog errors = new(DatabasePath);
        await using SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions { MaxBufferedRecords = 10, MaxRetryDelay = ShortRetry, BusyTimeout = TimeSpan.FromMilliseconds(200) });

        sink.Write(Record(0.001m, "first"));
        await WaitUntil(() => errors.Messages.Any(m => m.Contains("unavailable", StringComparison.Ordinal)));
        for (int i = 0; i < 24; i++)
        {
            sink.Write(Record(0.001m, "more")); // never waits and never throws: the store is known to be failing
        }

        Assert.Equal(15, sink.DroppedRecords); // 10 kept in memory (the batch being retried counts)
        Assert.Single(errors.Messages, m => m.Contains("buffer of 10 records is full", StringComparison.Ordinal));

        File.Delete(DatabasePath);
        await WaitUntil(() => sink.WrittenRecords == 10);
        await sink.FlushAsync();
        Assert.Equal(10, Count());
        Assert.Equal(15, sink.DroppedRecords);
        Assert.Single(errors.Messages, m => m.Contains("room for records again; 15 were dropped", StringComparison.Ordinal));

        // A second outage is a new episode: reported again, with its own count.
        SqliteConnection.ClearAllPools();
        using (SqliteConnection locker = new($"Data Source={DatabasePath};Pooling=False"))
        {
            locker.Open();
            using SqliteCommand exclusive = locker.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            exclusive.ExecuteNonQuery();
            sink.Write(Record(0.001m, "second"));
            await WaitUntil(() => errors.Messages.Count(m => m.Contains("is unavailable:", StringComparison.Ordinal)) == 2);
            for (int i = 0; i < 14; i++)
            {
                sink.Write(Record(0.001m, "second"));
            }

            Assert.Equal(20, sink.DroppedRecords);
            Assert.Equal(2, errors.Messages.Count(m => m.Contains("buffer of 10 records is full", StringComparison.Ordinal)));
            exclusive.CommandText = "COMMIT;";
            exclusive.ExecuteNonQuery();
        }

        await WaitUntil(() => sink.WrittenRecords == 20);
        Assert.Single(errors.Messages, m => m.Contains("room for records again; 5 were dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnusablePath_DisposeCountsWhatWasDropped()
    {
        Directory.CreateDirectory(Folder);
        string blocker = Path.Combine(Folder, "not-a-folder");
        File.WriteAllText(blocker, "a file where the database folder should be");
        SqliteCostSink sink = new(Path.Combine(blocker, "costs.db"), new SqliteSinkOptions { MaxRetryDelay = ShortRetry });

        sink.Write(Record(0.001m, "lost"));
        await Assert.ThrowsAsync<IOException>(() => sink.FlushAsync().AsTask());
        await sink.DisposeAsync();

        Assert.Equal(1, sink.DroppedRecords);
    }

    /// <summary>
    /// Writes records into a store that fails for <paramref name="reason"/> (in committed mode the first write waits for
    /// the failed attempt, the others not at all; a full file may take the first few), then recovers it.
    /// </summary>
    private async Task AssertContainedAndRecovered(SqliteSinkOptions options, string reason, Action recover, long existingRows = 1)
    {
        using ErrorLog errors = new(DatabasePath);
        await using SqliteCostSink sink = new(DatabasePath, options);

        // Enough rows to need new pages, so a full file cannot take them.
        for (int i = 0; i < 500; i++)
        {
            sink.Write(Record(0.001m, "while-failing", tags: [new string('x', 200)]));
        }

        await WaitUntil(() => errors.Messages.Count > 0);
        IOException flush = await Assert.ThrowsAsync<IOException>(() => sink.FlushAsync().AsTask());
        Assert.Contains("stay buffered", flush.Message);

        sink.Write(Record(0.001m, "while-failing")); // known to be failing: returns at once, buffered

        string failure = Assert.Single(errors.Messages);
        Assert.Contains(reason, failure, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("kept in memory", failure, StringComparison.Ordinal);

        recover();
        await WaitUntil(() => sink.WrittenRecords == 501);
        await sink.FlushAsync();
        Assert.Equal(existingRows + 501, Count());
        Assert.Equal(501, Count("project = 'while-failing'"));
        Assert.Equal(0, sink.DroppedRecords);
        Assert.Contains("available again", errors.Messages[^1], StringComparison.Ordinal);
        Assert.Equal(2, errors.Messages.Count); // the failure once, however many attempts failed, then the recovery
    }

    private async Task SeedAsync()
    {
        await using SqliteCostSink first = new(DatabasePath);
        first.Write(Record(0.001m, "setup"));
        await first.FlushAsync();
    }
}
