using System.IO;

namespace CostInstrumentation.Tests.Storage;

/// <summary>The batching writer over a store that is not SQLite: what it promises any <see cref="ILlmCostStore"/>.</summary>
public sealed class BatchingCostWriterTests
{
    private static readonly CostWriterOptions Options = new() { MaxBatchSize = 7, MaxRetryDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task AnUnavailableStore_GetsTheSameBatchesAgain_InOrder_OneAtATime_UntilItRecovers()
    {
        FakeStore store = new() { Failing = true };
        await using BatchingCostWriter writer = new(store, Options);
        for (int i = 0; i < 50; i++)
        {
            writer.Write(Call(i));
        }

        await Assert.ThrowsAsync<IOException>(() => writer.FlushAsync().AsTask());
        store.Failing = false;
        await FlushOnceRecovered(writer);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), store.Committed.Select(r => r.Project));
        Assert.True(store.FailedAttempts > 0);
        Assert.Equal(1, store.MostConcurrentCalls);
        Assert.Equal((50, 0), (writer.WrittenRecords, writer.DroppedRecords));
    }

    [Fact]
    public async Task ABatchTheStoreCanNeverWrite_IsDroppedAndCounted_AndTheNextOnesAreWritten()
    {
        FakeStore store = new() { Poison = "1" };
        await using BatchingCostWriter writer = new(store, new CostWriterOptions { MaxBatchSize = 1 });
        writer.Write(Call(0));
        writer.Write(Call(1));
        writer.Write(Call(2));
        await writer.FlushAsync();

        Assert.Equal(["0", "2"], store.Committed.Select(r => r.Project));
        Assert.Equal((2, 1), (writer.WrittenRecords, writer.DroppedRecords));
    }

    [Fact]
    public async Task Dispose_DisposesTheStore_AfterWritingWhatWasBuffered()
    {
        FakeStore store = new();
        BatchingCostWriter writer = new(store, Options);
        writer.Write(Call(0));
        await writer.DisposeAsync();

        Assert.Single(store.Committed);
        Assert.True(store.Disposed);
    }

    private static async Task FlushOnceRecovered(BatchingCostWriter writer)
    {
        // An attempt begun before the store recovered may still fail: its flush throws, the next one succeeds.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await writer.FlushAsync();
                return;
            }
            catch (IOException) when (attempt < 1_000)
            {
            }
        }
    }

    private static LlmCallRecord Call(int i) => new()
    {
        TimestampUtc = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        Provider = "openai",
        Model = "gpt-4o",
        Operation = "Tests.Bot.Ask",
        CallSite = "Bot.cs:1",
        Project = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Tags = [],
        CostUsd = 0.001m,
    };

    private sealed class FakeStore : ILlmCostStore
    {
        private int _inside;

        public volatile bool Failing;

        public string? Poison { get; init; }

        public List<LlmCallRecord> Committed { get; } = [];

        public int FailedAttempts { get; private set; }

        public int MostConcurrentCalls { get; private set; }

        public bool Disposed { get; private set; }

        public string Location => "fake://store";

        public void WriteBatch(ReadOnlySpan<LlmCallRecord> batch)
        {
            MostConcurrentCalls = Math.Max(MostConcurrentCalls, Interlocked.Increment(ref _inside));
            try
            {
                if (Failing)
                {
                    FailedAttempts++;
                    throw new IOException("the fake store is down");
                }

                foreach (LlmCallRecord record in batch)
                {
                    if (record.Project == Poison)
                    {
                        throw new InvalidDataException("no row can hold this record");
                    }
                }

                Committed.AddRange(batch);
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }

        public bool IsUnavailable(Exception exception) => exception is IOException;

        public void Dispose() => Disposed = true;
    }
}
