using System.Text;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>The rows of a list of whole UTC hours, wherever they fall: the corrections of a local day read from UTC days.</summary>
internal static partial class CostQuerySql
{
    /// <summary>
    /// A command reading, per hour of <paramref name="hours"/> (column 0, <c>yyyy-MM-ddTHH</c>) and key of <paramref name="by"/>
    /// when given (column 1), the totals (10 columns) from the hourly table <paramref name="source"/>. The hours are one JSON
    /// parameter, looked up through the table's primary key; the filter's bounds are not applied (the hours are inside them).
    /// </summary>
    internal static SqliteCommand HourRows(SqliteConnection connection, CostFilter filter, IEnumerable<string> hours, CostDimension? by, Source source, bool hasLowerBounds)
    {
        SqliteCommand command = connection.CreateCommand();
        List<string> conditions = Conditions(command, filter, source, from: null, to: null, part: 0);
        conditions.Add("hour IN (SELECT value FROM json_each($hours))");
        command.Parameters.AddWithValue("$hours", "[\"" + string.Join("\",\"", hours) + "\"]");
        StringBuilder sql = new("SELECT hour, ");
        if (by is { } dimension)
        {
            sql.Append(Key(dimension, source)).Append(", ");
        }

        sql.AppendJoin(", ", RollupTotalsColumns).Append(", ").Append(LowerBoundColumn(source, hasLowerBounds)).Append(From(source));
        Where(sql, conditions);
        sql.Append(by is null ? " GROUP BY 1" : " GROUP BY 1, 2");
        command.CommandText = sql.ToString();
        return command;
    }
}
