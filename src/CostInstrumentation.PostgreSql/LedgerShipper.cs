using Npgsql;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// Ships the host's outbox to the shared ledger on its own thread: every <see cref="PostgreSqlLedgerOptions.MaxBatchDelay"/>
/// (or at once when asked to flush) it reads the calls after the shipped mark, sends them in batches of up to
/// <see cref="PostgreSqlLedgerOptions.MaxBatchSize"/> (<see cref="ShipStatement"/>), and moves the mark only after the
/// ledger has committed. A failure leaves the mark where it was: the same calls are sent again later, and the ledger
/// counts each once. Alerts the ledger raises are raised here, and unused leases given back from here. A sink so that the
/// pipeline flushes and disposes it after the SQLite sink; it keeps nothing of the records it is handed (they reach it
/// through the outbox).
/// </summary>
internal sealed class LedgerShipper : ILlmCostSink, IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly PostgreSqlLedger _ledger;
    private readonly string _outboxPath;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly HashSet<DateTime> _months = [];
    private readonly List<OutboxCall> _calls = [];
    private readonly List<RejectedCall> _rejected = [];
    private readonly List<(long LocalId, string Key, DateTime PeriodStart)> _budgets = [];
    private readonly List<(string Key, DateTime PeriodStart, decimal Threshold)> _raised = [];
    private readonly Lock _outboxGate = new();
    private Outbox? _outbox;
    private BudgetAccount[]? _keyedAccounts;
    private (BudgetAccount Account, string Key)[] _keyedBudgets = [];
    private TaskCompletionSource _attempt = NewSignal();
    private Exception? _lastError;
    private long _shippedThrough = -1;
    private long _shipped;
    private volatile bool _stopping;

    internal LedgerShipper(PostgreSqlLedger ledger, string outboxPath)
    {
        _ledger = ledger;
        _outboxPath = outboxPath;
        _thread = new Thread(Run) { IsBackground = true, Name = "CostInstrumentation ledger shipper" };
        _thread.Start();
    }

    /// <summary>Calls this host has added to the ledger (not counting those a retried batch found already there).</summary>
    internal long ShippedCalls => Interlocked.Read(ref _shipped);

    /// <summary>The outbox reaches the shipper through the SQLite file, not through here.</summary>
    public void Write(in LlmCallRecord record)
    {
    }

    /// <summary>Waits until every call the outbox holds now is in the ledger.</summary>
    /// <exception cref="IOException">The ledger cannot be reached; the calls stay in the outbox and are shipped when it can.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        long target;
        lock (_outboxGate)
        {
            target = OpenOutbox().LastRecorded();
        }

        while (Volatile.Read(ref _shippedThrough) < target)
        {
            Task attempt = Volatile.Read(ref _attempt).Task;
            _wake.Release();
            await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _lastError) is { } error && Volatile.Read(ref _shippedThrough) < target)
            {
                throw new IOException($"The shared ledger {_ledger.Location} cannot be reached ({error.Message}); the calls stay in the outbox '{_outboxPath}' and are shipped when it can.", error);
            }
        }
    }

    /// <summary>Makes a last attempt to ship what the outbox holds, then stops; what is left is shipped by the next run.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _wake.Release();
        await Task.Run(_thread.Join).ConfigureAwait(false);
        lock (_outboxGate)
        {
            _outbox?.Dispose();
        }

        _ledger.Dispose(); // after the last batch and the leases given back: its connections close
    }

    private void Run()
    {
        TimeSpan delay = FirstRetryDelay;
        while (true)
        {
            bool stopping = _stopping;
            bool failed = !TryShipAll();
            if (!failed || stopping)
            {
                _ledger.Leases.ReturnUnused(all: stopping); // not while the ledger is unreachable: each try would wait for its timeout
            }

            if (stopping)
            {
                return;
            }

            delay = failed ? TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _ledger.Options.MaxRetryDelay.Ticks)) : FirstRetryDelay;
            _wake.Wait(failed ? delay : _ledger.Options.MaxBatchDelay);
        }
    }

    /// <summary>Ships batches until the outbox is drained; false when an attempt failed.</summary>
    private bool TryShipAll()
    {
        try
        {
            while (ShipBatch() == _ledger.Options.MaxBatchSize)
            {
            }

            if (Interlocked.Exchange(ref _lastError, null) is not null)
            {
                _ledger.Report($"The shared ledger {_ledger.Location} is reachable again; the outbox is being shipped.");
            }

            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (Interlocked.Exchange(ref _lastError, exception) is null)
            {
                _ledger.Report($"Shipping calls to the shared ledger {_ledger.Location} failed ({exception.Message}); they stay in the outbox '{_outboxPath}' and are shipped when it can be reached.", exception);
            }

            return false;
        }
        finally
        {
            Interlocked.Exchange(ref _attempt, NewSignal()).TrySetResult();
        }
    }

    /// <summary>Reads and ships one batch; returns how many outbox rows it covered.</summary>
    private int ShipBatch()
    {
        if (_ledger.Budgets is null)
        {
            return 0; // The pipeline is still being built: a call shipped now would miss its budget counters.
        }

        _calls.Clear();
        _rejected.Clear();
        _budgets.Clear();
        Outbox outbox;
        long last;
        lock (_outboxGate)
        {
            outbox = OpenOutbox();
            last = outbox.ReadAfterMark(_ledger.Options.MaxBatchSize, _calls, _rejected);
        }

        Volatile.Write(ref _shippedThrough, Math.Max(Volatile.Read(ref _shippedThrough), outbox.ShippedThrough));
        int rows = _calls.Count + _rejected.Count;
        if (rows == 0 && _raised.Count == 0)
        {
            return 0; // An empty batch only when alerts raised since the last one are to be marked delivered.
        }

        using NpgsqlConnection connection = _ledger.Open();
        EnsurePartitions(connection);
        BudgetAccount[] accounts = _ledger.Budgets?.Accounts ?? [];
        if (!ReferenceEquals(accounts, _keyedAccounts))
        {
            (_keyedAccounts, _keyedBudgets) = (accounts, LedgerBudgetKeys.Periodic(accounts));
        }

        foreach (OutboxCall call in _calls)
        {
            LedgerBudgetKeys.Assign(_keyedBudgets, call.Subject, call.TimestampUtc, call.LocalId, _budgets);
        }

        (long added, var alerts) = PostgreSqlLedger.RetryConflicts(() => ShipStatement.Execute(connection, outbox.HostId, _calls, _budgets, _rejected, _raised));
        _raised.Clear();
        lock (_outboxGate)
        {
            outbox.MarkShipped(last);
        }

        Volatile.Write(ref _shippedThrough, last);
        Interlocked.Add(ref _shipped, added);
        foreach (RejectedCall rejected in _rejected)
        {
            _ledger.Report($"The outbox row {rejected.LocalId} of '{_outboxPath}' is not a valid call ({rejected.Reason}); it is kept in llmcost_rejected_calls, not counted.");
        }

        foreach ((string key, DateTimeOffset periodStart, decimal threshold, long spent) in alerts)
        {
            Raise(accounts, key, periodStart, threshold, spent);
            _raised.Add((key, periodStart.UtcDateTime, threshold));
        }

        return rows;
    }

    private void Raise(BudgetAccount[] accounts, string key, DateTimeOffset periodStart, decimal threshold, long spentNano)
    {
        if (LedgerBudgetKeys.Find(accounts, key) is { } account && _ledger.RaiseAlert is { } raise
            && Array.IndexOf(account.Thresholds, BudgetAccount.Normalize(threshold)) is >= 0 and int level)
        {
            raise(account, new LlmBudgetAlertEventArgs(account.Budget, account.Levels[level], account.Thresholds[level], NanoUsd.ToUsd(spentNano), periodStart));
        }
    }

    /// <summary>Creates the monthly partitions the batch needs (once per month and process).</summary>
    private void EnsurePartitions(NpgsqlConnection connection)
    {
        foreach (OutboxCall call in _calls)
        {
            DateTime month = new(call.TimestampUtc.Year, call.TimestampUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            if (!_months.Contains(month))
            {
                using NpgsqlCommand command = new("SELECT llmcost_ensure_month($1)", connection);
                command.Parameters.Add(new() { Value = month });
                PostgreSqlLedger.RetryConflicts(command.ExecuteNonQuery);
                _months.Add(month);
            }
        }
    }

    private Outbox OpenOutbox() => _outbox ??= new Outbox(_outboxPath);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
