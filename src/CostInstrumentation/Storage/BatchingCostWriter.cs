using System.IO;
using System.Runtime.InteropServices;

namespace CostInstrumentation;

/// <summary>
/// Records calls to any <see cref="ILlmCostStore"/>, off the callers' threads. <see cref="Write"/> enqueues (and, in
/// <see cref="SqliteDurability.Committed"/> mode, waits for the commit): a dedicated writer thread hands the store one
/// batch at a time. A failing store never reaches the caller: records stay buffered up to
/// <see cref="CostWriterOptions.MaxBufferedRecords"/> and are written when it recovers (the same batch is retried,
/// with a pause doubling up to <see cref="CostWriterOptions.MaxRetryDelay"/>); what does not fit is dropped, counted
/// and reported once per episode. <see cref="FlushAsync"/> and process exit drain the buffer. Owns the store.
/// </summary>
public sealed class BatchingCostWriter : ILlmCostSink, IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly ILlmCostStore _store;
    private readonly CostWriterOptions _options;
    private readonly Thread _writer;

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

    private TaskCompletionSource _attempt = NewSignal();
    private Exception? _lastError;
    private long _dropped;
    private long _droppedBeforeEpisode = -1; // -1 while records fit; else DroppedRecords when the current run of drops began
    private int _reportedWriteAfterDispose;
    private long _written;

    /// <param name="store">Where batches go; disposed with the writer.</param>
    /// <param name="options">Durability, batching and buffering; defaults when null.</param>
    public BatchingCostWriter(ILlmCostStore store, CostWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new CostWriterOptions();
        // A dedicated thread: the writer must keep going when callers saturate the thread pool.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "CostInstrumentation cost writer" };
        _writer.Start();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Records that could not be kept (buffer full, or the writer disposed while the store was failing).</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped);

    /// <summary>Records the store has committed so far.</summary>
    public long WrittenRecords => Interlocked.Read(ref _written);

    private string Location => _store.Location;

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
                    LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"A record was written to the cost sink for '{Location}' after it was disposed; it is dropped (counted in DroppedRecords).");
                }
            }
            else if (Interlocked.CompareExchange(ref _droppedBeforeEpisode, dropped - 1, -1) == -1)
            {
                // Once per episode: the writer's next commit ends it and reports how many were lost.
                LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"The cost database '{Location}' is not keeping up or is unavailable: its buffer of {_options.MaxBufferedRecords} records is full, so records are being dropped (counted in DroppedRecords).");
            }
        }
        else if (_options.Durability == SqliteDurability.Committed)
        {
            WaitForCommit(sequence);
        }
    }

    /// <summary>Queues the record and returns its number, or 0 when the buffer is full or the writer disposed.</summary>
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
    /// (back-pressure, at most <see cref="CostWriterOptions.MaxWriteWait"/>) rather than lose records. While it is failing, nothing waits.
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

    /// <summary>Waits until every record written before the call is in the store.</summary>
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
                throw new IOException($"The cost database '{Location}' is unavailable ({error.Message}); {target - Volatile.Read(ref _completed)} records stay buffered and will be written when it recovers.", error);
            }
        }
    }

    /// <summary>Writes what is buffered (giving up after a failed attempt) and disposes the store.</summary>
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
        _store.Dispose();
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

    /// <summary>One attempt at the batch: true when it is done with (committed, or dropped as unwritable), false to retry.</summary>
    private bool TryCommit(List<LlmCallRecord> batch)
    {
        try
        {
            _store.WriteBatch(CollectionsMarshal.AsSpan(batch));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException && _store.IsUnavailable(exception))
        {
            if (Interlocked.Exchange(ref _lastError, exception) is null)
            {
                LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"The cost database '{Location}' is unavailable: {exception.Message}. Records are kept in memory (up to {_options.MaxBufferedRecords}) and written when it recovers.", exception);
            }

            Signal();
            return false;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Not the store failing but this batch (a bug, a record no row can hold): retrying it would fail for ever,
            // and an exception escaping the writer thread would end the process. The batch is dropped, counted and reported.
            Abandon(batch, $"The cost sink for '{Location}' could not write a batch of {batch.Count} records ({exception.GetType().Name}: {exception.Message}); they were dropped.", exception);
            return true;
        }

        Interlocked.Add(ref _written, batch.Count);
        Interlocked.Add(ref _completed, batch.Count);
        if (Interlocked.Exchange(ref _lastError, null) is not null)
        {
            LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"The cost database '{Location}' is available again; buffered records are being written.");
        }

        if (Volatile.Read(ref _droppedBeforeEpisode) >= 0 && Interlocked.Exchange(ref _droppedBeforeEpisode, -1) is long before and >= 0)
        {
            LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"The cost database '{Location}' has room for records again; {DroppedRecords - before} were dropped while its buffer was full.");
        }

        Signal();
        return true;
    }

    private void Abandon(List<LlmCallRecord> batch, string? message = null, Exception? exception = null)
    {
        Interlocked.Add(ref _dropped, batch.Count);
        Interlocked.Add(ref _completed, batch.Count);
        LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, message ?? $"The cost sink for '{Location}' was disposed while its database was unavailable: {batch.Count} records were dropped.", exception);
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

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            FlushAsync().AsTask().Wait(_options.ExitDrainTimeout);
        }
        catch (Exception exception)
        {
            LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"Records for '{Location}' could not all be written at process exit: {exception.Message}", exception);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
