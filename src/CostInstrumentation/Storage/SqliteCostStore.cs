using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostInstrumentation;

/// <summary>
/// The SQLite <see cref="ILlmCostStore"/>: opens the file (creating its folder, schema and migrations), and writes a
/// batch's calls with the prepared native INSERT and its totals to every rollup table (<see cref="SqliteDimensionRollups"/> for
/// the call site, operation, tag and session ones) in one transaction.
/// After any failure it closes the connection, so the next batch starts from a fresh one.
/// </summary>
internal sealed class SqliteCostStore : ILlmCostStore
{
    /// <summary>
    /// Each rollup table with the level its rows are added up from (-1: the batch's records summed per quarter-hour,
    /// provider, model, project and pricing version). Tables come in chains, finest first: a chain's first table is added up
    /// from the records' sums, every other one from the table before it (<see cref="RowOf"/>). A record is added once, to
    /// <see cref="_recordTotals"/>; every level is added up per row, not per record.
    /// </summary>
    private static readonly (SqliteSchema.RollupTable Table, int From)[] Levels = Chained(
        [SqliteSchema.HourlyRollups, SqliteSchema.DailyRollups, SqliteSchema.MonthlyRollups],
        [SqliteSchema.QuarterHourTotals, SqliteSchema.HourlyTotals, SqliteSchema.DailyTotals],
        [SqliteSchema.QuarterHourModels, SqliteSchema.HourlyModels, SqliteSchema.DailyModels],
        [SqliteSchema.QuarterHourProjects, SqliteSchema.HourlyProjects, SqliteSchema.DailyProjects]);

    private readonly SqliteSinkOptions _options;
    private readonly Dictionary<RollupKey, RollupTotals>[] _batchTotals = [.. Levels.Select(_ => new Dictionary<RollupKey, RollupTotals>())];
    private readonly Dictionary<RollupKey, RollupTotals> _recordTotals = [];

    private SqliteConnection? _connection;
    private SqliteCallInsert? _insert;
    private SqliteRollupUpsert[]? _upserts;
    private SqliteDimensionRollups? _dimensions;

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
            _recordTotals.Clear();
            for (int level = 0; level < Levels.Length; level++)
            {
                _batchTotals[level].Clear();
            }

            foreach (ref readonly LlmCallRecord record in batch)
            {
                long? cost = record.CostUsd is { } usd ? NanoUsd.TryFrom(usd) : null;
                if (cost is null && record.CostUsd is not null)
                {
                    LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"A call of {record.Operation} cost {record.CostUsd} USD, beyond what cost_nanousd can hold; it is stored with an unknown cost.", onceKey: "nanousd-overflow:" + Location);
                }

                insert.Execute(record, cost);
                long quarterTicks = Floor(record.TimestampUtc.UtcTicks, TimeSpan.TicksPerMinute * 15);
                RollupKey key = new(quarterTicks, record.Provider ?? string.Empty, record.Model ?? string.Empty, record.Project ?? string.Empty, record.PricingVersion ?? string.Empty);
                RollupTotals call = default(RollupTotals).Add(record, cost);
                ref RollupTotals totals = ref CollectionsMarshal.GetValueRefOrAddDefault(_recordTotals, key, out _);
                totals = totals.Add(call);
                _dimensions!.Add(record, DayStart(quarterTicks), call);
            }

            _dimensions!.Write();

            for (int level = 0; level < Levels.Length; level++)
            {
                Dictionary<RollupKey, RollupTotals> rows = _batchTotals[level];
                foreach ((RollupKey finer, RollupTotals totals) in Levels[level].From < 0 ? _recordTotals : _batchTotals[Levels[level].From])
                {
                    ref RollupTotals sum = ref CollectionsMarshal.GetValueRefOrAddDefault(rows, RowOf(Levels[level].Table, finer), out _);
                    sum = sum.Add(totals);
                }

                foreach ((RollupKey key, RollupTotals totals) in rows)
                {
                    _upserts![level].Execute(key, totals);
                }
            }

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
        List<SqliteRollupUpsert> upserts = [];
        // Kept even when one fails to prepare, so Close finalizes those made.
        try
        {
            foreach ((SqliteSchema.RollupTable table, _) in Levels)
            {
                upserts.Add(new SqliteRollupUpsert(connection, table));
            }
        }
        finally
        {
            _upserts = [.. upserts];
        }

        _dimensions = new SqliteDimensionRollups(connection);
        return insert;
    }

    /// <summary>The levels of <paramref name="chains"/> in order, each with the index of the level before it in its chain (-1 for a chain's first).</summary>
    private static (SqliteSchema.RollupTable Table, int From)[] Chained(params SqliteSchema.RollupTable[][] chains)
    {
        List<(SqliteSchema.RollupTable, int)> levels = [];
        foreach (SqliteSchema.RollupTable[] chain in chains)
        {
            for (int i = 0; i < chain.Length; i++)
            {
                levels.Add((chain[i], i == 0 ? -1 : levels.Count - 1));
            }
        }

        return [.. levels];
    }

    /// <summary>
    /// The key of <paramref name="table"/>'s row that a finer row (or a record's sum) keyed <paramref name="finer"/> falls
    /// in: the start of the table's slot holding it, and the values of the keys the table keeps ('' for the others).
    /// </summary>
    private static RollupKey RowOf(SqliteSchema.RollupTable table, in RollupKey finer)
    {
        string[] columns = table.KeyColumns;
        long slot = table.SlotColumn switch
        {
            "quarter" => finer.SlotTicks,
            "hour" => Floor(finer.SlotTicks, TimeSpan.TicksPerHour),
            "day" => DayStart(finer.SlotTicks),
            _ => MonthStart(finer.SlotTicks),
        };
        return new RollupKey(slot, Kept("provider", finer.Provider), Kept("model", finer.Model), Kept("project", finer.Project), Kept("pricing_version", finer.PricingVersion));

        string Kept(string column, string value) => columns.Contains(column) ? value : string.Empty;
    }

    private static long Floor(long ticks, long slotTicks) => ticks - (ticks % slotTicks);

    private static long DayStart(long ticks) => Floor(ticks, TimeSpan.TicksPerDay);

    private static long MonthStart(long ticks)
    {
        DateTime instant = new(ticks, DateTimeKind.Utc);
        return new DateTime(instant.Year, instant.Month, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    }

    private void Close()
    {
        _insert?.Dispose();
        _insert = null;
        foreach (SqliteRollupUpsert upsert in _upserts ?? [])
        {
            upsert.Dispose();
        }

        _upserts = null;
        _dimensions?.Dispose();
        _dimensions = null;
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
}
