using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Tests.Storage;

public sealed class SqliteSchemaTests : SqliteTestDatabase
{
    private const string AllCallColumns = "id, ts_utc, provider, model, operation, call_site, project, session_id, tags, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_nanousd, duration_ms, outcome, error_type, pricing_version";

    /// <summary>The daily rollups as version 3 kept them (version 8 splits each row by pricing version: added up again here).</summary>
    private const string DailyRollupsOfVersion3 = """
        SELECT day, provider, model, project, sum(calls), sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens), sum(output_tokens),
            sum(reasoning_tokens), sum(cost_nanousd), sum(unpriced_calls), sum(failed_calls)
        FROM llm_daily_rollups {0} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        """;

    private static readonly string[] Dimensions = ["provider", "model", "project", "pricing_version"];

    [Fact]
    public async Task VersionOneFile_IsMigrated_KeepingEveryRow_WithRollupsExactlyTheSumsOfItsCalls()
    {
        List<string> before;
        System.IO.Directory.CreateDirectory(Folder);
        using (SqliteConnection v1 = Open())
        {
            Execute(v1, "PRAGMA journal_mode = WAL; CREATE TABLE schema_version (version INTEGER NOT NULL);" + SqliteSchema.Version1 + "INSERT INTO schema_version (version) VALUES (1);");
            InsertAsVersion1(v1, RandomRecords(3_000, seed: 1));
            before = Rows(v1, $"SELECT {AllCallColumns} FROM llm_calls ORDER BY id");
        }

        await using (SqliteCostSink sink = new(DatabasePath))
        {
            sink.Write(Record(0.5m, "after-migration"));
            await sink.FlushAsync();
        }

        using SqliteConnection db = Open();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"], Rows(db, "SELECT version FROM schema_version ORDER BY version"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM llm_calls WHERE cost_is_lower_bound <> 0")); // not recorded before version 4
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(db, "SELECT MAX(version) FROM schema_version"));
        List<string> after = Rows(db, $"SELECT {AllCallColumns} FROM llm_calls ORDER BY id");
        Assert.Equal(before, after[..^1]);
        Assert.Equal(3_001, after.Count);
        AssertRollupsMatchCalls(db);
    }

    /// <summary>A file at version 3 (daily rollups only) gains hourly rollups built from every call it holds.</summary>
    [Fact]
    public async Task VersionThreeFile_IsMigrated_KeepingEveryRowAndDailyRollup_WithHourlyRollupsExactlyTheSumsOfItsCalls()
    {
        List<string> callsBefore;
        List<string> daysBefore;
        System.IO.Directory.CreateDirectory(Folder);
        using (SqliteConnection v3 = Open())
        {
            Execute(v3, "PRAGMA journal_mode = WAL; CREATE TABLE schema_version (version INTEGER NOT NULL);" + SqliteSchema.Version1);
            InsertAsVersion1(v3, RandomRecords(3_000, seed: 2));

            // Versions 2 and 3 as an older writer applied them: the daily rollups are built from these calls.
            Execute(v3, SqliteSchema.Version2 + SqliteSchema.Version3 + "INSERT INTO schema_version (version) VALUES (1), (2), (3);");
            Assert.Equal(0L, Scalar(v3, "SELECT count(*) FROM sqlite_master WHERE name = 'llm_hourly_rollups'"));
            callsBefore = Rows(v3, $"SELECT {AllCallColumns} FROM llm_calls ORDER BY id");
            daysBefore = Rows(v3, string.Format(System.Globalization.CultureInfo.InvariantCulture, DailyRollupsOfVersion3, ""));
        }

        // A reader of the old file reads the calls (it has no hourly rollups), and does not migrate it.
        using (LlmCostQuery old = LlmCostQuery.Open(DatabasePath))
        {
            Assert.Equal(3_000, old.Series().Sum(point => point.Totals.Calls));
        }

        await using (SqliteCostSink sink = new(DatabasePath))
        {
            sink.Write(Record(0.5m, "after-migration"));
            await sink.FlushAsync();
        }

        using SqliteConnection db = Open();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"], Rows(db, "SELECT version FROM schema_version ORDER BY version"));
        List<string> callsAfter = Rows(db, $"SELECT {AllCallColumns} FROM llm_calls ORDER BY id");
        Assert.Equal(3_001, callsAfter.Count);
        Assert.Equal(callsBefore, callsAfter[..^1]);
        AssertRollupsMatchCalls(db);
        // The random calls end by mid-November: the new call's day is a new row, and every older daily row is kept as it was.
        Assert.Equal(daysBefore, Rows(db, string.Format(System.Globalization.CultureInfo.InvariantCulture, DailyRollupsOfVersion3, "WHERE day <> '2026-11-22'")));
        Assert.Equal(3_001L, Scalar(db, "SELECT sum(calls) FROM llm_hourly_rollups"));
    }

    /// <summary>
    /// A version-7 file (hourly and daily rollups without pricing versions; no monthly rollups or totals) is read as it is,
    /// then migrated: every rollup rebuilt from its calls, and every answer the same before and after, and as from the calls.
    /// </summary>
    [Fact]
    public async Task VersionSevenFile_IsMigrated_WithEveryRollupTheSumOfItsCalls_AndTheSameAnswers()
    {
        CreateFileAtVersion(7, seed: 3).Dispose();

        Random random = new(3);
        DateTimeOffset start = new(2026, 9, 29, 0, 0, 0, TimeSpan.Zero);
        List<CostFilter> filters = [.. Enumerable.Range(0, 30).Select(_ => new CostFilter
        {
            FromUtc = start.AddTicks(random.NextInt64(TimeSpan.FromDays(30).Ticks)),
            ToUtc = start.AddDays(30).AddTicks(random.NextInt64(TimeSpan.FromDays(30).Ticks)),
            Model = random.Next(3) == 0 ? "gpt-4o" : null,
        })];
        List<string> before = Answers(filters, useRollups: true);
        Assert.Equal(Answers(filters, useRollups: false), before);

        // Far after every filter's range: it only makes the writer open (and migrate) the file.
        await using (SqliteCostSink sink = new(DatabasePath))
        {
            sink.Write(Record(0.5m, "after-migration") with { TimestampUtc = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) });
            await sink.FlushAsync();
        }

        using SqliteConnection db = Open();
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(db, "SELECT MAX(version) FROM schema_version"));
        AssertRollupsMatchCalls(db);
        Assert.Equal(before, Answers(filters, useRollups: true));
    }

    /// <summary>
    /// A version-8 file (no rollups of call sites, operations, tags or sessions), version-9 file (no monthly sessions) or
    /// version-10 file (no rollups per model or project) is read from what it has, then migrated: the new rollups are built
    /// from every call, give the same breakdowns, and the writer keeps them equal to the calls after.
    /// </summary>
    [Theory]
    [InlineData(8, "llm_daily_sessions")]
    [InlineData(9, "llm_monthly_sessions")]
    [InlineData(10, "llm_daily_models")]
    public async Task OlderFile_IsMigrated_WithDimensionRollupsTheSumOfItsCalls_AndTheSameBreakdowns(int version, string newTable)
    {
        using (SqliteConnection older = CreateFileAtVersion(version, seed: 4))
        {
            Assert.Equal(0L, Scalar(older, $"SELECT count(*) FROM sqlite_master WHERE name = '{newTable}'"));
        }

        Random random = new(4);
        DateTimeOffset start = new(2026, 9, 29, 0, 0, 0, TimeSpan.Zero);
        // Every range ends before the call that only makes the writer open (and migrate) the file.
        List<CostFilter> filters = [new CostFilter { ToUtc = start.AddYears(1) }, .. Enumerable.Range(0, 20).Select(_ => new CostFilter
        {
            FromUtc = random.Next(4) == 0 ? null : start.AddTicks(random.NextInt64(TimeSpan.FromDays(30).Ticks)),
            ToUtc = start.AddDays(30).AddTicks(random.NextInt64(TimeSpan.FromDays(30).Ticks)),
        })];
        List<string> before = DimensionAnswers(filters, useRollups: true);

        await using (SqliteCostSink sink = new(DatabasePath))
        {
            sink.Write(Record(0.5m, "after-migration") with { TimestampUtc = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) });
            await sink.FlushAsync();
        }

        using (SqliteConnection db = Open())
        {
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(db, "SELECT MAX(version) FROM schema_version"));
            AssertRollupsMatchCalls(db);
        }

        Assert.Equal(before, DimensionAnswers(filters, useRollups: true));
        Assert.Equal(before, DimensionAnswers(filters, useRollups: false));

        // The writer after the migration: more calls on the same days, in small batches, keep every rollup equal to the calls.
        await using (SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions { MaxBatchSize = 61 }))
        {
            foreach (LlmCallRecord record in RandomRecords(1_000, seed: 5))
            {
                sink.Write(record);
            }

            await sink.FlushAsync();
        }

        using SqliteConnection after = Open();
        AssertRollupsMatchCalls(after);
        Assert.Equal(DimensionAnswers(filters, useRollups: false), DimensionAnswers(filters, useRollups: true));
    }

    /// <summary>
    /// Sub-second busy timeouts are kept to the millisecond on the writer's connection (Microsoft.Data.Sqlite's own
    /// timeout is whole seconds: 200 ms used to become 1 s, and the native INSERT had no busy handler at all).
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    [InlineData(1_500)]
    public async Task BusyTimeout_IsTheWritersBusyHandler_ToTheMillisecond(int milliseconds)
    {
        long seen = -1;
        await using (SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions
        {
            BusyTimeout = TimeSpan.FromMilliseconds(milliseconds),
            OnConnectionOpened = connection => Volatile.Write(ref seen, (long)Scalar(connection, "PRAGMA busy_timeout")!),
        }))
        {
            sink.Write(Record(0.001m, "p"));
            await sink.FlushAsync();
        }

        Assert.Equal(milliseconds, Volatile.Read(ref seen));
    }

    [Fact]
    public async Task RandomRecordsInManyBatches_RollupsEqualTheGroupByOverCalls()
    {
        await using (SqliteCostSink sink = new(DatabasePath, new SqliteSinkOptions { MaxBatchSize = 97 }))
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(seed => Task.Run(() =>
            {
                foreach (LlmCallRecord record in RandomRecords(5_000, seed))
                {
                    sink.Write(record);
                }
            })));
            await sink.FlushAsync();
        }

        using SqliteConnection db = Open();
        Assert.Equal(20_000L, Scalar(db, "SELECT COUNT(*) FROM llm_calls"));
        AssertRollupsMatchCalls(db);
        long expectedCost = Enumerable.Range(0, 4).SelectMany(seed => RandomRecords(5_000, seed)).Sum(r => r.CostUsd is { } cost ? SqliteCostSink.ToNanoUsd(cost) ?? 0 : 0);
        Assert.Equal(expectedCost, Scalar(db, "SELECT SUM(cost_nanousd) FROM llm_daily_rollups"));
    }

    /// <summary>The whole schema, column by column: no prompt, response or key column exists, and none appears unnoticed.</summary>
    [Fact]
    public async Task EveryColumnOfEveryTable_IsExactlyTheDocumentedSet()
    {
        await using (SqliteCostSink sink = new(DatabasePath))
        {
            sink.Write(Record(0.001m, "p"));
            await sink.FlushAsync();
        }

        using SqliteConnection db = Open();
        List<string> columns = Rows(db, """
            SELECT m.name || '.' || c.name || ' ' || c.type || (CASE WHEN c."notnull" THEN ' NOT NULL' ELSE '' END)
            FROM sqlite_master m, pragma_table_info(m.name) c
            WHERE m.type = 'table' ORDER BY m.name, c.cid
            """);
        Assert.Equal(
            [
                "budget_alerts.id INTEGER", "budget_alerts.budget_id INTEGER NOT NULL", "budget_alerts.period_start TEXT NOT NULL",
                "budget_alerts.threshold TEXT NOT NULL", "budget_alerts.spent_nanousd INTEGER NOT NULL", "budget_alerts.raised_utc TEXT NOT NULL",
                "budget_alerts.acknowledged_utc TEXT",
                "budgets.id INTEGER", "budgets.scope TEXT NOT NULL", "budgets.scope_value TEXT", "budgets.period TEXT NOT NULL",
                "budgets.limit_nanousd INTEGER NOT NULL", "budgets.hard_limit INTEGER NOT NULL", "budgets.fallback_model TEXT",
                "budgets.warn_at TEXT NOT NULL", "budgets.source TEXT", "budgets.declared_key TEXT", "budgets.enabled INTEGER NOT NULL",
                "llm_calls.id INTEGER", "llm_calls.ts_utc TEXT NOT NULL", "llm_calls.provider TEXT NOT NULL", "llm_calls.model TEXT NOT NULL",
                "llm_calls.operation TEXT NOT NULL", "llm_calls.call_site TEXT NOT NULL", "llm_calls.project TEXT", "llm_calls.session_id TEXT",
                "llm_calls.tags TEXT NOT NULL", "llm_calls.input_tokens INTEGER NOT NULL", "llm_calls.cached_input_tokens INTEGER NOT NULL",
                "llm_calls.cache_write_tokens INTEGER NOT NULL", "llm_calls.output_tokens INTEGER NOT NULL", "llm_calls.reasoning_tokens INTEGER NOT NULL",
                "llm_calls.cost_nanousd INTEGER", "llm_calls.duration_ms INTEGER NOT NULL", "llm_calls.outcome TEXT NOT NULL", "llm_calls.error_type TEXT",
                "llm_calls.pricing_version TEXT", "llm_calls.cost_is_lower_bound INTEGER NOT NULL", "llm_calls.hold_id TEXT",
                .. RollupColumns("llm_daily_call_sites", "day", ["call_site"]),
                .. RollupColumns("llm_daily_models", "day", ["provider", "model"]),
                .. RollupColumns("llm_daily_operations", "day", ["operation"]),
                .. RollupColumns("llm_daily_projects", "day", ["project"]),
                .. RollupColumns("llm_daily_rollups", "day", Dimensions),
                .. RollupColumns("llm_daily_sessions", "day", ["session_id"]),
                .. RollupColumns("llm_daily_tags", "day", ["tag"]),
                .. RollupColumns("llm_daily_totals", "day", []),
                .. RollupColumns("llm_hourly_models", "hour", ["provider", "model"]),
                .. RollupColumns("llm_hourly_projects", "hour", ["project"]),
                .. RollupColumns("llm_hourly_rollups", "hour", Dimensions),
                .. RollupColumns("llm_hourly_totals", "hour", []),
                .. RollupColumns("llm_monthly_rollups", "month", Dimensions),
                .. RollupColumns("llm_monthly_sessions", "month", ["session_id"]),
                .. RollupColumns("llm_quarter_hour_models", "quarter", ["provider", "model"]),
                .. RollupColumns("llm_quarter_hour_projects", "quarter", ["project"]),
                .. RollupColumns("llm_quarter_hour_totals", "quarter", []),
                .. RollupColumns("llm_yearly_sessions", "year", ["session_id"]),
                "outbox.host_id TEXT NOT NULL", "outbox.shipped_through INTEGER NOT NULL",
                "schema_version.version INTEGER NOT NULL",
            ],
            columns);
        Assert.Equal(
            ["ix_llm_calls_model", "ix_llm_calls_project", "ix_llm_calls_session", "ix_llm_calls_ts", "ux_budgets_declared_key"],
            Rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"));
    }

    /// <summary>A rollup table's columns as the schema test lists them: the slot, its key columns, the totals.</summary>
    private static IEnumerable<string> RollupColumns(string table, string slot, string[] keys) =>
        new[] { slot }.Concat(keys).Select(column => $"{table}.{column} TEXT NOT NULL")
            .Concat(new[] { "calls", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "cost_nanousd", "unpriced_calls", "failed_calls", "lower_bound_calls" }
                .Select(column => $"{table}.{column} INTEGER NOT NULL"));

    /// <summary>Totals, breakdowns by model, hours and pricing versions of each filter, as text.</summary>
    private List<string> Answers(List<CostFilter> filters, bool useRollups)
    {
        using LlmCostQuery query = LlmCostQuery.Open(DatabasePath);
        query.UseRollups = useRollups;
        return [.. filters.Select(filter => string.Join(
            " / ",
            query.Totals(filter),
            string.Join(", ", query.Breakdown(CostDimension.Model, filter)),
            string.Join(", ", query.Series(filter)),
            string.Join(", ", query.PricingVersions(filter))))];
    }

    /// <summary>Breakdowns by call site, operation, tag, session, model, provider and project, and the top sessions, of each filter, as text.</summary>
    private List<string> DimensionAnswers(List<CostFilter> filters, bool useRollups)
    {
        using LlmCostQuery query = LlmCostQuery.Open(DatabasePath);
        query.UseRollups = useRollups;
        CostDimension[] dimensions = [CostDimension.CallSite, CostDimension.Operation, CostDimension.Tag, CostDimension.Session, CostDimension.Model, CostDimension.Provider, CostDimension.Project];
        return [.. filters.Select(filter => string.Join(
            " / ",
            dimensions.Select(by => string.Join(", ", query.Breakdown(by, filter))).Append(string.Join(", ", query.TopSessions(5, filter)))))];
    }

    /// <summary>A file of 3,000 random calls as a version-1 writer stored them, migrated to <paramref name="version"/> as that version's writer did.</summary>
    private SqliteConnection CreateFileAtVersion(int version, int seed)
    {
        System.IO.Directory.CreateDirectory(Folder);
        SqliteConnection db = Open();
        Execute(db, "PRAGMA journal_mode = WAL; CREATE TABLE schema_version (version INTEGER NOT NULL);" + SqliteSchema.Version1 + "INSERT INTO schema_version (version) VALUES (1);");
        InsertAsVersion1(db, RandomRecords(3_000, seed));
        Execute(db, SqliteSchema.MigrationSteps(1, version));
        return db;
    }

    /// <summary>Stores records as a version-1 writer did: the columns of <see cref="SqliteSchema.Version1"/> only.</summary>
    private static void InsertAsVersion1(SqliteConnection db, IEnumerable<LlmCallRecord> records)
    {
        using SqliteTransaction transaction = db.BeginTransaction();
        using SqliteCommand insert = db.CreateCommand();
        insert.CommandText = $"INSERT INTO llm_calls ({AllCallColumns[4..]}) VALUES ({string.Join(", ", Enumerable.Range(1, 18).Select(i => "$" + i))})";
        foreach (LlmCallRecord record in records)
        {
            object?[] values =
            [
                record.TimestampUtc.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), record.Provider, record.Model,
                record.Operation, record.CallSite, record.Project, record.SessionId, TagsJson.Write(record.Tags),
                record.Usage.InputTokens, record.Usage.CachedInputTokens, record.Usage.CacheWriteInputTokens, record.Usage.OutputTokens,
                record.Usage.ReasoningTokens, record.CostUsd is { } cost ? SqliteCostSink.ToNanoUsd(cost) : null,
                (long)record.Duration.TotalMilliseconds, record.Outcome.ToString().ToLowerInvariant(), record.ErrorType, record.PricingVersion,
            ];
            insert.Parameters.Clear();
            for (int i = 0; i < values.Length; i++)
            {
                insert.Parameters.AddWithValue("$" + (i + 1), values[i] ?? DBNull.Value);
            }

            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
