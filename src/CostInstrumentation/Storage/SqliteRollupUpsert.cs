using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostInstrumentation;

/// <summary>
/// The prepared upsert adding a batch's totals to one rollup table (<see cref="SqliteSchema.RollupTable"/>), bound by
/// position through SQLite's own API as <see cref="SqliteCallInsert"/> is.
/// </summary>
internal sealed class SqliteRollupUpsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly SqliteSchema.RollupTable _table;

    internal SqliteRollupUpsert(SqliteConnection connection, SqliteSchema.RollupTable table)
    {
        _db = connection.Handle!;
        _table = table;
        Check(raw.sqlite3_prepare_v2(_db, table.Upsert, out _statement));
    }

    /// <summary>Adds <paramref name="totals"/> to the row of <paramref name="key"/> (its values of the table's key columns; in the connection's current transaction).</summary>
    internal void Execute(in RollupKey key, in RollupTotals totals)
    {
        string[] columns = _table.KeyColumns;
        string[] keys = new string[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            keys[i] = key[columns[i]];
        }

        Execute(key.SlotTicks, keys, totals);
    }

    /// <summary>Adds <paramref name="totals"/> to the row of the slot starting at <paramref name="slotTicks"/> and <paramref name="keys"/> (one per key column).</summary>
    internal void Execute(long slotTicks, ReadOnlySpan<string> keys, in RollupTotals totals)
    {
        Check(raw.sqlite3_bind_text16(_statement, 1, new DateTime(slotTicks, DateTimeKind.Utc).ToString(_table.SlotFormat, CultureInfo.InvariantCulture)));
        int next = 2;
        foreach (string key in keys)
        {
            Check(raw.sqlite3_bind_text16(_statement, next++, key));
        }

        foreach (long value in (ReadOnlySpan<long>)[totals.Calls, totals.Input, totals.Cached, totals.CacheWrite, totals.Output, totals.Reasoning, totals.CostNanoUsd, totals.Unpriced, totals.Failed, totals.LowerBound])
        {
            Check(raw.sqlite3_bind_int64(_statement, next++, value));
        }

        int step = raw.sqlite3_step(_statement);
        int reset = raw.sqlite3_reset(_statement);
        Check(step == raw.SQLITE_DONE ? reset : step);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}

/// <summary>A rollup row's key: the start of its slot (UTC ticks) and, in the rollups with dimensions, provider, model, project and pricing version.</summary>
internal readonly record struct RollupKey(long SlotTicks, string Provider, string Model, string Project, string PricingVersion)
{
    /// <summary>The value of a rollup table's key column (<see cref="SqliteSchema.RollupTable.KeyColumns"/>).</summary>
    public string this[string column] => column switch
    {
        "provider" => Provider,
        "model" => Model,
        "project" => Project,
        "pricing_version" => PricingVersion,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not a key column of the rollups with dimensions."),
    };
}

/// <summary>A rollup row's totals, as <see cref="SqliteSchema.RollupTable"/> stores them.</summary>
internal readonly record struct RollupTotals(long Calls, long Input, long Cached, long CacheWrite, long Output, long Reasoning, long CostNanoUsd, long Unpriced, long Failed, long LowerBound)
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

    public RollupTotals Add(in RollupTotals other) => new(
        Calls + other.Calls,
        Input + other.Input,
        Cached + other.Cached,
        CacheWrite + other.CacheWrite,
        Output + other.Output,
        Reasoning + other.Reasoning,
        CostNanoUsd + other.CostNanoUsd,
        Unpriced + other.Unpriced,
        Failed + other.Failed,
        LowerBound + other.LowerBound);
}
