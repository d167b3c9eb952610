using System.Globalization;
using System.Text;
using CostInstrumentation.Contract;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Reports;

/// <summary>
/// The SQL the report layer needs beyond <see cref="LlmCostQuery"/> (globs, several tags, call sites, outcomes, time
/// buckets, pricing versions, the export stream), over a read-only connection of its own. Kept in one place so it can
/// move into the store's reader as it grows. Values are always parameters; only fixed fragments are concatenated.
/// </summary>
internal sealed partial class ReportStore : IDisposable
{
    /// <summary>How long a statement waits for a lock before the database counts as locked.</summary>
    private const int BusySeconds = 2;

    /// <summary>The export's columns, in order (the raw table's, with the cost as both exact USD text and integer nano-USD).</summary>
    internal static IReadOnlyList<string> ExportColumns { get; } =
    [
        "id", "ts_utc", "provider", "model", "operation", "call_site", "project", "session_id", "tags",
        "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens",
        "cost_usd", "cost_nanousd", "duration_ms", "outcome", "error_type", "pricing_version",
    ];

    /// <summary>The export column holding the cost as exact USD (decimal), read from <c>cost_nanousd</c>.</summary>
    internal const int CostUsdColumn = 14;

    private readonly SqliteConnection _connection;

    internal ReportStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = BusySeconds,
        }.ToString());
        try
        {
            _connection.Open();
            // Touches the file's header and schema: a locked, damaged or non-SQLite file fails here, quickly.
            using SqliteCommand probe = Command("SELECT count(*) FROM sqlite_master");
            probe.ExecuteScalar();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Totals per group of <paramref name="by"/> (empty: one row of grand totals). Time dimensions come back as UTC buckets (<see cref="BucketStart"/>).</summary>
    internal List<SourceGroup> Group(ReportPeriod period, ReportFilter filter, IReadOnlyList<ReportDimension> by, bool quarterHours)
    {
        using SqliteCommand command = _connection.CreateCommand();
        StringBuilder sql = new("SELECT ");
        foreach (ReportDimension dimension in by)
        {
            sql.Append(Key(dimension, quarterHours)).Append(", ");
        }

        // The runtime's totals columns, so calls priced only as a lower bound are counted here as in every other report.
        sql.Append(CostQuerySql.RawTotals)
            .Append(CostQuerySql.LowerBoundCalls(CostQuerySql.Source.Calls, LlmCostQuery.HasColumn(_connection, "llm_calls", "cost_is_lower_bound")))
            .Append(" FROM llm_calls AS c");
        if (by.Contains(ReportDimension.Tag))
        {
            // A LEFT JOIN keeps untagged calls (under ""); a call with two tags joins twice.
            sql.Append(" LEFT JOIN json_each(c.tags) AS t");
        }

        AppendWhere(sql, command, period, filter);
        if (by.Count > 0)
        {
            sql.Append(" GROUP BY ").AppendJoin(", ", Enumerable.Range(1, by.Count));
        }

        command.CommandText = sql.ToString();
        using SqliteDataReader reader = command.ExecuteReader();
        return ResultRows.Groups(reader, by.Count);
    }

    /// <summary>The pricing versions of the selected calls (a missing or empty one is left out), sorted.</summary>
    internal List<string> PricingVersions(ReportPeriod period, ReportFilter filter)
    {
        using SqliteCommand command = _connection.CreateCommand();
        StringBuilder sql = new("SELECT DISTINCT c.pricing_version FROM llm_calls AS c");
        AppendWhere(sql, command, period, filter, "c.pricing_version <> ''");
        command.CommandText = sql.ToString();
        using SqliteDataReader reader = command.ExecuteReader();
        return ResultRows.SortedText(reader);
    }

    /// <summary>
    /// The selected calls in <see cref="ExportColumns"/> order, read one at a time: oldest first (ties by id), or newest first;
    /// only those after <paramref name="after"/> in that order (keyset paging on time and id), at most <paramref name="limit"/>.
    /// </summary>
    internal IEnumerable<object?[]> Calls(ReportPeriod period, ReportFilter filter, CallCursor? after = null, int? limit = null, bool newestFirst = false)
    {
        using SqliteCommand command = CallsCommand(period, filter, after, limit, newestFirst);
        using SqliteDataReader reader = command.ExecuteReader();
        object?[] row = new object?[ExportColumns.Count];
        while (reader.Read())
        {
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            row[CostUsdColumn] = row[CostUsdColumn] is long nano ? NanoUsd.ToUsd(nano) : null;

            // One buffer reused for every row: the caller writes it out before asking for the next.
            yield return row;
        }
    }

    /// <summary>The rows of <see cref="Calls"/> (all of them, oldest first) as SQLite's own values: the export's fast path.</summary>
    internal CallRows CallRows(ReportPeriod period, ReportFilter filter)
    {
        using SqliteCommand command = CallsCommand(period, filter, after: null, limit: null, newestFirst: false);
        return new CallRows(_connection.DataSource, command);
    }

    /// <summary>The statement <see cref="Calls"/> and <see cref="CallRows"/> run.</summary>
    private SqliteCommand CallsCommand(ReportPeriod period, ReportFilter filter, CallCursor? after, int? limit, bool newestFirst)
    {
        SqliteCommand command = _connection.CreateCommand();
        StringBuilder sql = new("""
            SELECT c.id, c.ts_utc, c.provider, c.model, c.operation, c.call_site, c.project, c.session_id, c.tags,
                c.input_tokens, c.cached_input_tokens, c.cache_write_tokens, c.output_tokens, c.reasoning_tokens,
                c.cost_nanousd, c.cost_nanousd, c.duration_ms, c.outcome, c.error_type, c.pricing_version
            FROM llm_calls AS c
            """);
        string? keyset = null;
        if (after is { } cursor)
        {
            keyset = newestFirst ? "(c.ts_utc, c.id) < ($afterTs, $afterId)" : "(c.ts_utc, c.id) > ($afterTs, $afterId)";
            command.Parameters.AddWithValue("$afterTs", cursor.TimestampUtc);
            command.Parameters.AddWithValue("$afterId", cursor.Id);
        }

        AppendWhere(sql, command, period, filter, keyset);
        sql.Append(newestFirst ? " ORDER BY c.ts_utc DESC, c.id DESC" : " ORDER BY c.ts_utc, c.id");
        if (limit is { } count)
        {
            sql.Append(" LIMIT $limit");
            command.Parameters.AddWithValue("$limit", count);
        }

        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>The <c>budgets</c> columns <see cref="LlmCostQuery.BudgetStatus"/> leaves out, by id.</summary>
    internal Dictionary<long, BudgetSettings> BudgetSettings()
    {
        // Older schema versions lack these columns: every row was entered, and enabled.
        bool declared = LlmCostQuery.HasColumn(_connection, "budgets", "declared_key");
        bool enabled = LlmCostQuery.HasColumn(_connection, "budgets", "enabled");
        using SqliteCommand command = Command(
            "SELECT id, fallback_model, warn_at, " + (declared ? "declared_key IS NOT NULL" : "0") + ", " + (enabled ? "enabled" : "1") + " FROM budgets");
        Dictionary<long, BudgetSettings> settings = [];
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            settings[reader.GetInt64(0)] = new BudgetSettings(
                reader.IsDBNull(1) ? null : reader.GetString(1),
                Reports.BudgetSettings.ReadWarnAt(reader.GetString(2)),
                reader.GetInt64(3) != 0,
                reader.GetInt64(4) != 0);
        }

        return settings;
    }

    /// <summary>The start of a UTC bucket key the time dimensions return: a day (<c>2026-11-01</c>), an hour (<c>2026-11-01T05</c>) or a slot (<c>2026-11-01T05:30</c>, a quarter-hour).</summary>
    internal static DateTimeOffset BucketStart(string key) =>
        new(DateTime.ParseExact(key, key.Length switch { 10 => "yyyy-MM-dd", 13 => "yyyy-MM-dd'T'HH", _ => "yyyy-MM-dd'T'HH:mm" }, CultureInfo.InvariantCulture), TimeSpan.Zero);

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// The key of a dimension that does not depend on time, over the calls as <c>c</c> and their tags as <c>t</c> (SQL
    /// that SQLite and PostgreSQL read alike: "" for no project, session or tag); null for a time dimension.
    /// </summary>
    internal static string? CallKey(ReportDimension dimension) => dimension switch
    {
        ReportDimension.Model => "c.model",
        ReportDimension.Provider => "c.provider",
        ReportDimension.Project => "coalesce(c.project, '')",
        ReportDimension.Tag => "coalesce(t.value, '')",
        ReportDimension.Session => "coalesce(c.session_id, '')",
        ReportDimension.Operation => "c.operation",
        ReportDimension.CallSite => "c.call_site",
        _ => null,
    };

    private static string Key(ReportDimension dimension, bool quarterHours) =>
        CallKey(dimension)
        ?? (quarterHours ? "substr(c.ts_utc, 1, 14) || printf('%02d', cast(substr(c.ts_utc, 15, 2) AS INTEGER) / 15 * 15)" : "substr(c.ts_utc, 1, 13)");

    private static void AppendWhere(StringBuilder sql, SqliteCommand command, ReportPeriod period, ReportFilter filter, string? extra = null)
    {
        List<string> conditions = [];
        if (period.FromUtc is { } from)
        {
            conditions.Add("c.ts_utc >= $from");
            command.Parameters.AddWithValue("$from", UtcTimestamp.Write(from));
        }

        if (period.ToUtc is { } to)
        {
            conditions.Add("c.ts_utc < $to");
            command.Parameters.AddWithValue("$to", UtcTimestamp.Write(to));
        }

        Equal(conditions, command, "c.provider COLLATE NOCASE", "$provider", filter.Provider);
        if (filter.Model is { } model)
        {
            conditions.Add(model.AsSpan().IndexOfAny("*?[") >= 0 ? "c.model GLOB $model" : "c.model = $model");
            command.Parameters.AddWithValue("$model", model);
        }

        OptionalEqual(conditions, command, "c.project", "$project", filter.Project);
        OptionalEqual(conditions, command, "c.session_id", "$session", filter.Session);
        for (int i = 0; i < filter.Tags.Count; i++)
        {
            conditions.Add($"EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = $tag{i})");
            command.Parameters.AddWithValue("$tag" + i.ToString(CultureInfo.InvariantCulture), filter.Tags[i]);
        }

        if (filter.Operation is { } operation && operation.EndsWith(".*", StringComparison.Ordinal))
        {
            // Ns.Type.* selects the type's methods: a prefix compare, so the value needs no GLOB escaping.
            conditions.Add("substr(c.operation, 1, length($operation)) = $operation");
            command.Parameters.AddWithValue("$operation", operation[..^1]);
        }
        else
        {
            Equal(conditions, command, "c.operation", "$operation", filter.Operation);
        }

        Equal(conditions, command, "c.call_site", "$callSite", filter.CallSite);
        Equal(conditions, command, "c.outcome", "$outcome", filter.Outcome);
        if (extra is not null)
        {
            conditions.Add(extra);
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }
    }

    private static void Equal(List<string> conditions, SqliteCommand command, string column, string parameter, string? value)
    {
        if (value is not null)
        {
            conditions.Add($"{column} = {parameter}");
            command.Parameters.AddWithValue(parameter, value);
        }
    }

    /// <summary>"" selects NULL and '' alike, as both are shown under "(none)".</summary>
    private static void OptionalEqual(List<string> conditions, SqliteCommand command, string column, string parameter, string? value)
    {
        if (value is "")
        {
            conditions.Add($"({column} IS NULL OR {column} = '')");
        }
        else
        {
            Equal(conditions, command, column, parameter, value);
        }
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
