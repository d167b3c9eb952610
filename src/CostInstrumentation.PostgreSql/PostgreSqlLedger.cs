using Npgsql;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// What the shipper and the reservations share: the connection pool to the ledger (schema prepared once, on first use),
/// the options, the budgets of the pipeline this host runs (published to <c>llmcost_budgets</c> as they appear), and its leases.
/// </summary>
internal sealed class PostgreSqlLedger(string connectionString, PostgreSqlLedgerOptions options) : IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);
    private readonly Lock _gate = new();
    private bool _schemaReady;
    private BudgetAccount[]? _published;

    internal PostgreSqlLedgerOptions Options => options;

    /// <summary>This host's leases of hot budgets: drawn on by admission, given back by the shipper's thread.</summary>
    internal SharedBudgetLeases Leases => field ??= new SharedBudgetLeases(this);

    /// <summary>Where the ledger is, for messages: host, port and database, never the password.</summary>
    internal string Location { get; } = Describe(new NpgsqlConnectionStringBuilder(connectionString));

    internal BudgetLedger? Budgets { get; private set; }

    internal Action<BudgetAccount, LlmBudgetAlertEventArgs>? RaiseAlert { get; private set; }

    internal LlmCostErrorReporter? Errors { get; private set; }

    internal void Attach(BudgetLedger budgets, Action<BudgetAccount, LlmBudgetAlertEventArgs> raise, LlmCostErrorReporter errors)
    {
        Budgets = budgets;
        RaiseAlert = raise;
        Errors = errors;
    }

    /// <summary>Reports through the pipeline once attached, else through the tracker.</summary>
    internal void Report(string message, Exception? exception = null)
    {
        if (Errors is { } errors)
        {
            errors.Report(LlmCostErrorKind.SinkFailed, message, exception);
        }
        else
        {
            LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, message, exception);
        }
    }

    /// <summary>An open connection, the schema ready and every budget of this host published.</summary>
    internal NpgsqlConnection Open()
    {
        NpgsqlConnection connection = _dataSource.OpenConnection();
        try
        {
            lock (_gate)
            {
                if (!_schemaReady)
                {
                    PostgreSqlSchema.Prepare(connection);
                    _schemaReady = true;
                }

                if (Budgets?.Accounts is { } accounts && !ReferenceEquals(accounts, _published))
                {
                    LedgerBudgetKeys.Publish(connection, accounts);
                    _published = accounts;
                }
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _dataSource.Dispose();

    private static string Describe(NpgsqlConnectionStringBuilder settings) => $"postgresql://{settings.Host}:{settings.Port}/{settings.Database}";

    /// <summary>Whether <paramref name="exception"/> means the ledger cannot be reached now (retry later), not that a statement is wrong.</summary>
    internal static bool IsUnreachable(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or (NpgsqlException and not PostgresException) or TimeoutException or System.Net.Sockets.SocketException or IOException;

    /// <summary>Runs <paramref name="action"/>, again after a short random pause when PostgreSQL aborted it for a serialization failure or a deadlock.</summary>
    internal static T RetryConflicts<T>(Func<T> action)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return action();
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected && attempt < 10)
            {
                Thread.Sleep(Random.Shared.Next(1, 5 * attempt));
            }
        }
    }
}
