namespace CostInstrumentation;

/// <summary>
/// The write side of a cost store: commits batches of calls, with every rollup it keeps, in one transaction.
/// <see cref="BatchingCostWriter"/> drives it (queue, back-pressure, retries, durability waits), so an implementation
/// only has to store a batch. SQLite implements it (<c>SqliteCostStore</c>); a shared PostgreSQL ledger is next.
/// </summary>
/// <remarks>
/// What an implementation must guarantee:
/// <list type="bullet">
/// <item><b>Atomic batch.</b> <see cref="WriteBatch"/> stores every call of the batch and adds the batch to every rollup
/// (daily, hourly) in one transaction, or nothing at all. When it returns, the batch is committed (as durable as the
/// store's commit is: SQLite WAL with <c>synchronous = NORMAL</c>).</item>
/// <item><b>Retry.</b> When it throws, nothing of the batch is visible and the writer offers the same batch again
/// later. A store whose commit can succeed without it knowing (a lost network reply) must make that retry a no-op,
/// e.g. a key per call with <c>INSERT … ON CONFLICT DO NOTHING RETURNING</c> and rollups fed only by the rows it
/// returns. SQLite's local commit is never in doubt, so it needs no key.</item>
/// <item><b>Ordering.</b> Calls arrive in the order they were written, batches one after another, from one thread:
/// <see cref="WriteBatch"/> is never called concurrently, and stored ids grow in that order.</item>
/// <item><b>Money.</b> A cost is stored as integer nano-USD (rounded half to even); an unknown cost, or one beyond
/// what the column holds, is stored as unknown (NULL), never as 0.</item>
/// <item><b>Failures.</b> A store that is unavailable (locked, read-only, full, corrupt, unreachable) throws an
/// exception for which <see cref="IsUnavailable"/> is true; it may release its connection and open it again on the
/// next call. Any other exception means this batch can never be written: the writer drops it and reports it.</item>
/// </list>
/// </remarks>
public interface ILlmCostStore : IDisposable
{
    /// <summary>Where the store is (a file path, a host and database; never a secret), named in failure reports.</summary>
    string Location { get; }

    /// <summary>Stores the calls and adds them to the rollups, atomically; opens the store (and migrates its schema) first if needed.</summary>
    void WriteBatch(ReadOnlySpan<LlmCallRecord> batch);

    /// <summary>Whether <paramref name="exception"/>, thrown by <see cref="WriteBatch"/>, means the store is unavailable (retry the batch later).</summary>
    bool IsUnavailable(Exception exception);
}
