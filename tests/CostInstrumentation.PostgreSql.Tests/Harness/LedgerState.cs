using Npgsql;

namespace CostInstrumentation.PostgreSql.Tests.Harness;

/// <summary>What the tests check in the shared ledger: its calls, and that rollups and budget counters agree with them exactly.</summary>
public sealed class LedgerState(string connectionString)
{
    public long Scalar(string sql)
    {
        using NpgsqlConnection connection = new(connectionString);
        connection.Open();
        using NpgsqlCommand command = new(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public long Calls => Scalar("SELECT count(*) FROM llmcost_calls");

    /// <summary>Keys seen more than once (the primary key forbids it; a retried batch must not get around it with new keys).</summary>
    public long Duplicates => Scalar("SELECT count(*) FROM (SELECT host_id, local_id FROM llmcost_calls GROUP BY 1, 2 HAVING count(*) > 1) d");

    public long SpentNano => Scalar("SELECT coalesce(sum(cost_nanousd), 0) FROM llmcost_calls");

    /// <summary>Asserts the hourly and daily rollups hold exactly the ledger's totals per slot, provider, model and project.</summary>
    public void AssertRollupsMatchCalls()
    {
        foreach ((string table, string slot, string unit) in new[] { ("llmcost_hourly_rollups", "hour", "hour"), ("llmcost_daily_rollups", "day", "day") })
        {
            long mismatches = Scalar($"""
                SELECT count(*) FROM (
                    SELECT date_trunc('{unit}', ts_utc, 'UTC') AS slot, provider, model, coalesce(project, '') AS project, count(*) AS calls,
                        sum(input_tokens) AS input, sum(output_tokens) AS output, coalesce(sum(cost_nanousd), 0) AS cost,
                        count(*) - count(cost_nanousd) AS unpriced, count(*) FILTER (WHERE outcome <> 'ok') AS failed
                    FROM llmcost_calls GROUP BY 1, 2, 3, 4) c
                FULL JOIN (SELECT {slot} AS slot, provider, model, project, calls, input_tokens AS input, output_tokens AS output, cost_nanousd AS cost,
                    unpriced_calls AS unpriced, failed_calls AS failed FROM {table}) r
                USING (slot, provider, model, project)
                WHERE c.calls IS DISTINCT FROM r.calls OR c.input IS DISTINCT FROM r.input OR c.output IS DISTINCT FROM r.output
                    OR c.cost IS DISTINCT FROM r.cost OR c.unpriced IS DISTINCT FROM r.unpriced OR c.failed IS DISTINCT FROM r.failed
                """);
            Assert.True(mismatches == 0, $"{table}: {mismatches} rows differ from the calls");
        }
    }

    /// <summary>A budget's counter (by its source; the shared test budget's by default) for the period starting at <paramref name="periodStart"/>: spent and reserved nano-USD.</summary>
    public (long Spent, long Reserved) Counter(DateTimeOffset periodStart, string source = HostWorkload.BudgetSource)
    {
        using NpgsqlConnection connection = new(connectionString);
        connection.Open();
        using NpgsqlCommand command = new("SELECT spent_nanousd, reserved_nanousd FROM llmcost_counters WHERE budget_key LIKE '%' || $1 AND period_start = $2", connection);
        command.Parameters.Add(new() { Value = source });
        command.Parameters.Add(new() { Value = periodStart.UtcDateTime });
        using NpgsqlDataReader reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }
}
