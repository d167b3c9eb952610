using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// Reads a cost database (the file <see cref="SqliteCostSink"/> writes) over a read-only connection: totals,
/// breakdowns, time series, comparisons, budget status, alerts and exports (docs/queries.md): the SQLite
/// <see cref="ILlmCostReader"/>. A writer can keep recording while a query is open (WAL). Not thread-safe: one query
/// object per thread.
/// </summary>
public sealed partial class LlmCostQuery : ILlmCostReader
{
    private readonly SqliteConnection _connection;
    private readonly RollupTables _rollups;
    private readonly bool _hasLowerBounds;

    private LlmCostQuery(SqliteConnection connection)
    {
        _connection = connection;
        // A file no writer has opened since an upgrade has an older schema: its missing rollups are not read.
        _rollups = new RollupTables(
            HasTable(connection, SqliteSchema.HourlyRollups.Name),
            HasTable(connection, SqliteSchema.DailyRollups.Name),
            HasTable(connection, SqliteSchema.MonthlyRollups.Name),
            HasTable(connection, SqliteSchema.DailySessions.Table.Name),
            HasTable(connection, SqliteSchema.YearlySessions.Name),
            HasTable(connection, SqliteSchema.QuarterHourTotals.Name),
            HasTable(connection, SqliteSchema.DailyProjects.Name));
        // A file written before schema version 4 has no lower-bound flags: none of its costs is read as one.
        _hasLowerBounds = HasColumn(connection, "llm_calls", "cost_is_lower_bound");
    }

    /// <summary>Whether aggregates may read the rollups (tests turn it off to compare both paths).</summary>
    internal bool UseRollups { get; set; } = true;

    /// <summary>Tells which slots have passed: a range's end may be read as a coarser row less slots yet to come (<see cref="CostQuerySql.Decompose"/>).</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Opens the database at <paramref name="databasePath"/> read-only.</summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="InvalidDataException">The file is not a cost database.</exception>
    /// <exception cref="NotSupportedException">The database has a newer schema than this version understands.</exception>
    public static LlmCostQuery Open(string databasePath)
    {
        SqliteConnection connection = OpenConnection(databasePath, SqliteOpenMode.ReadOnly);
        try
        {
            return new LlmCostQuery(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Totals of the calls <paramref name="filter"/> selects (all calls when null).</summary>
    public CostTotals Totals(CostFilter? filter = null)
    {
        filter ??= new CostFilter();
        using SqliteCommand command = CostQuerySql.Aggregate(_connection, filter, null, [], Chain(filter, [], CostQuerySql.Grain.Month), _hasLowerBounds, Clock.GetUtcNow());
        using SqliteRows reader = new(command);
        reader.Read();
        return reader.Totals(0);
    }

    /// <summary>Totals of the UTC day, ISO week, month containing <paramref name="nowUtc"/> (default: now), and of all time.</summary>
    public PeriodTotals Summary(DateTimeOffset? nowUtc = null) => LlmCostReaderExtensions.Summary(this, nowUtc);

    /// <summary>
    /// Totals per key of <paramref name="by"/>, by cost descending, then key (ordinal); the first <paramref name="top"/> when given.
    /// </summary>
    public IReadOnlyList<CostBreakdownRow> Breakdown(CostDimension by, CostFilter? filter = null, int? top = null) =>
        Group(by, filter ?? new CostFilter(), top, sessionsOnly: false);

    /// <summary>The <paramref name="count"/> most expensive sessions (calls without a session, or with an empty one, are left out).</summary>
    public IReadOnlyList<CostBreakdownRow> TopSessions(int count, CostFilter? filter = null) =>
        Group(CostDimension.Session, filter ?? new CostFilter(), count, sessionsOnly: true);

    /// <summary>
    /// Both filters' totals and, per key of <paramref name="by"/> present in either, both costs and the change
    /// (second − first); by absolute change descending, then key (ordinal).
    /// </summary>
    public PeriodComparison Compare(CostFilter first, CostFilter second, CostDimension by) => LlmCostReaderExtensions.Compare(this, first, second, by);

    /// <summary>
    /// Totals per UTC hour (or 15 minutes), oldest first; slots without calls are left out. Hours come from the hourly
    /// rollups (the calls for partial hours) when the filter is in them (no tag, session or operation), else from the
    /// calls; quarter-hours likewise from the quarter-hour rollups (schema 10 without a provider, model or project, 11
    /// with one of model or project), else from the calls.
    /// </summary>
    public IReadOnlyList<CostSeriesPoint> Series(CostFilter? filter = null, CostSeriesSlot slot = CostSeriesSlot.Hour)
    {
        filter ??= new CostFilter();
        List<CostSeriesPoint> points = [];
        foreach ((string start, _, CostTotals totals) in SlotBreakdown(filter, slot, by: null, orderBySlot: true))
        {
            points.Add(new CostSeriesPoint(ParseSlot(start), totals));
        }

        return points;
    }

    /// <summary>
    /// Totals per UTC slot (key <see cref="CostQuerySql.SlotFormat"/>) and, when <paramref name="by"/> is given, per its key
    /// within each slot (else the key is empty): the time × dimension grid of a stacked chart, from the rollups when they
    /// hold it. With <paramref name="orderBySlot"/> each slot and key once, slots oldest first; else in no order, and a slot
    /// and key may come in several rows (add them up). Read as enumerated, once.
    /// </summary>
    internal IEnumerable<(string Slot, string Key, CostTotals Totals)> SlotBreakdown(CostFilter filter, CostSeriesSlot slot, CostDimension? by, bool orderBySlot = false)
    {
        CostDimension[] dimensions = by is { } dimension ? [dimension] : [];
        CostQuerySql.Source[] chain = Chain(filter, dimensions, slot == CostSeriesSlot.Hour ? CostQuerySql.Grain.Hour : CostQuerySql.Grain.QuarterHour);
        using SqliteCommand command = CostQuerySql.Aggregate(_connection, filter, slot, dimensions, chain, _hasLowerBounds, Clock.GetUtcNow(), orderByKeys: orderBySlot, repeatKeys: !orderBySlot);
        using SqliteRows reader = new(command);
        int first = by is null ? 1 : 2;
        while (reader.Read())
        {
            yield return (reader.Text(0), by is null ? string.Empty : reader.Text(1), reader.Totals(first));
        }
    }

    /// <summary>
    /// Totals per key of the two dimensions (e.g. day × model for a stacked chart), from the rollups when they hold both
    /// (UTC days; provider, model or project); in SQLite's order. A pair of keys may come in several rows: add them up.
    /// Read as enumerated, once.
    /// </summary>
    internal IEnumerable<(string First, string Second, CostTotals Totals)> CrossBreakdown(CostDimension first, CostDimension second, CostFilter filter)
    {
        CostDimension[] dimensions = [first, second];
        using SqliteCommand command = CostQuerySql.Aggregate(_connection, filter, null, dimensions, Chain(filter, dimensions, GrainOf(dimensions)), _hasLowerBounds, Clock.GetUtcNow(), repeatKeys: true);
        using SqliteRows reader = new(command);
        while (reader.Read())
        {
            yield return (reader.Text(0), reader.Text(1), reader.Totals(2));
        }
    }

    /// <summary>The pricing versions that priced the selected calls (a missing or empty one left out), sorted ordinally.</summary>
    internal List<string> PricingVersions(CostFilter filter)
    {
        List<string> versions = [];
        using SqliteCommand command = CostQuerySql.PricingVersions(_connection, filter, Chain(filter, [], CostQuerySql.Grain.Month, needsDimensions: true));
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions.Add(reader.GetString(0));
        }

        versions.Sort(StringComparer.Ordinal);
        return versions;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private List<CostBreakdownRow> Group(CostDimension by, CostFilter filter, int? top, bool sessionsOnly)
    {
        if (top is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, "Must be positive.");
        }

        List<CostBreakdownRow> rows = [];
        CostDimension[] dimensions = [by];
        using (SqliteCommand command = CostQuerySql.Aggregate(_connection, filter, null, dimensions, Chain(filter, dimensions, GrainOf(dimensions)), _hasLowerBounds, Clock.GetUtcNow()))
        using (SqliteRows reader = new(command))
        {
            while (reader.Read())
            {
                // The rollups hold no session and an empty one under the same key, '' (as the Session filter "" selects both).
                if (reader.Text(0) is var key && (!sessionsOnly || key.Length > 0))
                {
                    rows.Add(new CostBreakdownRow(key, reader.Totals(1)));
                }
            }
        }

        // Sorted here, not in SQL: SQLite's BINARY order is UTF-8 bytes, which differs from .NET ordinal (UTF-16) order.
        rows.Sort(static (x, y) => y.Totals.CostUsd.CompareTo(x.Totals.CostUsd) is var byCost and not 0 ? byCost : string.CompareOrdinal(x.Key, y.Key));
        if (top is { } count && rows.Count > count)
        {
            rows.RemoveRange(count, rows.Count - count);
        }

        return rows;
    }

    /// <summary>The tables a question reads, finest first: the calls only when <see cref="UseRollups"/> is off.</summary>
    private CostQuerySql.Source[] Chain(CostFilter filter, IReadOnlyList<CostDimension> by, CostQuerySql.Grain coarsest, bool needsDimensions = false) =>
        UseRollups ? CostQuerySql.Chain(filter, by, coarsest, _rollups, needsDimensions) : [CostQuerySql.Source.Calls];

    /// <summary>A day key needs rows no coarser than a day; every other key is in the monthly rollups (or only in the calls).</summary>
    private static CostQuerySql.Grain GrainOf(IReadOnlyList<CostDimension> by) =>
        by.Contains(CostDimension.Day) ? CostQuerySql.Grain.Day : CostQuerySql.Grain.Month;

    private static DateTimeOffset ParseSlot(string key) =>
        DateTimeOffset.ParseExact(key, CostQuerySql.SlotFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Reads the totals columns (<see cref="CostQuerySql.RawTotals"/> and the lower-bound count) from <paramref name="first"/> on.</summary>
    internal static CostTotals ReadTotals(System.Data.Common.DbDataReader reader, int first) => TotalsAt(new ReaderColumns(reader), first);

    /// <summary>The totals columns of a row from <paramref name="first"/> on: calls, nano-USD, unpriced, failed, five token sums, lower bounds.</summary>
    internal static CostTotals TotalsAt<TRow>(TRow row, int first)
        where TRow : IIntegerColumns => new(
        row.Int64(first),
        NanoUsd.ToUsd(row.Int64(first + 1)),
        row.Int64(first + 2),
        row.Int64(first + 3),
        row.Int64(first + 4),
        row.Int64(first + 5),
        row.Int64(first + 6),
        row.Int64(first + 7),
        row.Int64(first + 8))
    {
        LowerBoundCalls = row.Int64(first + 9),
    };

    private readonly struct ReaderColumns(System.Data.Common.DbDataReader reader) : IIntegerColumns
    {
        public long Int64(int column) => reader.GetInt64(column);
    }

    /// <summary>Opens an existing cost database and checks its schema version.</summary>
    private static SqliteConnection OpenConnection(string databasePath, SqliteOpenMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        string path = Path.GetFullPath(databasePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No cost database at '{path}'. It is created when the first call is recorded (options.UseSqlite).", path);
        }

        // No pooling: closing the query must release the file (and the Mode keeps SQLite from creating one).
        SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        try
        {
            connection.Open();
            // The aggregates read through SQLite's own API (SqliteRows), which Microsoft.Data.Sqlite's retries of a busy
            // statement do not cover: SQLite's busy handler waits as long instead.
            SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle!, connection.DefaultTimeout * 1000), connection.Handle);
            long version = SchemaVersion(connection, path);
            if (version > SqliteSchema.CurrentVersion)
            {
                throw new NotSupportedException($"The cost database '{path}' has schema version {version}, newer than this version of CostInstrumentation reads ({SqliteSchema.CurrentVersion}); upgrade the package.");
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static long SchemaVersion(SqliteConnection connection, string path)
    {
        try
        {
            if (!HasTable(connection, "schema_version") || !HasTable(connection, "llm_calls"))
            {
                throw new InvalidDataException($"'{path}' is a SQLite database but not a cost database (it has no schema_version or llm_calls table).");
            }

            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT MAX(version) FROM schema_version";
            return command.ExecuteScalar() is long version ? version : 0;
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is 26 /* SQLITE_NOTADB */)
        {
            throw new InvalidDataException($"'{path}' is not a cost database (not a SQLite file).", exception);
        }
    }

    /// <summary>Whether <paramref name="table"/> has <paramref name="column"/> (a file older than the column has not).</summary>
    internal static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static bool HasTable(SqliteConnection connection, string name)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! > 0;
    }
}
