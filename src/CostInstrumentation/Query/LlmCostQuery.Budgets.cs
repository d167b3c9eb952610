using System.Diagnostics;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>Budget status and alerts (tables <c>budgets</c> and <c>budget_alerts</c>).</summary>
public sealed partial class LlmCostQuery
{
    /// <summary>
    /// Every budget with what its scope spent in the period containing <paramref name="nowUtc"/> (default: now), by id.
    /// Per-call budgets show 0 spent: they are checked against each call's cost, not a running total.
    /// </summary>
    public IReadOnlyList<BudgetStatusRow> BudgetStatus(DateTimeOffset? nowUtc = null)
    {
        DateTimeOffset now = nowUtc ?? DateTimeOffset.UtcNow;
        // 'source' arrives with a later schema version: read it only where it exists.
        bool hasSource = HasColumn("budgets", "source");
        List<(long Id, string Scope, string? Value, string Period, long Limit, bool Hard, string? Source)> budgets = [];
        using (SqliteCommand command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, scope, scope_value, period, limit_nanousd, hard_limit, "
                + (hasSource ? "source" : "NULL") + " FROM budgets ORDER BY id";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                budgets.Add((reader.GetInt64(0), reader.GetString(1), NullableString(reader, 2), reader.GetString(3),
                    reader.GetInt64(4), reader.GetInt64(5) != 0, NullableString(reader, 6)));
            }
        }

        List<BudgetStatusRow> rows = new(budgets.Count);
        foreach ((long id, string scope, string? value, string periodName, long limitNano, bool hard, string? source) in budgets)
        {
            BudgetPeriod period = ParsePeriod(id, periodName);
            DateTimeOffset start = UtcPeriods.Start(period, now);
            decimal spent = period == BudgetPeriod.PerCall
                ? 0m
                : SpentUsd(ScopeFilter(id, scope, value) with { FromUtc = start, ToUtc = UtcPeriods.End(period, start) });
            decimal limit = NanoUsd.ToUsd(limitNano);
            rows.Add(new BudgetStatusRow(id, scope, value, periodName, limit, spent, BudgetStatusRow.FractionOf(spent, limit), hard, start, source));
        }

        return rows;
    }

    /// <summary>
    /// What a budget's scope spent. A model budget also counts the calls recorded under the model's aliases (a dated
    /// snapshot, a deployment name), as enforcement does; the aliases are those of the price tables loaded in this process.
    /// </summary>
    private decimal SpentUsd(CostFilter filter) =>
        filter.Model is { } model
            ? ModelAliases.IdsPricedAs(model).Sum(id => Totals(filter with { Model = id }).CostUsd)
            : Totals(filter).CostUsd;

    /// <summary>Budget alerts, newest first (ties by id, descending); acknowledged ones only when asked.</summary>
    public IReadOnlyList<BudgetAlertRow> Alerts(bool includeAcknowledged = false)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = """
            SELECT a.id, a.budget_id, coalesce(b.scope, ''), b.scope_value, coalesce(b.period, ''), a.period_start,
                a.threshold, a.spent_nanousd, a.raised_utc, a.acknowledged_utc
            FROM budget_alerts AS a LEFT JOIN budgets AS b ON b.id = a.budget_id
            """
            + (includeAcknowledged ? "" : " WHERE a.acknowledged_utc IS NULL")
            + " ORDER BY a.raised_utc DESC, a.id DESC";
        using SqliteDataReader reader = command.ExecuteReader();
        List<BudgetAlertRow> rows = [];
        while (reader.Read())
        {
            rows.Add(new BudgetAlertRow(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                NullableString(reader, 3),
                reader.GetString(4),
                ParseInstant(reader.GetString(5)),
                reader.GetString(6),
                NanoUsd.ToUsd(reader.GetInt64(7)),
                ParseInstant(reader.GetString(8)),
                reader.IsDBNull(9) ? null : ParseInstant(reader.GetString(9))));
        }

        return rows;
    }

    /// <summary>
    /// Marks an alert acknowledged now, over a short read-write connection of its own (a query's is read-only).
    /// Acknowledging twice keeps the first time.
    /// </summary>
    /// <exception cref="ArgumentException">No alert has the id.</exception>
    public static void AcknowledgeAlert(string databasePath, long alertId)
    {
        using SqliteConnection connection = OpenConnection(databasePath, SqliteOpenMode.ReadWrite);
        SqliteBudgetStore.Acknowledge(connection, alertId);
    }

    /// <summary>The calls a budget counts (its scope; the period is added by the caller).</summary>
    private static CostFilter ScopeFilter(long id, string scope, string? value)
    {
        if (!BudgetNames.TryParse(scope, out BudgetScope parsed))
        {
            throw new InvalidDataException($"Budget {id} has an unknown scope '{scope}'.");
        }

        string v = value ?? string.Empty;
        return parsed switch
        {
            BudgetScope.Global => new CostFilter(),
            BudgetScope.Provider => new CostFilter { Provider = v, ProviderIgnoresCase = true }, // as the ledger and its restart query match it
            BudgetScope.Model => new CostFilter { Model = v },
            BudgetScope.Project => new CostFilter { Project = v },
            BudgetScope.Session => new CostFilter { Session = v },
            BudgetScope.Tag => new CostFilter { Tag = v },
            BudgetScope.Operation => new CostFilter { Operation = v },
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The spellings the budget store writes (<c>per_call</c>, <c>day</c>, …), case-insensitive.</summary>
    private static BudgetPeriod ParsePeriod(long id, string period) =>
        BudgetNames.TryParse(period, out BudgetPeriod parsed) ? parsed : throw new InvalidDataException($"Budget {id} has an unknown period '{period}'.");

    private bool HasColumn(string table, string column)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset ParseInstant(string text) =>
        UtcTimestamp.Read(text);
}
