namespace CostInstrumentation;

/// <summary>How a <see cref="BatchingCostWriter"/> batches, buffers and waits, whatever store it writes to.</summary>
public class CostWriterOptions
{
    /// <summary>Whether a write returns at once (<see cref="SqliteDurability.Buffered"/>, the default) or after its record has committed.</summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Buffered;

    /// <summary>Records kept in memory while they wait to be written (also while the store is failing); beyond it new records are dropped and counted.</summary>
    public int MaxBufferedRecords
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one record must fit the buffer.");
    } = 100_000;

    /// <summary>
    /// How long a caller may wait: for room when the buffer is full but the store is healthy (back-pressure) before the
    /// record is dropped, and, in <see cref="SqliteDurability.Committed"/> mode, for its record to commit.
    /// </summary>
    public TimeSpan MaxWriteWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Records written per transaction at most. A batch touches each index leaf it lands on once, however many of its
    /// records go there, so larger batches write fewer pages per record (10,000 rather than 2,000: about −12 % CPU per
    /// record and +20 % records/s under a flood); a batch is only this large when that many records are waiting.
    /// </summary>
    public int MaxBatchSize
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A batch holds at least one record.");
    } = 10_000;

    /// <summary>The longest pause between attempts while the store is failing (the pause doubles from 50 ms up to it).</summary>
    public TimeSpan MaxRetryDelay
    {
        get;
        set => field = value >= TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The pause between attempts must be from 0 to about 24.8 days (what Thread.Sleep takes).");
    } = TimeSpan.FromSeconds(5);

    /// <summary>How long process exit may wait for buffered records to be written.</summary>
    public TimeSpan ExitDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
