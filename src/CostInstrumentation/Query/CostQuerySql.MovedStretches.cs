using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>The rows of stretches of time wherever they fall: what a local day read from UTC days moves to another bucket.</summary>
internal static partial class CostQuerySql
{
    /// <summary>
    /// A command reading, per stretch and key of <paramref name="by"/> when given (column 1; a key may come in several rows,
    /// as in <see cref="Aggregate"/>'s <c>repeatKeys</c>), the totals (10 columns): per hour (column 0, <c>yyyy-MM-ddTHH</c>)
    /// of the runs [From, To) (hour keys of one day; To may be <c>T24</c>) from the hourly table <paramref name="source"/>,
    /// and per part-hour (column 0, its name) from the quarter-hour table <paramref name="quarters"/> when given and it starts
    /// and ends on quarter-hours, else from the calls. Each list is one JSON parameter; the filter's bounds are not applied
    /// (the stretches are inside them).
    /// </summary>
    internal static SqliteCommand MovedStretches(SqliteConnection connection, CostFilter filter, IReadOnlyCollection<(string From, string To)> hourRuns,
        IReadOnlyCollection<(DateTime From, DateTime To, string Name)> partHours, CostDimension? by, Source source, Source? quarters, bool hasLowerBounds)
    {
        SqliteCommand command = connection.CreateCommand();
        List<string> selects = [];
        // Hour keys and timestamps are digits, '-', ':', '.', 'T' and 'Z': nothing to escape in JSON.
        if (hourRuns.Count > 0 && by is null)
        {
            // Key-less: a primary-key range per run (a run of a few hours is one seek: cheaper than a seek per hour).
            command.Parameters.AddWithValue("$hours", "[" + string.Join(",", hourRuns.Select(run => $"[\"{run.From}\",\"{run.To}\"]")) + "]");
            selects.Add(Stretches(command, filter, by, source, hasLowerBounds, "hour", " FROM json_each($hours) AS run JOIN " + Table(source).Name
                + " ON hour >= json_extract(run.value, '$[0]') AND hour < json_extract(run.value, '$[1]')"));
        }
        else if (hourRuns.Count > 0)
        {
            // With a key: each hour (IN yields them in order), so grouping per provider follows the primary key: no sort of the
            // ~400 rows an hour (30 local days of Kolkata: 42 instead of 85 ms in SQLite alone).
            command.Parameters.AddWithValue("$hours", "[" + string.Join(",", hourRuns.SelectMany(Hours).Select(hour => $"\"{hour}\"")) + "]");
            selects.Add(Stretches(command, filter, by, source, hasLowerBounds, "hour", " FROM " + Table(source).Name,
                "hour IN (SELECT value FROM json_each($hours))"));
        }

        ILookup<bool, (DateTime From, DateTime To, string Name)> whole = partHours.ToLookup(part => quarters is not null && OnQuarter(part.From) && OnQuarter(part.To));
        if (quarters is { } quarterTable && whole[true].Any())
        {
            SqliteSchema.RollupTable table = Table(quarterTable);
            selects.Add(Stretches(command, filter, by, quarterTable, hasLowerBounds, "json_extract(run.value, '$[2]')",
                Ranges(command, "$quarters", whole[true], instant => instant.ToString(table.SlotFormat, CultureInfo.InvariantCulture), table.Name, table.SlotColumn)));
        }

        if (whole[false].Any())
        {
            selects.Add(Stretches(command, filter, by, Source.Calls, hasLowerBounds, "json_extract(run.value, '$[2]')",
                Ranges(command, "$parts", whole[false], instant => FormatTimestamp(new DateTimeOffset(instant, TimeSpan.Zero)), "llm_calls AS c", "c.ts_utc")));
        }

        command.CommandText = string.Join(" UNION ALL ", selects);
        return command;
    }

    /// <summary>One source's part of <see cref="MovedStretches"/>: its rows <paramref name="from"/> (and <paramref name="where"/>), grouped by stretch (and key).</summary>
    private static string Stretches(SqliteCommand command, CostFilter filter, CostDimension? by, Source source, bool hasLowerBounds, string name, string from, string? where = null)
    {
        List<string> conditions = Conditions(command, filter, source, from: null, to: null, part: 0);
        if (where is not null)
        {
            conditions.Insert(0, where);
        }

        List<string> groups = [name];
        if (by is { } dimension)
        {
            groups.Add(Key(dimension, source));
            if (PerProvider(source, [dimension]))
            {
                groups.Add("provider");
            }
        }

        bool rowPerKey = RowPerKey(source, groups);
        StringBuilder sql = new("SELECT ");
        sql.AppendJoin(", ", groups.Take(by is null ? 1 : 2).Concat(TotalsColumns(source, hasLowerBounds, rowPerKey))).Append(from);
        Where(sql, conditions);
        if (!rowPerKey)
        {
            sql.Append(" GROUP BY ").AppendJoin(", ", groups);
        }

        return sql.ToString();
    }

    /// <summary>
    /// The FROM clause joining the ranges [From, To) of <paramref name="parts"/> (written by <paramref name="format"/>; their
    /// names third), a JSON parameter <paramref name="parameter"/>, to <paramref name="table"/>'s <paramref name="slotColumn"/>.
    /// </summary>
    private static string Ranges(SqliteCommand command, string parameter, IEnumerable<(DateTime From, DateTime To, string Name)> parts, Func<DateTime, string> format, string table, string slotColumn)
    {
        command.Parameters.AddWithValue(parameter, "[" + string.Join(",", parts.Select(part => $"[\"{format(part.From)}\",\"{format(part.To)}\",\"{part.Name}\"]")) + "]");
        return $" FROM json_each({parameter}) AS run JOIN {table} ON {slotColumn} >= json_extract(run.value, '$[0]') AND {slotColumn} < json_extract(run.value, '$[1]')";
    }

    private static bool OnQuarter(DateTime instant) => instant.Ticks % (TimeSpan.TicksPerMinute * 15) == 0;

    /// <summary>The hour keys of a run [From, To) within one day.</summary>
    private static IEnumerable<string> Hours((string From, string To) run) =>
        Enumerable.Range(HourOf(run.From), HourOf(run.To) - HourOf(run.From)).Select(hour => run.From[..11] + hour.ToString("D2", CultureInfo.InvariantCulture));

    private static int HourOf(string hourKey) => int.Parse(hourKey.AsSpan(11, 2), CultureInfo.InvariantCulture);
}
