using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// Builds the aggregate SQL of <see cref="LlmCostQuery"/>, over <c>llm_daily_rollups</c> when the filter and the
/// grouping allow it (day-aligned bounds; provider, model, project or day only), else over <c>llm_hourly_rollups</c>
/// when the bounds are hour-aligned (a local day of a whole-hour zone), else over <c>llm_calls</c>.
/// Values are always parameters; only fixed fragments are concatenated.
/// </summary>
internal static class CostQuerySql
{
    /// <summary>How a series slot key (<c>yyyy-MM-ddTHH:mm</c>, UTC) is written by the SQL below.</summary>
    internal const string SlotFormat = "yyyy-MM-dd'T'HH:mm";

    private const string DayFormat = "yyyy-MM-dd";
    private const string HourFormat = "yyyy-MM-dd'T'HH";

    /// <summary>The totals columns over <c>llm_calls AS c</c> (also the report layer's, for the questions it asks itself).</summary>
    internal const string RawTotals = """
        count(*), coalesce(sum(c.cost_nanousd), 0), count(*) - count(c.cost_nanousd), coalesce(sum(c.outcome <> 'ok'), 0),
        coalesce(sum(c.input_tokens), 0), coalesce(sum(c.cached_input_tokens), 0), coalesce(sum(c.cache_write_tokens), 0),
        coalesce(sum(c.output_tokens), 0), coalesce(sum(c.reasoning_tokens), 0)
        """;

    private const string RollupTotals = """
        coalesce(sum(calls), 0), coalesce(sum(cost_nanousd), 0), coalesce(sum(unpriced_calls), 0), coalesce(sum(failed_calls), 0),
        coalesce(sum(input_tokens), 0), coalesce(sum(cached_input_tokens), 0), coalesce(sum(cache_write_tokens), 0),
        coalesce(sum(output_tokens), 0), coalesce(sum(reasoning_tokens), 0)
        """;

    /// <summary>The count of lower-bound costs (the last totals column), or 0 from a file older than schema version 4.</summary>
    internal static string LowerBoundCalls(Source source, bool hasLowerBounds) =>
        !hasLowerBounds ? ", 0" : source == Source.Calls ? ", coalesce(sum(c.cost_is_lower_bound), 0)" : ", coalesce(sum(lower_bound_calls), 0)";

    /// <summary>Where an aggregate reads its rows from.</summary>
    internal enum Source
    {
        Calls,
        DailyRollups,
        HourlyRollups,
    }

    /// <summary>Whether the daily rollups hold everything the query needs: they keep day × provider × model × project only.</summary>
    internal static bool CanUseRollups(CostFilter filter, CostDimension? by) =>
        RollupsHold(filter, by) && IsAligned(filter.FromUtc, TimeSpan.TicksPerDay) && IsAligned(filter.ToUtc, TimeSpan.TicksPerDay);

    /// <summary>Whether the hourly rollups hold everything the query needs: hour × provider × model × project.</summary>
    internal static bool CanUseHourlyRollups(CostFilter filter, CostDimension? by) =>
        RollupsHold(filter, by) && IsAligned(filter.FromUtc, TimeSpan.TicksPerHour) && IsAligned(filter.ToUtc, TimeSpan.TicksPerHour);

    /// <summary>
    /// A command reading the totals (columns 0–9), or per key of <paramref name="by"/> the key (column 0) and its totals (1–10).
    /// </summary>
    internal static SqliteCommand Aggregate(SqliteConnection connection, CostFilter filter, CostDimension? by, Source source, bool hasLowerBounds, bool sessionsOnly = false) =>
        Select(connection, filter, by is { } dimension ? Key(dimension, source) : null, source, hasLowerBounds, joinTags: by == CostDimension.Tag, sessionsOnly, orderByKey: false);

    /// <summary>A command reading, per UTC slot, its key (column 0, <see cref="SlotFormat"/>) and its totals (1–10), oldest first.</summary>
    internal static SqliteCommand Series(SqliteConnection connection, CostFilter filter, CostSeriesSlot slot, Source source, bool hasLowerBounds) =>
        Select(connection, filter, SlotKey(slot, source), source, hasLowerBounds, joinTags: false, sessionsOnly: false, orderByKey: true);

    private static SqliteCommand Select(SqliteConnection connection, CostFilter filter, string? key, Source source, bool hasLowerBounds, bool joinTags, bool sessionsOnly, bool orderByKey)
    {
        SqliteCommand command = connection.CreateCommand();
        StringBuilder sql = new("SELECT ");
        if (key is not null)
        {
            sql.Append(key).Append(", ");
        }

        sql.Append(source == Source.Calls ? RawTotals : RollupTotals).Append(LowerBoundCalls(source, hasLowerBounds));
        sql.Append(source switch
        {
            Source.DailyRollups => " FROM llm_daily_rollups",
            Source.HourlyRollups => " FROM llm_hourly_rollups",
            _ => " FROM llm_calls AS c",
        });
        if (joinTags)
        {
            // A LEFT JOIN keeps untagged calls (under the empty key); a call with two tags joins twice.
            sql.Append(" LEFT JOIN json_each(c.tags) AS t");
        }

        List<string> conditions = source switch
        {
            Source.DailyRollups => RollupConditions(command, filter, "day", DayFormat),
            Source.HourlyRollups => RollupConditions(command, filter, "hour", HourFormat),
            _ => RawConditions(command, filter),
        };
        if (sessionsOnly)
        {
            conditions.Add("c.session_id IS NOT NULL");
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        if (key is not null)
        {
            sql.Append(orderByKey ? " GROUP BY 1 ORDER BY 1" : " GROUP BY 1");
        }

        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>The conditions of <paramref name="filter"/> over <c>llm_calls AS c</c>, with their parameters added to <paramref name="command"/>.</summary>
    internal static List<string> RawConditions(SqliteCommand command, CostFilter filter)
    {
        List<string> conditions = [];
        if (filter.FromUtc is { } from)
        {
            conditions.Add("c.ts_utc >= $from");
            command.Parameters.AddWithValue("$from", FormatTimestamp(from));
        }

        if (filter.ToUtc is { } to)
        {
            conditions.Add("c.ts_utc < $to");
            command.Parameters.AddWithValue("$to", FormatTimestamp(to));
        }

        Equal(command, conditions, "c.model", "$model", filter.Model);
        Equal(command, conditions, filter.ProviderIgnoresCase ? "c.provider COLLATE NOCASE" : "c.provider", "$provider", filter.Provider);
        OptionalEqual(command, conditions, "c.project", "$project", filter.Project);
        OptionalEqual(command, conditions, "c.session_id", "$session", filter.Session);
        if (filter.Tag is { } tag)
        {
            conditions.Add("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = $tag)");
            command.Parameters.AddWithValue("$tag", tag);
        }

        if (filter.Operation is { } operation)
        {
            if (OperationName.IsEveryMethodOf(operation))
            {
                // Ns.Type.* selects the type's methods: a prefix compare, so no LIKE/GLOB escaping of the value is needed.
                conditions.Add("substr(c.operation, 1, length($operation)) = $operation");
                command.Parameters.AddWithValue("$operation", operation[..^1]);
            }
            else
            {
                Equal(command, conditions, "c.operation", "$operation", operation);
            }
        }

        return conditions;
    }

    /// <summary>The conditions of <paramref name="filter"/> over a rollup table whose time slot is <paramref name="slotColumn"/>.</summary>
    private static List<string> RollupConditions(SqliteCommand command, CostFilter filter, string slotColumn, string slotFormat)
    {
        List<string> conditions = [];
        if (filter.FromUtc is { } from)
        {
            conditions.Add($"{slotColumn} >= $from");
            command.Parameters.AddWithValue("$from", from.UtcDateTime.ToString(slotFormat, CultureInfo.InvariantCulture));
        }

        if (filter.ToUtc is { } to)
        {
            conditions.Add($"{slotColumn} < $to");
            command.Parameters.AddWithValue("$to", to.UtcDateTime.ToString(slotFormat, CultureInfo.InvariantCulture));
        }

        // The rollups store a missing project as '', so the empty filter value matches it directly.
        Equal(command, conditions, "model", "$model", filter.Model);
        Equal(command, conditions, filter.ProviderIgnoresCase ? "provider COLLATE NOCASE" : "provider", "$provider", filter.Provider);
        Equal(command, conditions, "project", "$project", filter.Project);
        return conditions;
    }

    private static void Equal(SqliteCommand command, List<string> conditions, string column, string parameter, string? value)
    {
        if (value is not null)
        {
            conditions.Add($"{column} = {parameter}");
            command.Parameters.AddWithValue(parameter, value);
        }
    }

    /// <summary>"" selects NULL and '' alike, as both are reported under the empty key; other values compare exactly (index-friendly).</summary>
    private static void OptionalEqual(SqliteCommand command, List<string> conditions, string column, string parameter, string? value)
    {
        if (value is "")
        {
            conditions.Add($"({column} IS NULL OR {column} = '')");
        }
        else
        {
            Equal(command, conditions, column, parameter, value);
        }
    }

    private static string Key(CostDimension by, Source source) => source switch
    {
        Source.Calls => RawKey(by),
        _ when by == CostDimension.Day => source == Source.HourlyRollups ? "substr(hour, 1, 10)" : "day",
        _ => RollupKey(by),
    };

    /// <summary>The slot a call or rollup row falls in, as <see cref="SlotFormat"/> text.</summary>
    private static string SlotKey(CostSeriesSlot slot, Source source) => (slot, source) switch
    {
        (CostSeriesSlot.Hour, Source.HourlyRollups) => "hour || ':00'",
        (CostSeriesSlot.Hour, Source.Calls) => "substr(c.ts_utc, 1, 13) || ':00'",
        (CostSeriesSlot.QuarterHour, Source.Calls) => """
            substr(c.ts_utc, 1, 14) || CASE WHEN substr(c.ts_utc, 15, 2) < '15' THEN '00' WHEN substr(c.ts_utc, 15, 2) < '30' THEN '15'
                WHEN substr(c.ts_utc, 15, 2) < '45' THEN '30' ELSE '45' END
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, $"No {slot} series from {source}."),
    };

    private static string RawKey(CostDimension by) => by switch
    {
        CostDimension.Model => "c.model",
        CostDimension.Provider => "c.provider",
        CostDimension.Project => "coalesce(c.project, '')",
        CostDimension.Tag => "coalesce(t.value, '')",
        CostDimension.Session => "coalesce(c.session_id, '')",
        CostDimension.Operation => "c.operation",
        CostDimension.CallSite => "c.call_site",
        CostDimension.Day => "substr(c.ts_utc, 1, 10)",
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, null),
    };

    private static string RollupKey(CostDimension by) => by switch
    {
        CostDimension.Model => "model",
        CostDimension.Provider => "provider",
        CostDimension.Project => "project",
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, "The rollups do not keep this dimension."),
    };

    internal static string FormatTimestamp(DateTimeOffset instant) => UtcTimestamp.Write(instant);

    /// <summary>Tag, session and operation are not in the rollups; nor are the groupings by them or by call site.</summary>
    private static bool RollupsHold(CostFilter filter, CostDimension? by) =>
        filter.Tag is null && filter.Session is null && filter.Operation is null
        && by is null or CostDimension.Model or CostDimension.Provider or CostDimension.Project or CostDimension.Day;

    private static bool IsAligned(DateTimeOffset? instant, long slotTicks) => instant is not { } value || value.UtcTicks % slotTicks == 0;
}
