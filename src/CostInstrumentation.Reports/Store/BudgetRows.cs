using CostInstrumentation.Contract;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Reports;

/// <summary>
/// The report layer's only writes: rows of <c>budgets</c> people enter (<c>declared_key</c> NULL, which the runtime loads
/// and enforces while <c>enabled</c>) and acknowledgements in <c>budget_alerts</c>. Never <c>llm_calls</c>. Each call opens a short read-write
/// connection of its own.
/// </summary>
internal static class BudgetRows
{
    private const int BusySeconds = 2;

    /// <summary>Updates the entered row with the same scope, value and period, or inserts one; returns its id and whether it was new.</summary>
    internal static (long Id, bool Created) Set(string path, LlmBudget budget)
    {
        using SqliteConnection connection = Connect(path);
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand update = Command(connection, transaction, """
            UPDATE budgets SET limit_nanousd = $limit, hard_limit = $hard, fallback_model = $fallback, warn_at = $warnAt, source = $source
            WHERE declared_key IS NULL AND scope = $scope AND scope_value IS $value AND period = $period
            RETURNING id
            """, budget);
        if (update.ExecuteScalar() is long existing)
        {
            transaction.Commit();
            return (existing, false);
        }

        using SqliteCommand insert = Command(connection, transaction, """
            INSERT INTO budgets (scope, scope_value, period, limit_nanousd, hard_limit, fallback_model, warn_at, source)
            VALUES ($scope, $value, $period, $limit, $hard, $fallback, $warnAt, $source)
            RETURNING id
            """, budget);
        long id = (long)insert.ExecuteScalar()!;
        transaction.Commit();
        return (id, true);
    }

    /// <summary>Deletes an entered budget row and its alerts; a row mirroring a declared budget is refused (it comes back at the next start).</summary>
    internal static void Remove(string path, long id) =>
        ChangeEnteredRow(path, id, "DELETE FROM budget_alerts WHERE budget_id = $id; DELETE FROM budgets WHERE id = $id;");

    /// <summary>
    /// Turns an entered budget row on or off (the runtime skips a disabled one); returns whether it changed. A row
    /// mirroring a declared budget is refused, as by <see cref="Remove"/>.
    /// </summary>
    internal static bool SetEnabled(string path, long id, bool enabled) =>
        ChangeEnteredRow(path, id, "UPDATE budgets SET enabled = $enabled WHERE id = $id AND enabled <> $enabled", ("$enabled", enabled ? 1 : 0), requiredColumn: "enabled") > 0;

    /// <summary>Runs <paramref name="sql"/> on entered row <paramref name="id"/> after checking it exists and is not declared; returns the rows changed.</summary>
    private static int ChangeEnteredRow(string path, long id, string sql, (string Name, object Value)? parameter = null, string? requiredColumn = null)
    {
        using SqliteConnection connection = Connect(path);
        if (requiredColumn is not null && !LlmCostQuery.HasColumn(connection, "budgets", requiredColumn))
        {
            throw new InvalidOperationException(
                $"{path} was written before budgets could be turned on and off (budgets.{requiredColumn}, schema version 6): let an application with this version of CostInstrumentation open it once.");
        }

        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand find = connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = "SELECT declared_key IS NOT NULL, coalesce(source, '') FROM budgets WHERE id = $id";
        find.Parameters.AddWithValue("$id", id);
        using (SqliteDataReader reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new ReportArgumentException($"There is no budget with id {id} (llmcost budget list shows them).");
            }

            if (reader.GetInt64(0) != 0)
            {
                throw new ReportArgumentException($"Budget {id} is declared in code or options ({reader.GetString(1)}); change it there.");
            }
        }

        using SqliteCommand change = connection.CreateCommand();
        change.Transaction = transaction;
        change.CommandText = sql;
        change.Parameters.AddWithValue("$id", id);
        if (parameter is var (name, value))
        {
            change.Parameters.AddWithValue(name, value);
        }

        int changed = change.ExecuteNonQuery();
        transaction.Commit();
        return changed;
    }

    private static SqliteConnection Connect(string path)
    {
        SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = BusySeconds,
        }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, LlmBudget budget)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$scope", BudgetNames.Of(budget.Scope));
        command.Parameters.AddWithValue("$value", (object?)budget.ScopeValue ?? DBNull.Value);
        command.Parameters.AddWithValue("$period", BudgetNames.Of(budget.Period));
        command.Parameters.AddWithValue("$limit", NanoUsd.Saturated(budget.LimitUsd));
        command.Parameters.AddWithValue("$hard", budget.HardLimit ? 1 : 0);
        command.Parameters.AddWithValue("$fallback", (object?)budget.Fallback ?? DBNull.Value);
        command.Parameters.AddWithValue("$warnAt", WarnAtColumn.Write(budget.WarnAt));
        command.Parameters.AddWithValue("$source", (object?)budget.Source ?? DBNull.Value);
        return command;
    }
}
