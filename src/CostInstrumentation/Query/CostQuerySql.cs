using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>
/// Builds the aggregate SQL of <see cref="LlmCostQuery"/>, over <c>llm_daily_rollups</c> when the filter and the
/// dimension allow it (day-aligned bounds; provider, model, project or day only), else over <c>llm_calls</c>.
/// Values are always parameters; only fixed fragments are concatenated.
/// </summary>
internal static class CostQuerySql
{
    private const string DayFormat = "yyyy-MM-dd";

    private const string RawTotals = """
        count(*), coalesce(sum(c.cost_nanousd), 0), count(*) - count(c.cost_nanousd), coalesce(sum(c.outcome <> 'ok'), 0),
        coalesce(sum(c.input_tokens), 0), coalesce(sum(c.cached_input_tokens), 0), coalesce(sum(c.cache_write_tokens), 0),
        coalesce(sum(c.output_tokens), 0), coalesce(sum(c.reasoning_tokens), 0)
        """;

    private const string RollupTotals = """
        coalesce(sum(calls), 0), coalesce(sum(cost_nanousd), 0), coalesce(sum(unpriced_calls), 0), coalesce(sum(failed_calls), 0),
        coalesce(sum(input_tokens), 0), coalesce(sum(cached_input_tokens), 0), coalesce(sum(cache_write_tokens), 0),
        coalesce(sum(output_tokens), 0), coalesce(sum(reasoning_tokens), 0)
        """;

    /// <summary>The count of lower-bound costs (column 9), or 0 from a file older than schema version 4.</summary>
    private static string LowerBoundCalls(bool rollups, bool hasLowerBounds) =>
        !hasLowerBounds ? ", 0" : rollups ? ", coalesce(sum(lower_bound_calls), 0)" : ", coalesce(sum(c.cost_is_lower_bound), 0)";

    /// <summary>Whether the rollups hold everything the query needs: they keep day × provider × model × project only.</summary>
    internal static bool CanUseRollups(CostFilter filter, CostDimension? by) =>
        filter.Tag is null && filter.Session is null && filter.Operation is null
        && IsDayAligned(filter.FromUtc) && IsDayAligned(filter.ToUtc)
        && by is null or CostDimension.Model or CostDimension.Provider or CostDimension.Project or CostDimension.Day;

    /// <summary>
    /// A command reading the totals (columns 0–9), or per key of <paramref name="by"/> the key (column 0) and its totals (1–10).
    /// </summary>
    internal static SqliteCommand Aggregate(SqliteConnection connection, CostFilter filter, CostDimension? by, bool rollups, bool hasLowerBounds, bool sessionsOnly = false)
    {
        SqliteCommand command = connection.CreateCommand();
        StringBuilder sql = new("SELECT ");
        if (by is { } dimension)
        {
            sql.Append(rollups ? RollupKey(dimension) : RawKey(dimension)).Append(", ");
        }

        sql.Append(rollups ? RollupTotals : RawTotals).Append(LowerBoundCalls(rollups, hasLowerBounds));
        sql.Append(rollups ? " FROM llm_daily_rollups" : " FROM llm_calls AS c");
        if (by == CostDimension.Tag)
        {
            // A LEFT JOIN keeps untagged calls (under the empty key); a call with two tags joins twice.
            sql.Append(" LEFT JOIN json_each(c.tags) AS t");
        }

        List<string> conditions = rollups ? RollupConditions(command, filter) : RawConditions(command, filter);
        if (sessionsOnly)
        {
            conditions.Add("c.session_id IS NOT NULL");
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        if (by is not null)
        {
            sql.Append(" GROUP BY 1");
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

    private static List<string> RollupConditions(SqliteCommand command, CostFilter filter)
    {
        List<string> conditions = [];
        if (filter.FromUtc is { } from)
        {
            conditions.Add("day >= $from");
            command.Parameters.AddWithValue("$from", from.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture));
        }

        if (filter.ToUtc is { } to)
        {
            conditions.Add("day < $to");
            command.Parameters.AddWithValue("$to", to.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture));
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
        CostDimension.Day => "day",
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, "The rollups do not keep this dimension."),
    };

    internal static string FormatTimestamp(DateTimeOffset instant) => UtcTimestamp.Write(instant);

    private static bool IsDayAligned(DateTimeOffset? instant) => instant is not { } value || value.UtcDateTime.TimeOfDay == TimeSpan.Zero;
}
