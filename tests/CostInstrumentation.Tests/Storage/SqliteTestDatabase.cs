using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Tests.Storage;

/// <summary>A database file in a fresh temporary folder, deleted afterwards, and the helpers the storage tests share.</summary>
public abstract class SqliteTestDatabase : IDisposable
{
    private const string Hour = "substr(ts_utc, 1, 13)";
    private const string Day = "substr(ts_utc, 1, 10)";
    private const string QuarterHour = "substr(ts_utc, 1, 14) || printf('%02d', substr(ts_utc, 15, 2) / 15 * 15)";

    private static readonly string[] Dimensions = ["provider", "model", "coalesce(project, '')", "coalesce(pricing_version, '')"];
    private static readonly string[] Models = ["provider", "model"];
    private static readonly string[] Projects = ["coalesce(project, '')"];

    /// <summary>Each rollup table of provider, model or project (its slot and key columns over ts_utc), in key order.</summary>
    private static readonly (string Table, string Slot, string[] Keys)[] RollupTables =
    [
        ("llm_hourly_rollups", Hour, Dimensions), ("llm_daily_rollups", Day, Dimensions), ("llm_monthly_rollups", "substr(ts_utc, 1, 7)", Dimensions),
        ("llm_hourly_totals", Hour, []), ("llm_daily_totals", Day, []), ("llm_quarter_hour_totals", QuarterHour, []),
        ("llm_quarter_hour_models", QuarterHour, Models), ("llm_hourly_models", Hour, Models), ("llm_daily_models", Day, Models),
        ("llm_quarter_hour_projects", QuarterHour, Projects), ("llm_hourly_projects", Hour, Projects), ("llm_daily_projects", Day, Projects),
    ];

    /// <summary>
    /// Each rollup of one dimension per UTC day (schema 9), month or year (schema 10): the length of its slot's prefix of
    /// <c>ts_utc</c>, its key over <c>llm_calls AS c</c>, and what the calls join (a call once per tag).
    /// </summary>
    private static readonly (string Table, int SlotLength, string Key, string Join)[] DimensionTables =
    [
        ("llm_daily_call_sites", 10, "c.call_site", ""), ("llm_daily_operations", 10, "c.operation", ""),
        ("llm_daily_tags", 10, "coalesce(t.value, '')", " LEFT JOIN json_each(c.tags) AS t"), ("llm_daily_sessions", 10, "coalesce(c.session_id, '')", ""),
        ("llm_monthly_sessions", 7, "coalesce(c.session_id, '')", ""), ("llm_yearly_sessions", 4, "coalesce(c.session_id, '')", ""),
    ];

    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "llmcost-tests-" + Guid.NewGuid().ToString("N"));

    protected string DatabasePath => Path.Combine(Folder, "costs.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected SqliteConnection Open()
    {
        SqliteConnection connection = new($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    protected static object? Scalar(SqliteConnection db, string sql)
    {
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    protected static void Execute(SqliteConnection db, string sql)
    {
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every row of a query, each as its columns' text joined, in the query's order.</summary>
    protected static List<string> Rows(SqliteConnection db, string sql)
    {
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        List<string> rows = [];
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    protected long Count(string where = "1")
    {
        using SqliteConnection db = Open();
        return (long)Scalar(db, "SELECT COUNT(*) FROM llm_calls WHERE " + where)!;
    }

    /// <summary>Every rollup table the writer keeps equal, row for row, the GROUP BY over every call at its grain.</summary>
    protected static void AssertRollupsMatchCalls(SqliteConnection db)
    {
        foreach ((string table, string slot, string[] keys) in RollupTables)
        {
            List<string> expected = Rows(db, RollupsFromCalls(slot, keys));
            Assert.True(expected.Count > 0, table);
            Assert.Equal(expected, Rows(db, $"SELECT * FROM {table} ORDER BY {KeyPlaces(keys)}"));
        }

        foreach ((string table, int slotLength, string key, string join) in DimensionTables)
        {
            List<string> expected = Rows(db, $"""
                SELECT substr(c.ts_utc, 1, {slotLength}), {key}, count(*), sum(c.input_tokens), sum(c.cached_input_tokens), sum(c.cache_write_tokens),
                    sum(c.output_tokens), sum(c.reasoning_tokens), coalesce(sum(c.cost_nanousd), 0), count(*) - count(c.cost_nanousd),
                    sum(c.outcome <> 'ok'), sum(c.cost_is_lower_bound)
                FROM llm_calls AS c{join} GROUP BY 1, 2 ORDER BY 1, 2
                """);
            Assert.True(expected.Count > 0, table);
            Assert.Equal(expected, Rows(db, $"SELECT * FROM {table} ORDER BY 1, 2"));
        }
    }

    /// <summary>The rows a rollup table must hold: the calls grouped by slot and its key columns.</summary>
    private static string RollupsFromCalls(string slot, string[] keys) => $"""
        SELECT {slot}{string.Concat(keys.Select(key => ", " + key))}, count(*),
            sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens), sum(output_tokens), sum(reasoning_tokens),
            coalesce(sum(cost_nanousd), 0), count(*) - count(cost_nanousd), sum(outcome <> 'ok'), sum(cost_is_lower_bound)
        FROM llm_calls GROUP BY {KeyPlaces(keys)} ORDER BY {KeyPlaces(keys)}
        """;

    /// <summary>The places of a rollup row's slot and key columns: <c>1, 2, 3</c>.</summary>
    private static string KeyPlaces(string[] keys) => string.Join(", ", Enumerable.Range(1, 1 + keys.Length));

    /// <summary>Polls a condition the writer thread makes true (no timing is asserted; the limit only ends a hung test).</summary>
    protected static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 1_200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "timed out");
    }

    protected static LlmCallRecord Record(decimal? cost, string? project, string? session = null, string[]? tags = null) => new()
    {
        TimestampUtc = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        Provider = "openai",
        Model = "gpt-4o",
        Operation = "Tests.Bot.Ask",
        CallSite = "Bot.cs:1",
        Project = project,
        SessionId = session,
        Tags = tags ?? [],
        Usage = new LlmUsage(10_000, 500, CachedInputTokens: 4_000),
        CostUsd = cost,
        Duration = TimeSpan.FromMilliseconds(250),
        Outcome = LlmCallOutcome.Ok,
        PricingVersion = "test",
    };

    /// <summary>Records with random providers, models, projects, days, tags, unpriced, failed and lower-bound calls.</summary>
    protected static IEnumerable<LlmCallRecord> RandomRecords(int count, int seed)
    {
        Random random = new(seed);
        string[] providers = ["openai", "anthropic", "google"];
        string[] models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-pro", ""];
        string?[] projects = ["search", "support", null, "billing"];
        LlmCallOutcome[] outcomes = [LlmCallOutcome.Ok, LlmCallOutcome.Ok, LlmCallOutcome.Ok, LlmCallOutcome.Error, LlmCallOutcome.Cancelled, LlmCallOutcome.Blocked, LlmCallOutcome.Incomplete];
        DateTimeOffset start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < count; i++)
        {
            long input = random.Next(0, 200_000);
            long output = random.Next(0, 20_000);
            yield return new LlmCallRecord
            {
                TimestampUtc = start.AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 45)),
                Provider = providers[random.Next(providers.Length)],
                Model = models[random.Next(models.Length)],
                Operation = "Tests.Random.Call" + random.Next(3),
                CallSite = "Random.cs:" + random.Next(1, 500),
                Project = projects[random.Next(projects.Length)],
                SessionId = random.Next(4) == 0 ? null : "s" + random.Next(50),
                // Several tags on some calls: each counts once under each of its tags.
                Tags = random.Next(3) switch { 0 => [], 1 => ["t" + random.Next(5)], _ => ["t" + random.Next(5), "u" + random.Next(3)] },
                Usage = new LlmUsage(input, output, CachedInputTokens: random.Next(0, (int)input + 1), ReasoningTokens: random.Next(0, (int)output + 1)),
                // Sub-nano fractions too: the rollup must add the same rounded nano-USD the row holds.
                CostUsd = random.Next(8) == 0 ? null : random.NextInt64(0, 5_000_000_000_000) / 1_000_000_000_000m,
                Duration = TimeSpan.FromMilliseconds(random.Next(0, 60_000)),
                Outcome = outcomes[random.Next(outcomes.Length)],
                // A second version and calls without one: the rollups keep each apart.
                PricingVersion = random.Next(6) switch { 0 => null, 1 => "2026-11-01", _ => "test" },
                CostIsLowerBound = random.Next(6) == 0,
            };
        }
    }

    /// <summary>The sink's failure reports about this test's database, collected from <see cref="LlmCostTracker.Error"/> (other tests run in parallel).</summary>
    protected sealed class ErrorLog : IDisposable
    {
        private readonly string _path;
        private readonly List<string> _messages = [];

        public ErrorLog(string path)
        {
            _path = Path.GetFullPath(path);
            LlmCostTracker.Error += OnError;
        }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public void Dispose() => LlmCostTracker.Error -= OnError;

        private void OnError(object? sender, LlmCostErrorEventArgs e)
        {
            if (e.Kind == LlmCostErrorKind.SinkFailed && e.Message.Contains(_path, StringComparison.Ordinal))
            {
                lock (_messages)
                {
                    _messages.Add(e.Message);
                }
            }
        }
    }
}
