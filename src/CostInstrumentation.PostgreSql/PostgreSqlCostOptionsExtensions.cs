namespace CostInstrumentation.PostgreSql;

/// <summary>Adds the shared PostgreSQL ledger to <see cref="LlmCostOptions"/>.</summary>
public static class PostgreSqlCostOptionsExtensions
{
    /// <summary>
    /// Ships every call recorded to the SQLite file named by <see cref="LlmCostOptions.UseSqlite"/> (the host's durable
    /// outbox) to the shared ledger at <paramref name="connectionString"/>, exactly once, with the ledger's rollups, budget
    /// counters and alerts; and reserves hard limits there, so every host shares them. The schema is created and migrated
    /// on first use. PostgreSQL being unreachable never reaches the metered call: calls keep being recorded locally and are
    /// shipped later; hard limits fail closed unless <see cref="PostgreSqlLedgerOptions.FailOpen"/> says otherwise.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="LlmCostOptions.UseSqlite"/> was not called first.</exception>
    public static LlmCostOptions UsePostgreSql(this LlmCostOptions options, string connectionString, Action<PostgreSqlLedgerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        string outbox = options.SqlitePath ?? throw new InvalidOperationException("UsePostgreSql ships from the local SQLite file: call UseSqlite(path) first.");
        PostgreSqlLedgerOptions ledgerOptions = new();
        configure?.Invoke(ledgerOptions);
        PostgreSqlLedger ledger = new(connectionString, ledgerOptions);
        LedgerShipper shipper = new(ledger, outbox);
        options.SharedBudgets = new SharedBudgetReservations(ledger);
        // After the SQLite sink: a flush commits the calls locally first, then ships them; disposal closes in the same order.
        options.OwnedSinks.Add(shipper);
        return options.AddSink(shipper);
    }
}
