using System.Text;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>The rows of stretches of time wherever they fall: what a local day read from UTC days moves to another bucket.</summary>
internal static partial class CostQuerySql
{
    /// <summary>
    /// A command reading, per stretch and key of <paramref name="by"/> when given (column 1; a key may come in several rows,
    /// as in <see cref="Aggregate"/>'s <c>repeatKeys</c>), the totals (10 columns): per
    /// hour (column 0, <c>yyyy-MM-ddTHH</c>) of the runs [From, To) (hour keys) from the hourly table
    /// <paramref name="source"/>, and per part-hour (column 0, its name) from the calls. Each list is one JSON parameter
    /// whose items are read as ranges of the table's primary key or of the calls' time index (a run of a few hours is one
    /// seek: cheaper than a seek per hour); the filter's bounds are not applied (the stretches are inside them).
    /// </summary>
    internal static SqliteCommand MovedStretches(SqliteConnection connection, CostFilter filter, IReadOnlyCollection<(string From, string To)> hourRuns,
        IReadOnlyCollection<(DateTime From, DateTime To, string Name)> partHours, CostDimension? by, Source source, bool hasLowerBounds)
    {
        SqliteCommand command = connection.CreateCommand();
        List<string> selects = [];
        if (hourRuns.Count > 0)
        {
            // Hour keys and timestamps are digits, '-', ':', '.', 'T' and 'Z': nothing to escape in JSON.
            command.Parameters.AddWithValue("$hours", "[" + string.Join(",", hourRuns.Select(run => $"[\"{run.From}\",\"{run.To}\"]")) + "]");
            selects.Add(Stretches(command, filter, by, source, hasLowerBounds, "hour", "$hours", "hour"));
        }

        if (partHours.Count > 0)
        {
            command.Parameters.AddWithValue("$parts", "[" + string.Join(",", partHours.Select(part =>
                $"[\"{FormatTimestamp(new DateTimeOffset(part.From, TimeSpan.Zero))}\",\"{FormatTimestamp(new DateTimeOffset(part.To, TimeSpan.Zero))}\",\"{part.Name}\"]")) + "]");
            selects.Add(Stretches(command, filter, by, Source.Calls, hasLowerBounds, "json_extract(run.value, '$[2]')", "$parts", "c.ts_utc"));
        }

        command.CommandText = string.Join(" UNION ALL ", selects);
        return command;
    }

    /// <summary>One source's part of <see cref="MovedStretches"/>: its rows in the ranges of the JSON parameter <paramref name="ranges"/>, grouped by stretch (and key).</summary>
    private static string Stretches(SqliteCommand command, CostFilter filter, CostDimension? by, Source source, bool hasLowerBounds, string name, string ranges, string slotColumn)
    {
        List<string> conditions = Conditions(command, filter, source, from: null, to: null, part: 0);
        StringBuilder sql = new("SELECT ");
        sql.Append(name).Append(", ");
        if (by is { } dimension)
        {
            sql.Append(Key(dimension, source)).Append(", ");
        }

        sql.AppendJoin(", ", source == Source.Calls ? RawTotalsColumns : RollupTotalsColumns).Append(", ").Append(LowerBoundColumn(source, hasLowerBounds))
            .Append(" FROM json_each(").Append(ranges).Append(") AS run JOIN ").Append(source == Source.Calls ? "llm_calls AS c" : Table(source).Name)
            .Append(" ON ").Append(slotColumn).Append(" >= json_extract(run.value, '$[0]') AND ").Append(slotColumn).Append(" < json_extract(run.value, '$[1]')");
        Where(sql, conditions);
        sql.Append(by is null ? " GROUP BY 1" : " GROUP BY 1, 2");
        if (by is { } key && PerProvider(source, [key]))
        {
            sql.Append(", provider");
        }

        return sql.ToString();
    }
}
