namespace CostInstrumentation;

/// <summary>When <see cref="SqliteCostSink.Write"/> returns, relative to the record reaching the database.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <see cref="SqliteCostSink.Write"/> only enqueues and returns at once; the writer commits within milliseconds.
    /// The metered call pays nothing for storage, but records not yet committed are lost if the process is killed
    /// (a normal exit drains them, see <see cref="CostWriterOptions.ExitDrainTimeout"/>). The default.
    /// </summary>
    Buffered,

    /// <summary>
    /// <see cref="SqliteCostSink.Write"/> blocks until the batch holding the record has committed, so a record whose
    /// call returned survives the process being killed (unless the wait below ran out or the store was failing). The caller pays a commit's latency (concurrent callers share a
    /// batch, so they share its commit). It waits at most <see cref="CostWriterOptions.MaxWriteWait"/>, returns
    /// as soon as the store is known to be failing (the record then stays buffered like in <see cref="Buffered"/>)
    /// and never throws.
    /// </summary>
    Committed,
}
