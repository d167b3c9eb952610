using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// The SQLite <see cref="ILlmBudgetStore"/>: loads entered rows, upserts declared budgets, reads the spend and alerts of
/// a current period at start-up, and writes <c>budget_alerts</c> rows on its own task, off the callers' threads.
/// </summary>
internal sealed class SqliteBudgetStore : ILlmBudgetStore
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly Channel<PendingAlert> _alerts = Channel.CreateBounded<PendingAlert>(new BoundedChannelOptions(10_000) { SingleReader = true });
    private readonly Task _writer;
    private readonly LlmCostErrorReporter _errors;

    internal SqliteBudgetStore(string path, LlmCostErrorReporter errors)
    {
        _errors = errors;
        // Opened at Configure, before the sink's first write would create the folder: a first run must not lose its budgets.
        string fullPath = Path.GetFullPath(path);
        if (Path.GetDirectoryName(fullPath) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = false }.ToString());
        try
        {
            _connection.Open();
            SqliteSchema.Prepare(_connection);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }

        _writer = Task.Run(WriteAlertsAsync);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>How long process exit waits for queued alerts to be stored (a lost row would be raised again after a restart).</summary>
    internal static TimeSpan ExitDrainTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The enabled rows people entered (not mirrors of declared budgets); a row that is not a valid budget is reported and skipped.</summary>
    public IReadOnlyList<StoredBudget> LoadEntered()
    {
        List<StoredBudget> budgets = [];
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT id, scope, scope_value, period, limit_nanousd, hard_limit, fallback_model, warn_at, source FROM budgets WHERE declared_key IS NULL AND enabled <> 0 ORDER BY id;";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                try
                {
                    if (!BudgetNames.TryParse(reader.GetString(1), out BudgetScope scope) || !BudgetNames.TryParse(reader.GetString(3), out BudgetPeriod period))
                    {
                        throw new FormatException($"unknown scope '{reader.GetString(1)}' or period '{reader.GetString(3)}'");
                    }

                    budgets.Add(new StoredBudget(id, new LlmBudget(scope, reader.IsDBNull(2) ? null : reader.GetString(2), period, NanoUsd.ToUsd(reader.GetInt64(4)))
                    {
                        HardLimit = reader.GetInt64(5) != 0,
                        Fallback = reader.IsDBNull(6) ? null : reader.GetString(6),
                        WarnAt = WarnAtColumn.Read(reader.GetString(7)),
                        Source = reader.IsDBNull(8) ? $"budgets table row {id}" : reader.GetString(8),
                    }));
                }
                catch (Exception exception) when (exception is FormatException or ArgumentException or JsonException or InvalidOperationException)
                {
                    // Once per row and problem: the rows are read again every refresh interval.
                    _errors.Report(LlmCostErrorKind.InvalidBudget, $"The budgets table row {id} is not a valid budget and is not enforced: {exception.Message}", exception, onceKey: $"{id}: {exception.Message}");
                }
            }
        }

        return budgets;
    }

    /// <summary>Writes (or updates) the row mirroring a budget declared in code or options; returns its id.</summary>
    public long Upsert(LlmBudget budget)
    {
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, fallback_model, warn_at, source, declared_key)
                VALUES ($scope, $value, $period, $limit, $hard, $fallback, $warnAt, $source, $key)
                ON CONFLICT (declared_key) DO UPDATE SET limit_nanousd = excluded.limit_nanousd, hard_limit = excluded.hard_limit,
                    fallback_model = excluded.fallback_model, warn_at = excluded.warn_at
                RETURNING id;
                """;
            command.Parameters.AddWithValue("$scope", BudgetNames.Of(budget.Scope));
            command.Parameters.AddWithValue("$value", (object?)budget.ScopeValue ?? DBNull.Value);
            command.Parameters.AddWithValue("$period", BudgetNames.Of(budget.Period));
            command.Parameters.AddWithValue("$limit", NanoUsd.Saturated(budget.LimitUsd));
            command.Parameters.AddWithValue("$hard", budget.HardLimit ? 1 : 0);
            command.Parameters.AddWithValue("$fallback", (object?)budget.Fallback ?? DBNull.Value);
            command.Parameters.AddWithValue("$warnAt", WarnAtColumn.Write(budget.WarnAt));
            command.Parameters.AddWithValue("$source", (object?)budget.Source ?? "LlmCostOptions.AddBudget");
            command.Parameters.AddWithValue("$key", DeclaredKey(budget));
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>The recorded cost (nano-USD) of the calls in <paramref name="budget"/>'s scope from <paramref name="startUtc"/> to <paramref name="endUtc"/>.</summary>
    public long Spent(LlmBudget budget, DateTimeOffset startUtc, DateTimeOffset endUtc)
    {
        string filter = budget.Scope switch
        {
            BudgetScope.Global => "1",
            BudgetScope.Provider => "provider = $value COLLATE NOCASE",
            BudgetScope.Model => "model IN (SELECT value FROM json_each($models))",
            BudgetScope.Project => "project = $value",
            BudgetScope.Session => "session_id = $value",
            BudgetScope.Tag => "EXISTS (SELECT 1 FROM json_each(llm_calls.tags) WHERE json_each.value = $value)",
            _ when OperationName.IsEveryMethodOf(budget.ScopeValue!) => "substr(operation, 1, length($prefix)) = $prefix",
            _ => "operation = $value",
        };
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = $"SELECT coalesce(sum(cost_nanousd), 0) FROM llm_calls WHERE ts_utc >= $start AND ts_utc < $end AND {filter};";
            command.Parameters.AddWithValue("$start", Text(startUtc));
            command.Parameters.AddWithValue("$end", Text(endUtc));
            command.Parameters.AddWithValue("$value", (object?)budget.ScopeValue ?? DBNull.Value);
            command.Parameters.AddWithValue("$prefix", budget.ScopeValue is { } value ? value[..^1] : DBNull.Value);
            command.Parameters.AddWithValue("$models", budget.Scope == BudgetScope.Model ? JsonSerializer.Serialize(ModelAliases.IdsPricedAs(budget.ScopeValue!)) : DBNull.Value);
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>The thresholds already raised for a budget row in the period starting at <paramref name="periodStartUtc"/>.</summary>
    public IReadOnlyList<decimal> Raised(long budgetId, DateTimeOffset periodStartUtc)
    {
        List<decimal> thresholds = [];
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT threshold FROM budget_alerts WHERE budget_id = $id AND period_start = $start;";
            command.Parameters.AddWithValue("$id", budgetId);
            command.Parameters.AddWithValue("$start", Text(periodStartUtc));
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (decimal.TryParse(reader.GetString(0), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal threshold))
                {
                    thresholds.Add(threshold);
                }
            }
        }

        return thresholds;
    }

    /// <summary>Queues a <c>budget_alerts</c> row; never blocks (a full queue drops the row and reports it).</summary>
    public void Enqueue(long budgetId, LlmBudgetAlertEventArgs alert)
    {
        if (!_alerts.Writer.TryWrite(new PendingAlert(budgetId, alert, null)))
        {
            _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"The budget alert queue is full; the {alert.Level} alert of {alert.Budget.Source ?? "a budget"} is not stored.");
        }
    }

    /// <summary>Completes when every alert queued before the call is written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        if (await _alerts.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false) && _alerts.Writer.TryWrite(new PendingAlert(0, null, flushed)))
        {
            await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void AcknowledgeAlert(long alertId)
    {
        lock (_gate)
        {
            Acknowledge(_connection, alertId);
        }
    }

    /// <summary>Sets an alert's <c>acknowledged_utc</c> to now unless it has one (the query's static helper shares it).</summary>
    /// <exception cref="ArgumentException">No alert has the id.</exception>
    internal static void Acknowledge(SqliteConnection connection, long alertId)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE budget_alerts SET acknowledged_utc = coalesce(acknowledged_utc, $now) WHERE id = $id";
        command.Parameters.AddWithValue("$now", Text(DateTimeOffset.UtcNow));
        command.Parameters.AddWithValue("$id", alertId);
        if (command.ExecuteNonQuery() == 0)
        {
            throw new ArgumentException($"No budget alert with id {alertId} in '{connection.DataSource}'.", nameof(alertId));
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _alerts.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            if (!FlushAsync(CancellationToken.None).Wait(ExitDrainTimeout))
            {
                _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"Budget alerts could not all be stored within {ExitDrainTimeout.TotalSeconds} s of process exit; they may be raised again after a restart.");
            }
        }
        catch (Exception exception)
        {
            _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"Storing budget alerts at process exit failed: {exception.Message}", exception);
        }
    }

    /// <summary>Identifies a declared budget across restarts: the same scope, period and declaration share a row.</summary>
    private static string DeclaredKey(LlmBudget budget) =>
        $"{BudgetNames.Of(budget.Scope)}|{budget.ScopeValue}|{BudgetNames.Of(budget.Period)}|{budget.Source ?? "LlmCostOptions.AddBudget"}";

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private async Task WriteAlertsAsync()
    {
        await foreach (PendingAlert pending in _alerts.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (pending.Alert is not { } alert)
            {
                pending.Flushed?.TrySetResult();
                continue;
            }

            try
            {
                lock (_gate)
                {
                    using SqliteCommand command = _connection.CreateCommand();
                    // The unique key (budget, period, threshold) keeps one row per alert, across restarts too.
                    command.CommandText = """
                        INSERT OR IGNORE INTO budget_alerts (budget_id, period_start, threshold, spent_nanousd, raised_utc)
                        VALUES ($id, $start, $threshold, $spent, $raised);
                        """;
                    command.Parameters.AddWithValue("$id", pending.BudgetId);
                    command.Parameters.AddWithValue("$start", Text(alert.PeriodStartUtc));
                    command.Parameters.AddWithValue("$threshold", BudgetAccount.Normalize(alert.Threshold).ToString(CultureInfo.InvariantCulture));
                    command.Parameters.AddWithValue("$spent", NanoUsd.From(alert.SpentUsd));
                    command.Parameters.AddWithValue("$raised", Text(DateTimeOffset.UtcNow));
                    command.ExecuteNonQuery();
                }
            }
            catch (Exception exception)
            {
                _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"Storing the {alert.Level} alert of {alert.Budget.Source ?? "a budget"} failed: {exception.Message}", exception);
            }
        }
    }

    private sealed record PendingAlert(long BudgetId, LlmBudgetAlertEventArgs? Alert, TaskCompletionSource? Flushed);
}
