using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// Records calls to SQLite (schema in DESIGN.md "Storage"). <see cref="Write"/> enqueues (and, in
/// <see cref="SqliteDurability.Committed"/> mode, waits for the commit): a dedicated writer thread commits batches,
/// one transaction each, with a prepared INSERT. A failing store (locked, read-only, missing, full, corrupt) never
/// reaches the caller: records stay buffered up to <see cref="SqliteSinkOptions.MaxBufferedRecords"/> and are written
/// when it recovers; what does not fit is dropped, counted and reported. <see cref="FlushAsync"/> and process exit drain the buffer.
/// </summary>
public sealed class SqliteCostSink : ILlmCostSink, IAsyncDisposable
{
    private const decimal NanoPerUsd = NanoUsd.PerUsd;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly string _path;
    private readonly SqliteSinkOptions _options;
    private readonly Thread _writer;
    private readonly Dictionary<RollupKey, RollupTotals> _rollups = [];

    // Guards _pending, _enqueued, _writerIdle and _disposed; the writer waits on it when there is nothing to write.
    private readonly object _gate = new();
    private readonly Queue<LlmCallRecord> _pending = new();
    private bool _writerIdle;
    private int _disposed;

    // Records are numbered in queue order, so "every record up to N is done" is a single number.
    private long _enqueued;
    private long _completed;

    // Committed-mode callers wait on it for _completed to reach their record.
    private readonly object _commitGate = new();
    private int _commitWaiters;

    private SqliteConnection? _connection;
    private SqliteCallInsert? _insert;
    private SqliteCommand? _upsertRollup;
    private TaskCompletionSource _attempt = NewSignal();
    private Exception? _lastError;
    private long _dropped;
    private long _droppedBeforeEpisode = -1; // -1 while records fit; else DroppedRecords when the current run of drops began
    private int _reportedWriteAfterDispose;
    private long _written;

    /// <param name="path">The database file; created with its folder and schema when missing.</param>
    /// <param name="options">Durability, batching and buffering; defaults when null.</param>
    public SqliteCostSink(string path, SqliteSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        _options = options ?? new SqliteSinkOptions();
        // A dedicated thread: the writer must keep going when callers saturate the thread pool.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "CostInstrumentation SQLite writer" };
        _writer.Start();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => _path;

    /// <summary>Records that could not be kept (buffer full, or the sink disposed while the store was failing).</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped);

    /// <summary>Records written to the database so far.</summary>
    public long WrittenRecords => Interlocked.Read(ref _written);

    /// <inheritdoc />
    public void Write(in LlmCallRecord record)
    {
        long sequence = TryEnqueue(record);
        if (sequence == 0)
        {
            sequence = WaitForRoom(record);
        }

        if (sequence == 0)
        {
            long dropped = Interlocked.Increment(ref _dropped);
            if (Volatile.Read(ref _disposed) != 0)
            {
                // Not a full buffer: a call still holding the sink after it was replaced (Configure) or closed.
                if (Interlocked.Exchange(ref _reportedWriteAfterDispose, 1) == 0)
                {
                    LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"A record was written to the cost sink for '{_path}' after it was disposed; it is dropped (counted in SqliteCostSink.DroppedRecords).");
                }
            }
            else if (Interlocked.CompareExchange(ref _droppedBeforeEpisode, dropped - 1, -1) == -1)
            {
                // Once per episode: the writer's next commit ends it and reports how many were lost.
                LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"The cost database '{_path}' is not keeping up or is unavailable: its buffer of {_options.MaxBufferedRecords} records is full, so records are being dropped (counted in SqliteCostSink.DroppedRecords).");
            }
        }
        else if (_options.Durability == SqliteDurability.Committed)
        {
            WaitForCommit(sequence);
        }
    }

    /// <summary>Queues the record and returns its number, or 0 when the buffer is full or the sink disposed.</summary>
    private long TryEnqueue(in LlmCallRecord record)
    {
        lock (_gate)
        {
            // Counts the batch being written too: a failing store holds it, and it is memory all the same.
            if (_disposed != 0 || _enqueued - Volatile.Read(ref _completed) >= _options.MaxBufferedRecords)
            {
                return 0;
            }

            _pending.Enqueue(record);
            if (_writerIdle)
            {
                Monitor.Pulse(_gate);
            }

            return ++_enqueued;
        }
    }

    /// <summary>
    /// The buffer is full. While the store is healthy the writer is only behind: the caller waits for room
    /// (back-pressure, at most <see cref="SqliteSinkOptions.MaxWriteWait"/>) rather than lose records. While it is failing, nothing waits.
    /// </summary>
    private long WaitForRoom(in LlmCallRecord record)
    {
        // Sleeping, not signalled: many blocked producers woken per freed slot would starve the writer.
        long deadline = Environment.TickCount64 + (long)_options.MaxWriteWait.TotalMilliseconds;
        while (Volatile.Read(ref _lastError) is null && Volatile.Read(ref _disposed) == 0 && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(1);
            if (TryEnqueue(record) is > 0 and long sequence)
            {
                return sequence;
            }
        }

        return 0;
    }

    /// <summary>Committed mode: waits until the record's batch is done, the store is known to fail, or the wait is up.</summary>
    private void WaitForCommit(long sequence)
    {
        long deadline = Environment.TickCount64 + (long)_options.MaxWriteWait.TotalMilliseconds;
        lock (_commitGate)
        {
            while (Volatile.Read(ref _completed) < sequence && Volatile.Read(ref _lastError) is null)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return;
                }

                _commitWaiters++;
                Monitor.Wait(_commitGate, (int)Math.Min(left, int.MaxValue));
                _commitWaiters--;
            }
        }
    }

    /// <summary>Waits until every record written before the call is in the database.</summary>
    /// <exception cref="IOException">The store is failing; the records stay buffered and are written when it recovers.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        long target = Interlocked.Read(ref _enqueued);
        while (Volatile.Read(ref _completed) < target)
        {
            Task attempt = Volatile.Read(ref _attempt).Task;
            if (Volatile.Read(ref _completed) >= target)
            {
                break;
            }

            await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _lastError) is { } error && Volatile.Read(ref _completed) < target)
            {
                throw new IOException($"The cost database '{_path}' is unavailable ({error.Message}); {target - Volatile.Read(ref _completed)} records stay buffered and will be written when it recovers.", error);
            }
        }
    }

    /// <summary>Writes what is buffered (giving up after a failed attempt) and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed != 0)
            {
                return;
            }

            _disposed = 1;
            Monitor.Pulse(_gate);
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await Task.Run(_writer.Join).ConfigureAwait(false);
        CloseConnection();
    }

    private void WriteLoop()
    {
        List<LlmCallRecord> batch = new(_options.MaxBatchSize);
        while (Take(batch))
        {
            TimeSpan delay = FirstRetryDelay;
            while (!TryCommit(batch))
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    Abandon(batch);
                    break;
                }

                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }

            batch.Clear();
        }
    }

    /// <summary>Moves the next batch out of the queue, waiting while it is empty; false once disposed and drained.</summary>
    private bool Take(List<LlmCallRecord> batch)
    {
        lock (_gate)
        {
            while (_pending.Count == 0)
            {
                if (_disposed != 0)
                {
                    return false;
                }

                _writerIdle = true;
                Monitor.Wait(_gate);
                _writerIdle = false;
            }

            for (int i = Math.Min(_pending.Count, _options.MaxBatchSize); i > 0; i--)
            {
                batch.Add(_pending.Dequeue());
            }

            return true;
        }
    }

    private bool TryCommit(List<LlmCallRecord> batch)
    {
        try
        {
            SqliteCallInsert insert = _insert ?? OpenInsert();
            using (SqliteTransaction transaction = _connection!.BeginTransaction())
            {
                // The rollups get each batch's totals per group, so a batch costs one upsert per group, not per record.
                _rollups.Clear();
                foreach (LlmCallRecord record in batch)
                {
                    long? cost = record.CostUsd is { } usd ? ToNanoUsd(usd) : null;
                    if (cost is null && record.CostUsd is not null)
                    {
                        LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"A call of {record.Operation} cost {record.CostUsd} USD, beyond what cost_nanousd can hold; it is stored with an unknown cost.", onceKey: "nanousd-overflow:" + _path);
                    }

                    insert.Execute(record, cost);
                    RollupKey key = new(DateOnly.FromDateTime(record.TimestampUtc.UtcDateTime), record.Provider ?? string.Empty, record.Model ?? string.Empty, record.Project ?? string.Empty);
                    ref RollupTotals totals = ref CollectionsMarshal.GetValueRefOrAddDefault(_rollups, key, out _);
                    totals = totals.Add(record, cost);
                }

                WriteRollups(transaction);
                transaction.Commit();
            }

            Interlocked.Add(ref _written, batch.Count);
            Interlocked.Add(ref _completed, batch.Count);
            if (Interlocked.Exchange(ref _lastError, null) is not null)
            {
                LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"The cost database '{_path}' is available again; buffered records are being written.");
            }

            if (Volatile.Read(ref _droppedBeforeEpisode) >= 0 && Interlocked.Exchange(ref _droppedBeforeEpisode, -1) is long before and >= 0)
            {
                LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"The cost database '{_path}' has room for records again; {DroppedRecords - before} were dropped while its buffer was full.");
            }

            Signal();
            return true;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            CloseConnection();
            if (Interlocked.Exchange(ref _lastError, exception) is null)
            {
                LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"The cost database '{_path}' is unavailable: {exception.Message}. Records are kept in memory (up to {_options.MaxBufferedRecords}) and written when it recovers.", exception);
            }

            Signal();
            return false;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Not the store failing but this batch (a bug, a record no row can hold): retrying it would fail for ever,
            // and an exception escaping the writer thread would end the process. The batch is dropped, counted and reported.
            CloseConnection();
            Abandon(batch, $"The cost sink for '{_path}' could not write a batch of {batch.Count} records ({exception.GetType().Name}: {exception.Message}); they were dropped.", exception);
            return true;
        }
    }

    private SqliteCallInsert OpenInsert()
    {
        string? folder = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(_options.BusyTimeout.TotalSeconds),
        }.ToString());
        connection.Open();
        _connection = connection;
        SqliteSchema.Prepare(connection);
        _options.OnConnectionOpened?.Invoke(connection);
        // Kept as soon as made: a statement left unfinalized would keep the file open after a failed attempt.
        SqliteCallInsert insert = new(connection);
        _insert = insert;
        SqliteCommand upsert = connection.CreateCommand();
        _upsertRollup = upsert;
        upsert.CommandText = SqliteSchema.UpsertRollup;
        foreach (string name in new[] { "$day", "$provider", "$model", "$project", "$calls", "$input", "$cached", "$cacheWrite", "$output", "$reasoning", "$cost", "$unpriced", "$failed", "$lowerBound" })
        {
            upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        upsert.Prepare();
        return insert;
    }

    /// <summary>Adds the batch's totals to the daily rollups.</summary>
    private void WriteRollups(SqliteTransaction transaction)
    {
        SqliteCommand upsert = _upsertRollup!;
        upsert.Transaction = transaction;
        SqliteParameterCollection p = upsert.Parameters;
        foreach ((RollupKey key, RollupTotals totals) in _rollups)
        {
            p[0].Value = key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p[1].Value = key.Provider;
            p[2].Value = key.Model;
            p[3].Value = key.Project;
            p[4].Value = totals.Calls;
            p[5].Value = totals.Input;
            p[6].Value = totals.Cached;
            p[7].Value = totals.CacheWrite;
            p[8].Value = totals.Output;
            p[9].Value = totals.Reasoning;
            p[10].Value = totals.CostNanoUsd;
            p[11].Value = totals.Unpriced;
            p[12].Value = totals.Failed;
            p[13].Value = totals.LowerBound;
            upsert.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// USD to integer nano-USD, rounded half to even (sub-nano fractions of rates with float noise); null — an unknown
    /// cost — when it does not fit a 64-bit integer (beyond ±9.2 billion USD: only absurd token counts get there).
    /// </summary>
    internal static long? ToNanoUsd(decimal usd)
    {
        // Compared before multiplying: usd × 10⁹ itself overflows decimal for |usd| above 7.9 × 10¹⁹.
        const decimal Limit = long.MaxValue / NanoPerUsd;
        if (usd > Limit + 1m || usd < -Limit - 1m)
        {
            return null;
        }

        decimal nano = Math.Round(usd * NanoPerUsd, MidpointRounding.ToEven);
        return nano is >= long.MinValue and <= long.MaxValue ? (long)nano : null;
    }

    private void Abandon(List<LlmCallRecord> batch, string? message = null, Exception? exception = null)
    {
        Interlocked.Add(ref _dropped, batch.Count);
        Interlocked.Add(ref _completed, batch.Count);
        LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, message ?? $"The cost sink for '{_path}' was disposed while its database was unavailable: {batch.Count} records were dropped.", exception);
        Signal();
    }

    /// <summary>Wakes flushes and committed-mode callers after each attempt, whether it committed or failed.</summary>
    private void Signal()
    {
        Interlocked.Exchange(ref _attempt, NewSignal()).TrySetResult();
        lock (_commitGate)
        {
            if (_commitWaiters > 0)
            {
                Monitor.PulseAll(_commitGate);
            }
        }
    }

    private void CloseConnection()
    {
        _insert?.Dispose();
        _insert = null;
        _upsertRollup?.Dispose();
        _upsertRollup = null;
        _connection?.Dispose();
        _connection = null;
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            FlushAsync().AsTask().Wait(_options.ExitDrainTimeout);
        }
        catch (Exception exception)
        {
            LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"Records for '{_path}' could not all be written at process exit: {exception.Message}", exception);
        }
    }

    private readonly record struct RollupKey(DateOnly Day, string Provider, string Model, string Project);

    private readonly record struct RollupTotals(long Calls, long Input, long Cached, long CacheWrite, long Output, long Reasoning, long CostNanoUsd, long Unpriced, long Failed, long LowerBound)
    {
        public RollupTotals Add(in LlmCallRecord record, long? costNanoUsd) => new(
            Calls + 1,
            Input + record.Usage.InputTokens,
            Cached + record.Usage.CachedInputTokens,
            CacheWrite + record.Usage.CacheWriteInputTokens,
            Output + record.Usage.OutputTokens,
            Reasoning + record.Usage.ReasoningTokens,
            CostNanoUsd + (costNanoUsd ?? 0),
            Unpriced + (costNanoUsd is null ? 1 : 0),
            Failed + (record.Outcome == LlmCallOutcome.Ok ? 0 : 1),
            LowerBound + (SqliteCallInsert.IsLowerBound(record, costNanoUsd) ? 1 : 0));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
