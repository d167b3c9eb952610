using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>The SQLite schema (DESIGN.md "Storage"), created and migrated forward on open; never loses rows.</summary>
internal static class SqliteSchema
{
    internal const int CurrentVersion = 1;

    private const string Version1 = """
        CREATE TABLE IF NOT EXISTS llm_calls (
            id INTEGER PRIMARY KEY,
            ts_utc TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            operation TEXT NOT NULL,
            call_site TEXT NOT NULL,
            project TEXT,
            session_id TEXT,
            tags TEXT NOT NULL,
            input_tokens INTEGER NOT NULL,
            cached_input_tokens INTEGER NOT NULL,
            cache_write_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            cost_nanousd INTEGER,
            duration_ms INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            error_type TEXT,
            pricing_version TEXT);
        CREATE INDEX IF NOT EXISTS ix_llm_calls_ts ON llm_calls (ts_utc);
        CREATE INDEX IF NOT EXISTS ix_llm_calls_model ON llm_calls (model, ts_utc);
        CREATE INDEX IF NOT EXISTS ix_llm_calls_project ON llm_calls (project, ts_utc);
        CREATE INDEX IF NOT EXISTS ix_llm_calls_session ON llm_calls (session_id);
        CREATE TABLE IF NOT EXISTS budgets (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,
            scope_value TEXT,
            period TEXT NOT NULL,
            limit_nanousd INTEGER NOT NULL,
            hard_limit INTEGER NOT NULL DEFAULT 0,
            fallback_model TEXT,
            warn_at TEXT NOT NULL DEFAULT '[0.8,0.95]');
        CREATE TABLE IF NOT EXISTS budget_alerts (
            id INTEGER PRIMARY KEY,
            budget_id INTEGER NOT NULL REFERENCES budgets (id),
            period_start TEXT NOT NULL,
            threshold TEXT NOT NULL,
            spent_nanousd INTEGER NOT NULL,
            raised_utc TEXT NOT NULL,
            acknowledged_utc TEXT,
            UNIQUE (budget_id, period_start, threshold));
        """;

    /// <summary>Opens the connection's database in WAL mode and brings its schema to <see cref="CurrentVersion"/>.</summary>
    internal static void Prepare(SqliteConnection connection)
    {
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        using SqliteTransaction transaction = connection.BeginTransaction();
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", transaction);
        using SqliteCommand read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT MAX(version) FROM schema_version;";
        long version = read.ExecuteScalar() is long found ? found : 0;
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException($"The cost database has schema version {version}, newer than this version of CostInstrumentation understands ({CurrentVersion}); upgrade the package.");
        }

        if (version < 1)
        {
            Execute(connection, Version1 + "INSERT INTO schema_version (version) VALUES (1);", transaction);
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
