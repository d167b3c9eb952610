using System.Text;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>The rows of runs of whole UTC hours, wherever they fall: the hours a local day read from UTC days moves.</summary>
internal static partial class CostQuerySql
{
    /// <summary>
    /// A command reading, per hour (column 0, <c>yyyy-MM-ddTHH</c>) of the runs [From, To) (hour keys) and key of
    /// <paramref name="by"/> when given (column 1), the totals (10 columns) from the hourly table <paramref name="source"/>.
    /// The runs are one JSON parameter, each read as a range of the table's primary key (a run of a few hours is one seek:
    /// cheaper than a seek per hour); the filter's bounds are not applied (the runs are inside them).
    /// </summary>
    internal static SqliteCommand HourRuns(SqliteConnection connection, CostFilter filter, IEnumerable<(string From, string To)> runs, CostDimension? by, Source source, bool hasLowerBounds)
    {
        SqliteCommand command = connection.CreateCommand();
        List<string> conditions = Conditions(command, filter, source, from: null, to: null, part: 0);
        // Hour keys are digits, '-' and 'T': nothing to escape in JSON.
        command.Parameters.AddWithValue("$runs", "[" + string.Join(",", runs.Select(run => $"[\"{run.From}\",\"{run.To}\"]")) + "]");
        StringBuilder sql = new("SELECT hour, ");
        if (by is { } dimension)
        {
            sql.Append(Key(dimension, source)).Append(", ");
        }

        sql.AppendJoin(", ", RollupTotalsColumns).Append(", ").Append(LowerBoundColumn(source, hasLowerBounds))
            .Append(" FROM json_each($runs) AS run JOIN ").Append(Table(source).Name)
            .Append(" ON hour >= json_extract(run.value, '$[0]') AND hour < json_extract(run.value, '$[1]')");
        Where(sql, conditions);
        sql.Append(by is null ? " GROUP BY 1" : " GROUP BY 1, 2");
        command.CommandText = sql.ToString();
        return command;
    }
}
