using System.Text;
using CostInstrumentation.Contract;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Reports;

/// <summary>The recorded usage grouped by model and exact token counts, for pricing it again.</summary>
internal sealed partial class ReportStore
{
    /// <summary>
    /// One row per model, operation and distinct usage (input, cached, cache write, output, reasoning tokens) of the selected calls,
    /// with how many calls had it, their recorded cost and how many of them were priced. Calls with equal usage cost the
    /// same under any price, so pricing a group once is exact and keeps memory to the distinct usages, not the calls.
    /// </summary>
    internal IEnumerable<UsageGroup> UsageGroups(ReportPeriod period, ReportFilter filter)
    {
        using SqliteCommand command = _connection.CreateCommand();
        StringBuilder sql = new("""
            SELECT c.model, c.input_tokens, c.cached_input_tokens, c.cache_write_tokens, c.output_tokens, c.reasoning_tokens,
                count(*), coalesce(sum(c.cost_nanousd), 0), count(c.cost_nanousd), c.operation
            FROM llm_calls AS c
            """);
        AppendWhere(sql, command, period, filter);
        sql.Append(" GROUP BY 1, 2, 3, 4, 5, 6, 10");
        command.CommandText = sql.ToString();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ResultRows.UsageGroup(reader);
        }
    }

    /// <summary>
    /// The output tokens of the selected calls at the nearest-rank percentiles <paramref name="fractions"/> (0.5 for the
    /// median), with how many calls there are; null when none is selected.
    /// </summary>
    internal (long Calls, long[] Values)? OutputTokenPercentiles(ReportPeriod period, ReportFilter filter, IReadOnlyList<decimal> fractions)
    {
        using SqliteCommand count = _connection.CreateCommand();
        StringBuilder sql = new("SELECT count(*) FROM llm_calls AS c");
        AppendWhere(sql, count, period, filter);
        count.CommandText = sql.ToString();
        return ResultRows.Percentiles((long)count.ExecuteScalar()!, fractions, rank =>
        {
            using SqliteCommand pick = _connection.CreateCommand();
            StringBuilder select = new("SELECT c.output_tokens FROM llm_calls AS c");
            AppendWhere(select, pick, period, filter);
            select.Append(" ORDER BY c.output_tokens LIMIT 1 OFFSET $rank");
            pick.Parameters.AddWithValue("$rank", rank);
            pick.CommandText = select.ToString();
            return (long)pick.ExecuteScalar()!;
        });
    }

    /// <summary>The newest <paramref name="count"/> selected calls, newest first (ties by id).</summary>
    internal List<LatestCall> LatestCalls(ReportFilter filter, int count)
    {
        using SqliteCommand command = _connection.CreateCommand();
        StringBuilder sql = new("SELECT c.ts_utc, c.model, c.operation, c.outcome, c.cost_nanousd, c.input_tokens, c.output_tokens FROM llm_calls AS c");
        AppendWhere(sql, command, ReportPeriod.All(TimeZoneInfo.Utc), filter);
        sql.Append(" ORDER BY c.ts_utc DESC, c.id DESC LIMIT $count");
        command.Parameters.AddWithValue("$count", count);
        command.CommandText = sql.ToString();
        List<LatestCall> calls = [];
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            calls.Add(new LatestCall(
                DateTimeOffset.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
                reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : NanoUsd.ToUsd(reader.GetInt64(4)), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return calls;
    }
}

/// <summary>Calls of one model and operation with the same usage: how many, their recorded cost, and how many of them were priced.</summary>
internal readonly record struct UsageGroup(string Model, LlmUsage Usage, long Calls, decimal RecordedUsd, long PricedCalls, string Operation);
