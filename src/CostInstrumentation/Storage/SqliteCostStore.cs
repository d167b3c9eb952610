using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostInstrumentation;

/// <summary>
/// The SQLite <see cref="ILlmCostStore"/>: opens the file (creating its folder, schema and migrations), and writes a
/// batch's calls with the prepared native INSERT and its totals to the daily and hourly rollups in one transaction.
/// After any failure it closes the connection, so the next batch starts from a fresh one.
/// </summary>
internal sealed class SqliteCostStore : ILlmCostStore
{
    private readonly SqliteSinkOptions _options;
    private readonly Dictionary<RollupKey, RollupTotals> _hours = [];
    private readonly Dictionary<RollupKey, RollupTotals> _days = [];

    private SqliteConnection? _connection;
    private SqliteCallInsert? _insert;
    private SqliteCommand? _upsertDaily;
    private SqliteCommand? _upsertHourly;

    internal SqliteCostStore(string path, SqliteSinkOptions options)
    {
        Location = Path.GetFullPath(path);
        _options = options;
    }

    /// <summary>The database file.</summary>
    public string Location { get; }

    public bool IsUnavailable(Exception exception) =>
        exception is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException;

    public void WriteBatch(ReadOnlySpan<LlmCallRecord> batch)
    {
        try
        {
            SqliteCallInsert insert = _insert ?? Open();
            sqlite3 db = _connection!.Handle!;
            // IMMEDIATE takes the write lock first, so SQLite's busy handler (to the millisecond) is the only wait.
            Check(raw.sqlite3_exec(db, "BEGIN IMMEDIATE;"), db);
            // The rollups get each batch's totals per group, so a batch costs one upsert per group, not per record.
            _hours.Clear();
            foreach (ref readonly LlmCallRecord record in batch)
            {
                long? cost = record.CostUsd is { } usd ? NanoUsd.TryFrom(usd) : null;
                if (cost is null && record.CostUsd is not null)
                {
                    LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"A call of {record.Operation} cost {record.CostUsd} USD, beyond what cost_nanousd can hold; it is stored with an unknown cost.", onceKey: "nanousd-overflow:" + Location);
                }

                insert.Execute(record, cost);
                long hourTicks = record.TimestampUtc.UtcTicks - (record.TimestampUtc.UtcTicks % TimeSpan.TicksPerHour);
                RollupKey key = new(hourTicks, record.Provider ?? string.Empty, record.Model ?? string.Empty, record.Project ?? string.Empty);
                ref RollupTotals totals = ref CollectionsMarshal.GetValueRefOrAddDefault(_hours, key, out _);
                totals = totals.Add(record, cost);
            }

            _days.Clear();
            foreach ((RollupKey hour, RollupTotals totals) in _hours)
            {
                ref RollupTotals day = ref CollectionsMarshal.GetValueRefOrAddDefault(_days, hour with { SlotTicks = hour.SlotTicks - (hour.SlotTicks % TimeSpan.TicksPerDay) }, out _);
                day = day.Add(totals);
            }

            Upsert(_upsertHourly!, _hours, "yyyy-MM-dd'T'HH");
            Upsert(_upsertDaily!, _days, "yyyy-MM-dd");
            Check(raw.sqlite3_exec(db, "COMMIT;"), db);
        }
        catch
        {
            // Closing rolls back what the failed attempt began.
            Close();
            throw;
        }
    }

    public void Dispose() => Close();

    private SqliteCallInsert Open()
    {
        if (Path.GetDirectoryName(Location) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        // DefaultTimeout bounds Microsoft.Data.Sqlite's own retries of a busy statement (opening, migrating) in whole
        // seconds: 1, the least that is not "for ever"; the busy handler below is what a batch waits, in milliseconds.
        SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = Location, Pooling = false, DefaultTimeout = 1 }.ToString());
        connection.Open();
        _connection = connection;
        Check(raw.sqlite3_busy_timeout(connection.Handle!, (int)_options.BusyTimeout.TotalMilliseconds), connection.Handle!);
        SqliteSchema.Prepare(connection);
        _options.OnConnectionOpened?.Invoke(connection);
        // Kept as soon as made: a statement left unfinalized would keep the file open after a failed attempt.
        SqliteCallInsert insert = new(connection);
        _insert = insert;
        _upsertDaily = PrepareUpsert(connection, SqliteSchema.UpsertDailyRollup);
        _upsertHourly = PrepareUpsert(connection, SqliteSchema.UpsertHourlyRollup);
        return insert;
    }

    private static SqliteCommand PrepareUpsert(SqliteConnection connection, string sql)
    {
        SqliteCommand upsert = connection.CreateCommand();
        upsert.CommandText = sql;
        foreach (string name in SqliteSchema.RollupParameters)
        {
            upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        upsert.Prepare();
        return upsert;
    }

    /// <summary>Adds the batch's totals per slot to a rollup table (in the transaction the batch began natively).</summary>
    private static void Upsert(SqliteCommand upsert, Dictionary<RollupKey, RollupTotals> rollups, string slotFormat)
    {
        SqliteParameterCollection p = upsert.Parameters;
        foreach ((RollupKey key, RollupTotals totals) in rollups)
        {
            p[0].Value = new DateTime(key.SlotTicks, DateTimeKind.Utc).ToString(slotFormat, CultureInfo.InvariantCulture);
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

    private void Close()
    {
        _insert?.Dispose();
        _insert = null;
        _upsertDaily?.Dispose();
        _upsertDaily = null;
        _upsertHourly?.Dispose();
        _upsertHourly = null;
        _connection?.Dispose();
        _connection = null;
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>A rollup row's key: the start of its slot (an hour or a day, in UTC ticks), provider, model and project.</summary>
    private readonly record struct RollupKey(long SlotTicks, string Provider, string Model, string Project);

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
}
