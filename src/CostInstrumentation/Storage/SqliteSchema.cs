using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>The SQLite schema (DESIGN.md "Storage"), created and migrated forward on open; never loses rows.</summary>
internal static class SqliteSchema
{
    /// <summary>The version a database has after every step of <see cref="Migrations"/>.</summary>
    internal static int CurrentVersion => Migrations.Length;

    /// <summary>The totals every rollup row carries, after its key columns.</summary>
    private static readonly string[] TotalsColumns =
        ["calls", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "cost_nanousd", "unpriced_calls", "failed_calls", "lower_bound_calls"];

    /// <summary>The key columns after the slot of a rollup with dimensions (a missing project or pricing version is <c>''</c>).</summary>
    private static readonly string[] Dimensions = ["provider", "model", "project", "pricing_version"];

    /// <summary>The key columns of the rollups per model (a model's name is unique within its provider) and per project.</summary>
    private static readonly string[] ModelKeys = ["provider", "model"];
    private static readonly string[] ProjectKeys = ["project"];

    // The rollup tables of version 8 (docs/storage.md), finest first; the slot format is how the writer names a slot.
    internal static readonly RollupTable HourlyRollups = new("llm_hourly_rollups", "hour", "yyyy-MM-dd'T'HH", Dimensions);
    internal static readonly RollupTable DailyRollups = new("llm_daily_rollups", "day", "yyyy-MM-dd", Dimensions);
    internal static readonly RollupTable MonthlyRollups = new("llm_monthly_rollups", "month", "yyyy-MM", Dimensions);
    internal static readonly RollupTable HourlyTotals = new("llm_hourly_totals", "hour", "yyyy-MM-dd'T'HH", []);
    internal static readonly RollupTable DailyTotals = new("llm_daily_totals", "day", "yyyy-MM-dd", []);

    /// <summary>Version 10: the totals per UTC quarter-hour without dimensions (a local day of a :30 or :45 zone starts on one).</summary>
    internal static readonly RollupTable QuarterHourTotals = new("llm_quarter_hour_totals", "quarter", "yyyy-MM-dd'T'HH:mm", []);

    // The rollups of version 9: per UTC day × one dimension the rollups above do not keep, each with the key a call has
    // in it over llm_calls AS c (a call counts once under each of its tags, as the calls path counts it; untagged under '').
    // Call sites, operations and tags have few keys a day: keyed by value first, a breakdown reads them in its GROUP BY's
    // order (no sort; a year of call sites in a third of the time) and a range filters a small table. Sessions (thousands
    // a day) stay keyed by day first, so a range reads its own days, not every session ever recorded.
    internal static readonly DimensionRollup DailyCallSites = new(new("llm_daily_call_sites", "day", "yyyy-MM-dd", ["call_site"], KeyFirst: true), "c.call_site");
    internal static readonly DimensionRollup DailyOperations = new(new("llm_daily_operations", "day", "yyyy-MM-dd", ["operation"], KeyFirst: true), "c.operation");
    // A malformed tags text (never written by a writer) counts as untagged rather than failing the migration for ever.
    internal static readonly DimensionRollup DailyTags = new(new("llm_daily_tags", "day", "yyyy-MM-dd", ["tag"], KeyFirst: true), "coalesce(t.value, '')", " LEFT JOIN json_each(CASE WHEN json_valid(c.tags) THEN c.tags ELSE '[]' END) AS t");
    internal static readonly DimensionRollup DailySessions = new(new("llm_daily_sessions", "day", "yyyy-MM-dd", ["session_id"]), "coalesce(c.session_id, '')");

    /// <summary>The rollups of version 9 (<see cref="SqliteDimensionRollups"/> adds a call to them by their place here).</summary>
    internal static readonly DimensionRollup[] DimensionRollups = [DailyCallSites, DailyOperations, DailyTags, DailySessions];

    // The rollups of version 10: sessions per UTC month and year, keyed by session first like the small tables above, so
    // months or years of sessions are read in their GROUP BY's order from a row per session and slot, not sorted from days.
    internal static readonly RollupTable MonthlySessions = new("llm_monthly_sessions", "month", "yyyy-MM", ["session_id"], KeyFirst: true);
    internal static readonly RollupTable YearlySessions = new("llm_yearly_sessions", "year", "yyyy", ["session_id"], KeyFirst: true);

    // The rollups of version 11: per UTC quarter-hour, hour and day × provider and model, and × project, the keys a stacked
    // chart or a model's or project's totals ask for. Without the other dimensions and the pricing version a day of them
    // is ~40 and ~11 rows where the rollups above have ~440, so a year's day × model grid reads 14,600 rows instead of
    // grouping 160,600, and a local day of a :30 or :45 zone moves its part-hours from rows, not from the calls.
    internal static readonly RollupTable QuarterHourModels = new("llm_quarter_hour_models", "quarter", "yyyy-MM-dd'T'HH:mm", ModelKeys);
    internal static readonly RollupTable HourlyModels = new("llm_hourly_models", "hour", "yyyy-MM-dd'T'HH", ModelKeys);
    internal static readonly RollupTable DailyModels = new("llm_daily_models", "day", "yyyy-MM-dd", ModelKeys);
    internal static readonly RollupTable QuarterHourProjects = new("llm_quarter_hour_projects", "quarter", "yyyy-MM-dd'T'HH:mm", ProjectKeys);
    internal static readonly RollupTable HourlyProjects = new("llm_hourly_projects", "hour", "yyyy-MM-dd'T'HH", ProjectKeys);
    internal static readonly RollupTable DailyProjects = new("llm_daily_projects", "day", "yyyy-MM-dd", ProjectKeys);

    /// <summary>Version 1 as DESIGN.md states it (kept verbatim: files created by it are migrated forward).</summary>
    internal const string Version1 = """
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

    /// <summary>
    /// Version 2: per day × provider × model × project totals, kept in step with <c>llm_calls</c> by the writer (in
    /// the same transaction), so summaries read a few rows per day instead of every call. Built from the calls
    /// already recorded when a version-1 file is opened.
    /// </summary>
    // Created as version 2 had it: version 4 adds lower_bound_calls, a column the calls did not have yet.
    internal static readonly string Version2 = LegacyRollupTable("llm_daily_rollups", "day", lowerBound: false) + RollupsFromCalls("llm_daily_rollups", DaySlotLength, lowerBound: false);
    /// <summary>
    /// Version 3: where a budget was declared (<c>source</c>), and <c>declared_key</c> — set on the rows mirroring budgets
    /// declared in code or options (upserted at start-up so reports see them), unique; NULL on rows people enter, which
    /// the runtime loads as budgets. Existing rows keep their values and become entered rows.
    /// </summary>
    internal const string Version3 = """
        ALTER TABLE budgets ADD COLUMN source TEXT;
        ALTER TABLE budgets ADD COLUMN declared_key TEXT;
        CREATE UNIQUE INDEX IF NOT EXISTS ux_budgets_declared_key ON budgets (declared_key);
        """;

    /// <summary>
    /// Version 4: <c>cost_is_lower_bound</c> — 1 when <c>cost_nanousd</c> prices only what a stream reported before it ended
    /// without its final usage (the provider billed at least that) — and its count per rollup row, <c>lower_bound_calls</c>.
    /// Earlier rows keep 0: whether their streams ended early was not recorded.
    /// </summary>
    private const string Version4 = """
        ALTER TABLE llm_calls ADD COLUMN cost_is_lower_bound INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE llm_daily_rollups ADD COLUMN lower_bound_calls INTEGER NOT NULL DEFAULT 0;
        """;

    /// <summary>
    /// Version 5: the same totals per UTC hour (<c>hour</c> is <c>yyyy-MM-ddTHH</c>), so a local day or month of a
    /// whole-hour zone, and hourly charts, read rollups too. Built from the calls already recorded (every row counted
    /// once) when an older file is opened.
    /// </summary>
    private static readonly string Version5 = LegacyRollupTable("llm_hourly_rollups", "hour", lowerBound: true) + RollupsFromCalls("llm_hourly_rollups", HourSlotLength, lowerBound: true);

    /// <summary>
    /// Version 6: <c>enabled</c> — 0 on a budget row turned off (<c>llmcost budget disable</c>), which the runtime then
    /// skips; existing rows stay enabled.
    /// </summary>
    private const string Version6 = "ALTER TABLE budgets ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;";

    /// <summary>
    /// Version 7: the outbox a shared ledger ships from (CostInstrumentation.PostgreSql) — <c>outbox</c> holds the host's
    /// id and the highest local call id shipped (ids only grow, so one number marks every shipped row) — and per call
    /// <c>hold_id</c>, the shared budget hold the call settles (NULL when it held none).
    /// </summary>
    private const string Version7 = """
        ALTER TABLE llm_calls ADD COLUMN hold_id TEXT;
        CREATE TABLE IF NOT EXISTS outbox (host_id TEXT NOT NULL, shipped_through INTEGER NOT NULL);
        """;

    /// <summary>
    /// Version 8: the rollups at every grain a report reads whole (docs/queries.md "Rollups"). The hourly, daily and new
    /// monthly (<c>month</c> is <c>yyyy-MM</c>) rollups are keyed by the pricing version too (<c>''</c> for none), so the
    /// versions that priced a period are read from them; <c>llm_hourly_totals</c> and <c>llm_daily_totals</c> hold the same
    /// totals per UTC hour and day without dimensions, so an unfiltered chart of a year reads ~9,000 rows, not millions.
    /// The hourly rows are rebuilt from the calls (every row counted once), the coarser ones added up from them.
    /// </summary>
    private static readonly string Version8 =
        string.Concat(DimensionTables.Select(table => $"DROP TABLE IF EXISTS {table.Name};"))
        + string.Concat(Tables.Select(table => table.Create()))
        + FillFromCalls;

    /// <summary>
    /// Version 9: totals per UTC day × call site, operation, tag and session (docs/storage.md "Version 9"), so breakdowns by
    /// them read a row per day and key instead of every call; built from the calls already recorded.
    /// </summary>
    private static readonly string Version9 = string.Concat(DimensionRollups.Select(rollup => rollup.Table.Create() + rollup.FillFromCalls));

    /// <summary>
    /// Version 10, the quarter-hours: totals per UTC quarter-hour without dimensions (docs/storage.md "Version 10"), so a
    /// local day of a zone at :30 or :45 (Kolkata, Kathmandu, Adelaide) read from UTC days moves the part-hour at its edge
    /// from a row, not from the calls; built from the calls already recorded.
    /// </summary>
    private static string Version10QuarterHours => QuarterHourTotals.Create() + QuarterHoursFromCalls;

    /// <summary>
    /// Version 10: totals per UTC month and year × session (docs/storage.md "Version 10"), so a breakdown by session over
    /// months or years reads a row per session and month or year instead of one per session and day; added up from the
    /// daily sessions. And <see cref="Version10QuarterHours"/>.
    /// </summary>
    private static readonly string Version10 = MonthlySessions.Create() + YearlySessions.Create() + SessionPeriodsFromDays + Version10QuarterHours;

    /// <summary>
    /// Version 11: totals per UTC quarter-hour, hour and day × provider and model, and × project (docs/storage.md "Version
    /// 11"), so grids and totals of models or projects read a row per slot and key of theirs alone; the quarter-hours built
    /// from the calls, the hours and days from the rollups of version 8.
    /// </summary>
    private static readonly string Version11 = string.Concat(KeyRollups.Select(table => table.Create())) + FillKeyRollups;

    /// <summary>The steps from version N − 1 to N, at index N − 1: a new version is one more entry here.</summary>
    private static readonly string[] Migrations = [Version1, Version2, Version3, Version4, Version5, Version6, Version7, Version8, Version9, Version10, Version11];

    /// <summary>The quarter-hour (<c>yyyy-MM-ddTHH:mm</c>, minutes 00, 15, 30 or 45) of a stored instant <paramref name="timestamp"/> in SQL.</summary>
    internal static string QuarterOf(string timestamp) => $"""
        substr({timestamp}, 1, 14) || CASE WHEN substr({timestamp}, 15, 2) < '15' THEN '00' WHEN substr({timestamp}, 15, 2) < '30' THEN '15'
                WHEN substr({timestamp}, 15, 2) < '45' THEN '30' ELSE '45' END
        """;

    /// <summary>The steps from <paramref name="fromVersion"/> to <paramref name="toVersion"/>, each recording the version it reaches.</summary>
    internal static string MigrationSteps(int fromVersion, int toVersion) =>
        string.Concat(Enumerable.Range(fromVersion + 1, toVersion - fromVersion).Select(next => Migrations[next - 1] + $"INSERT INTO schema_version (version) VALUES ({next});"));

    /// <summary>Rebuilds every rollup table from the calls (for a file loaded in bulk, bypassing the writer).</summary>
    internal static readonly string RebuildRollups =
        string.Concat(Tables.Concat(DimensionRollups.Select(rollup => rollup.Table)).Append(MonthlySessions).Append(YearlySessions).Append(QuarterHourTotals).Concat(KeyRollups)
            .Select(table => $"DELETE FROM {table.Name};"))
        + FillFromCalls + string.Concat(DimensionRollups.Select(rollup => rollup.FillFromCalls)) + SessionPeriodsFromDays + QuarterHoursFromCalls + FillKeyRollups;

    /// <summary>The rollups per model and per project (version 11), finest first.</summary>
    private static RollupTable[] KeyRollups => [QuarterHourModels, HourlyModels, DailyModels, QuarterHourProjects, HourlyProjects, DailyProjects];

    /// <summary>Fills the empty rollups per model and per project: the quarter-hours from the calls, the hours and days from the hourly and daily rollups.</summary>
    private static string FillKeyRollups => $"""
        INSERT INTO {QuarterHourModels.Name}
            SELECT {QuarterOf("c.ts_utc")}, c.provider, c.model, {CallTotals}
            FROM llm_calls AS c GROUP BY 1, 2, 3;
        INSERT INTO {QuarterHourProjects.Name}
            SELECT {QuarterOf("c.ts_utc")}, coalesce(c.project, ''), {CallTotals}
            FROM llm_calls AS c GROUP BY 1, 2;
        {HourlyModels.FillFrom(HourlyRollups, HourSlotLength)}
        {DailyModels.FillFrom(DailyRollups, DaySlotLength)}
        {HourlyProjects.FillFrom(HourlyRollups, HourSlotLength)}
        {DailyProjects.FillFrom(DailyRollups, DaySlotLength)}

        """;

    /// <summary>Fills the empty quarter-hour totals from the calls.</summary>
    private static string QuarterHoursFromCalls => $"""
        INSERT INTO {QuarterHourTotals.Name}
            SELECT {QuarterOf("c.ts_utc")}, {CallTotals}
            FROM llm_calls AS c GROUP BY 1;

        """;

    /// <summary>Fills the empty monthly and yearly sessions from the daily ones.</summary>
    private static string SessionPeriodsFromDays => MonthlySessions.FillFrom(DailySessions.Table, MonthSlotLength) + YearlySessions.FillFrom(MonthlySessions, YearSlotLength);

    /// <summary>The leading characters of <c>ts_utc</c> naming its year (<c>yyyy</c>), month (<c>yyyy-MM</c>), day (<c>yyyy-MM-dd</c>) and hour (<c>yyyy-MM-ddTHH</c>).</summary>
    private const int YearSlotLength = 4;
    private const int MonthSlotLength = 7;
    private const int DaySlotLength = 10;
    private const int HourSlotLength = 13;

    /// <summary>
    /// WAL bytes between automatic checkpoints (SQLite's default is 1,000 pages, 4 MB with 4 KB pages). Checkpointing
    /// less often copies a page rewritten by many batches (the index leaves) to the database once instead of each time,
    /// and syncs less often: measured −5 to −8 % CPU and +10 to +16 % records/s through the sink. The WAL file grows to
    /// about this size before it is reused; durability is unchanged (<c>synchronous = NORMAL</c> still syncs every checkpoint).
    /// </summary>
    internal const long WalCheckpointBytes = 40L * 1024 * 1024;

    /// <summary>
    /// The page size of a database this creates (SQLite's default is 4,096). Larger pages hold more index entries, so a
    /// batch touches fewer pages in the table and its four indexes and writes fewer WAL frames: measured −7 to −10 % CPU
    /// per record through the sink.
    /// </summary>
    internal const int NewDatabasePageSize = 16_384;

    /// <summary>Opens the connection's database in WAL mode and brings its schema to <see cref="CurrentVersion"/>.</summary>
    internal static void Prepare(SqliteConnection connection)
    {
        if (Scalar(connection, "PRAGMA page_count;") == 0)
        {
            // A new database only (an existing one keeps its page size): set before WAL mode and the first table.
            Execute(connection, $"PRAGMA page_size = {NewDatabasePageSize};");
        }

        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        long pageSize = Scalar(connection, "PRAGMA page_size;");
        Execute(connection, $"PRAGMA wal_autocheckpoint = {Math.Max(1000, WalCheckpointBytes / pageSize)};");
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

        if (version < CurrentVersion)
        {
            Execute(connection, MigrationSteps((int)version, CurrentVersion), transaction);
        }

        transaction.Commit();
    }

    /// <summary>A rollup table as versions 2 and 5 created it: totals per time slot (its first column) × provider × model × project.</summary>
    private static string LegacyRollupTable(string table, string slotColumn, bool lowerBound) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
            {slotColumn} TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            project TEXT NOT NULL,
            calls INTEGER NOT NULL,
            input_tokens INTEGER NOT NULL,
            cached_input_tokens INTEGER NOT NULL,
            cache_write_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            cost_nanousd INTEGER NOT NULL,
            unpriced_calls INTEGER NOT NULL,
            failed_calls INTEGER NOT NULL,{(lowerBound ? "\n            lower_bound_calls INTEGER NOT NULL," : string.Empty)}
            PRIMARY KEY ({slotColumn}, provider, model, project)) WITHOUT ROWID;

        """;

    /// <summary>Fills a rollup table from the calls, the slot being the first <paramref name="slotLength"/> characters of <c>ts_utc</c>.</summary>
    private static string RollupsFromCalls(string table, int slotLength, bool lowerBound) => $"""
        INSERT INTO {table}
            SELECT substr(ts_utc, 1, {slotLength}), provider, model, coalesce(project, ''), count(*),
                sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens), sum(output_tokens), sum(reasoning_tokens),
                coalesce(sum(cost_nanousd), 0), count(*) - count(cost_nanousd), sum(outcome <> 'ok'){(lowerBound ? ", sum(cost_is_lower_bound)" : string.Empty)}
            FROM llm_calls GROUP BY 1, 2, 3, 4;

        """;

    /// <summary>Every rollup table of the current version, each filled from the one before it (the first from the calls).</summary>
    private static RollupTable[] Tables => [HourlyRollups, DailyRollups, MonthlyRollups, HourlyTotals, DailyTotals];

    private static RollupTable[] DimensionTables => [HourlyRollups, DailyRollups, MonthlyRollups];

    /// <summary>The totals of a rollup row over the calls <c>llm_calls AS c</c> it adds up, in <see cref="TotalsColumns"/> order.</summary>
    private const string CallTotals = """
        count(*), sum(c.input_tokens), sum(c.cached_input_tokens), sum(c.cache_write_tokens), sum(c.output_tokens), sum(c.reasoning_tokens),
                coalesce(sum(c.cost_nanousd), 0), count(*) - count(c.cost_nanousd), sum(c.outcome <> 'ok'), sum(c.cost_is_lower_bound)
        """;

    /// <summary>Fills the empty rollup tables: the hourly rollups from the calls, every coarser table added up from a finer one.</summary>
    private static string FillFromCalls => $"""
        INSERT INTO llm_hourly_rollups
            SELECT substr(c.ts_utc, 1, {HourSlotLength}), c.provider, c.model, coalesce(c.project, ''), coalesce(c.pricing_version, ''), {CallTotals}
            FROM llm_calls AS c GROUP BY 1, 2, 3, 4, 5;
        {DailyRollups.FillFrom(HourlyRollups, DaySlotLength)}
        {MonthlyRollups.FillFrom(DailyRollups, MonthSlotLength)}
        {HourlyTotals.FillFrom(HourlyRollups, HourSlotLength)}
        {DailyTotals.FillFrom(HourlyTotals, DaySlotLength)}
        """;

    /// <summary>
    /// A rollup table: totals per UTC slot (its first column, written as <paramref name="SlotFormat"/>) and per value of each
    /// of its <paramref name="KeyColumns"/> (none; provider × model × project × pricing version; or one dimension); its
    /// primary key starts with the slot, or with the key columns when <paramref name="KeyFirst"/>.
    /// </summary>
    internal sealed record RollupTable(string Name, string SlotColumn, string SlotFormat, string[] KeyColumns, bool KeyFirst = false)
    {
        /// <summary>Adds one batch's totals to a row (parameters: the slot, the key columns, then the totals, in order).</summary>
        internal string Upsert => $"""
            INSERT INTO {Name} VALUES ({string.Join(", ", Enumerable.Range(1, 1 + KeyColumns.Length + TotalsColumns.Length).Select(i => "?" + i))})
            ON CONFLICT ({Key}) DO UPDATE SET
                {string.Join(",\n    ", TotalsColumns.Select(column => $"{column} = {column} + excluded.{column}"))};
            """;

        private string Key => string.Join(", ", KeyFirst ? KeyColumns.Append(SlotColumn) : KeyColumns.Prepend(SlotColumn));

        private IEnumerable<string> KeyDefinitions => KeyColumns.Prepend(SlotColumn).Select(column => column + " TEXT NOT NULL");

        internal string Create() => $"""
            CREATE TABLE IF NOT EXISTS {Name} (
                {string.Join(",\n    ", KeyDefinitions.Concat(TotalsColumns.Select(column => column + " INTEGER NOT NULL")))},
                PRIMARY KEY ({Key})) WITHOUT ROWID;

            """;

        /// <summary>Fills this table from a finer one, its slot being the first <paramref name="slotLength"/> characters of the finer slot.</summary>
        internal string FillFrom(RollupTable finer, int slotLength) => $"""
            INSERT INTO {Name}
                SELECT substr({finer.SlotColumn}, 1, {slotLength}){string.Concat(KeyColumns.Select(column => ", " + column))}, {string.Join(", ", TotalsColumns.Select(column => $"sum({column})"))}
                FROM {finer.Name} GROUP BY {string.Join(", ", Enumerable.Range(1, 1 + KeyColumns.Length))};
            """;
    }

    /// <summary>
    /// A rollup per UTC day × one dimension of a call (<see cref="RollupTable.KeyColumns"/> has one column), whose key is
    /// <paramref name="CallKey"/> over <c>llm_calls AS c</c> and whatever <paramref name="Join"/> adds (a call joins once per tag).
    /// </summary>
    internal sealed record DimensionRollup(RollupTable Table, string CallKey, string Join = "")
    {
        /// <summary>Fills the empty table from every call recorded.</summary>
        internal string FillFromCalls => $"""
            INSERT INTO {Table.Name}
                SELECT substr(c.ts_utc, 1, {DaySlotLength}), {CallKey}, {CallTotals}
                FROM llm_calls AS c{Join} GROUP BY 1, 2;

            """;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
