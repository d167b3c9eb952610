using Npgsql;
using NpgsqlTypes;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// One batch of outbox calls into the ledger, in one transaction: the calls are copied (binary <c>COPY</c>) into a
/// staging table dropped at commit, then one statement inserts them with <c>ON CONFLICT DO NOTHING RETURNING</c>, and
/// only the rows it returns — calls not already there — add to the hourly and daily rollups, release their holds (or take
/// their cost off the lease they were admitted from), add to the budget counters and raise alerts (once per budget, period
/// and threshold, across hosts). Sending the same batch again changes nothing.
/// </summary>
internal static class ShipStatement
{
    private const string Sums = """
        count(*), sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens), sum(output_tokens), sum(reasoning_tokens),
        coalesce(sum(cost_nanousd), 0), count(*) - count(cost_nanousd), count(*) FILTER (WHERE outcome <> 'ok'),
        count(*) FILTER (WHERE cost_is_lower_bound AND cost_nanousd IS NOT NULL)
        """;

    private const string Adds = """
        calls = r.calls + excluded.calls, input_tokens = r.input_tokens + excluded.input_tokens,
        cached_input_tokens = r.cached_input_tokens + excluded.cached_input_tokens, cache_write_tokens = r.cache_write_tokens + excluded.cache_write_tokens,
        output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens,
        cost_nanousd = r.cost_nanousd + excluded.cost_nanousd, unpriced_calls = r.unpriced_calls + excluded.unpriced_calls,
        failed_calls = r.failed_calls + excluded.failed_calls, lower_bound_calls = r.lower_bound_calls + excluded.lower_bound_calls
        """;

    /// <summary>Where the batch is copied to: the calls' columns as the ledger stores them, for this transaction only.</summary>
    private const string Staging = """
        CREATE TEMP TABLE llmcost_ship (local_id bigint, ts_utc timestamptz, provider text, model text, operation text, call_site text,
            project text, session_id text, tags jsonb, input_tokens bigint, cached_input_tokens bigint, cache_write_tokens bigint,
            output_tokens bigint, reasoning_tokens bigint, cost_nanousd bigint, cost_is_lower_bound boolean, duration_ms bigint,
            outcome text, error_type text, pricing_version text, hold_id uuid) ON COMMIT DROP
        """;

    private static readonly string Sql = $"""
        WITH
        added AS (
            INSERT INTO llmcost_calls (host_id, local_id, ts_utc, provider, model, operation, call_site, project, session_id, tags,
                input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_nanousd, cost_is_lower_bound,
                duration_ms, outcome, error_type, pricing_version, hold_id)
            SELECT $1, local_id, ts_utc, provider, model, operation, call_site, project, session_id, tags, input_tokens,
                cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_nanousd, cost_is_lower_bound, duration_ms,
                outcome, error_type, pricing_version, hold_id
            FROM llmcost_ship
            ON CONFLICT (host_id, local_id, ts_utc) DO NOTHING
            RETURNING local_id, ts_utc, provider, model, coalesce(project, '') AS project, input_tokens, cached_input_tokens,
                cache_write_tokens, output_tokens, reasoning_tokens, cost_nanousd, cost_is_lower_bound, outcome, hold_id),
        hourly AS (
            INSERT INTO llmcost_hourly_rollups AS r
            SELECT date_trunc('hour', ts_utc, 'UTC'), provider, model, project, {Sums} FROM added GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            ON CONFLICT (hour, provider, model, project) DO UPDATE SET {Adds}
            RETURNING 1),
        daily AS (
            INSERT INTO llmcost_daily_rollups AS r
            SELECT date_trunc('day', ts_utc, 'UTC'), provider, model, project, {Sums} FROM added GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            ON CONFLICT (day, provider, model, project) DO UPDATE SET {Adds}
            RETURNING 1),
        rejected AS (
            INSERT INTO llmcost_rejected_calls (host_id, local_id, reason, row_text)
            SELECT $1, * FROM unnest($5::bigint[], $6::text[], $7::text[])
            ON CONFLICT DO NOTHING
            RETURNING 1),
        released AS (
            DELETE FROM llmcost_holds h USING added a WHERE h.hold_id = a.hold_id
            RETURNING h.budget_key, h.period_start, h.amount_nanousd),
        leased AS (
            -- Calls admitted from a lease take what they cost off it (never below 0): the rest stays held for the host.
            SELECT l.lease_id, l.budget_key, l.period_start, least(l.amount_nanousd, u.cost) AS back
            FROM (SELECT hold_id, sum(coalesce(cost_nanousd, 0)) AS cost FROM added WHERE hold_id IS NOT NULL GROUP BY 1) u
            JOIN llmcost_leases l ON l.lease_id = u.hold_id
            ORDER BY 1, 2, 3 FOR UPDATE OF l),
        drawn AS (
            UPDATE llmcost_leases l SET amount_nanousd = l.amount_nanousd - x.back FROM leased x
            WHERE l.lease_id = x.lease_id AND l.budget_key = x.budget_key AND l.period_start = x.period_start
            RETURNING x.budget_key, x.period_start, x.back),
        deltas AS (
            SELECT d.budget_key, d.period_start, sum(d.spent)::bigint AS spent, sum(d.released)::bigint AS released FROM (
                SELECT b.budget_key, b.period_start, a.cost_nanousd AS spent, 0::bigint AS released
                FROM unnest($2::bigint[], $3::text[], $4::timestamptz[]) AS b(local_id, budget_key, period_start)
                JOIN added a USING (local_id) WHERE a.cost_nanousd IS NOT NULL
                UNION ALL
                SELECT budget_key, period_start, 0, amount_nanousd FROM released
                UNION ALL
                SELECT budget_key, period_start, 0, back FROM drawn) d
            GROUP BY 1, 2),
        counters AS (
            INSERT INTO llmcost_counters AS c (budget_key, period_start, limit_nanousd, spent_nanousd, reserved_nanousd)
            SELECT d.budget_key, d.period_start, bu.limit_nanousd, d.spent, -d.released
            FROM deltas d JOIN llmcost_budgets bu USING (budget_key) ORDER BY 1, 2
            ON CONFLICT (budget_key, period_start) DO UPDATE SET
                spent_nanousd = c.spent_nanousd + excluded.spent_nanousd, reserved_nanousd = c.reserved_nanousd + excluded.reserved_nanousd
            RETURNING c.budget_key, c.period_start, c.spent_nanousd, c.limit_nanousd),
        alerts AS (
            INSERT INTO llmcost_alerts (budget_key, period_start, threshold, spent_nanousd, raised_by)
            SELECT c.budget_key, c.period_start, t.threshold, c.spent_nanousd, $1
            FROM counters c JOIN llmcost_budgets bu USING (budget_key) CROSS JOIN unnest(bu.thresholds) AS t(threshold)
            WHERE c.spent_nanousd >= ceil(c.limit_nanousd * t.threshold)
            ON CONFLICT DO NOTHING
            RETURNING budget_key, period_start, threshold, spent_nanousd),
        raised AS (
            SELECT * FROM unnest($8::text[], $9::timestamptz[], $10::numeric[]) AS r(budget_key, period_start, threshold)),
        delivered AS (
            -- The alerts this host raised since its last batch committed: done (sent again with a retried batch, a no-op).
            UPDATE llmcost_alerts a SET delivered_utc = now() FROM raised r
            WHERE a.budget_key = r.budget_key AND a.period_start = r.period_start AND a.threshold = r.threshold AND a.delivered_utc IS NULL
            RETURNING 1),
        pending AS (
            -- Alerts an earlier batch of this host inserted and it never raised: the reply was lost, or the host died first.
            SELECT a.budget_key, a.period_start, a.threshold, a.spent_nanousd FROM llmcost_alerts a
            WHERE a.raised_by = $1 AND a.delivered_utc IS NULL
                AND NOT EXISTS (SELECT 1 FROM raised r WHERE r.budget_key = a.budget_key AND r.period_start = a.period_start AND r.threshold = a.threshold))
        -- The first row runs the calls and rollups to completion before the counters are touched: a budget's counter row,
        -- which reservations wait on, stays locked only for the end of the statement and the commit.
        SELECT (SELECT count(*) FROM added) + 0 * ((SELECT count(*) FROM hourly) + (SELECT count(*) FROM daily) + (SELECT count(*) FROM rejected)),
            NULL::text, NULL::timestamptz, NULL::numeric, NULL::bigint
        UNION ALL
        SELECT NULL, budget_key, period_start, threshold, spent_nanousd FROM alerts
        UNION ALL
        SELECT NULL, budget_key, period_start, threshold, spent_nanousd FROM pending
        """;

    /// <summary>
    /// Ships the batch and marks <paramref name="raised"/> (the alerts this host raised since its last batch) delivered;
    /// returns how many calls were new to the ledger, and the alerts to raise: those the batch crossed, and those an
    /// earlier batch of this host crossed but whose reply was lost (each raised once: marked by the next batch).
    /// </summary>
    internal static (long Added, List<(string Key, DateTimeOffset PeriodStart, decimal Threshold, long SpentNano)> Alerts) Execute(
        NpgsqlConnection connection, Guid hostId, List<OutboxCall> calls, List<(long LocalId, string Key, DateTime PeriodStart)> budgets, List<RejectedCall> rejected,
        List<(string Key, DateTime PeriodStart, decimal Threshold)> raised)
    {
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        using (NpgsqlCommand staging = new(Staging, connection, transaction))
        {
            staging.ExecuteNonQuery();
        }

        Copy(connection, calls);
        using NpgsqlCommand command = new(Sql, connection, transaction);
        NpgsqlParameterCollection p = command.Parameters;
        p.Add(new() { Value = hostId });
        Column(p, budgets, b => b.LocalId);
        Column(p, budgets, b => b.Key);
        Column(p, budgets, b => b.PeriodStart);
        Column(p, rejected, r => r.LocalId);
        Column(p, rejected, r => r.Reason);
        Column(p, rejected, r => r.RowText);
        Column(p, raised, r => r.Key);
        Column(p, raised, r => r.PeriodStart);
        Column(p, raised, r => r.Threshold);
        long added = 0;
        List<(string, DateTimeOffset, decimal, long)> alerts = [];
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.IsDBNull(1))
            {
                added = reader.GetInt64(0);
            }
            else
            {
                alerts.Add((reader.GetString(1), new DateTimeOffset(reader.GetDateTime(2)), reader.GetDecimal(3), reader.GetInt64(4)));
            }
        }

        reader.Close();
        transaction.Commit();
        return (added, alerts);
    }

    /// <summary>The calls into the staging table, in PostgreSQL's binary format: no text to parse, no arrays to build.</summary>
    private static void Copy(NpgsqlConnection connection, List<OutboxCall> calls)
    {
        using NpgsqlBinaryImporter copy = connection.BeginBinaryImport("COPY llmcost_ship FROM STDIN (FORMAT BINARY)");
        foreach (OutboxCall call in calls)
        {
            copy.StartRow();
            copy.Write(call.LocalId, NpgsqlDbType.Bigint);
            copy.Write(call.TimestampUtc.UtcDateTime, NpgsqlDbType.TimestampTz);
            copy.Write(call.Provider, NpgsqlDbType.Text);
            copy.Write(call.Model, NpgsqlDbType.Text);
            copy.Write(call.Operation, NpgsqlDbType.Text);
            copy.Write(call.CallSite, NpgsqlDbType.Text);
            Optional(copy, call.Project, NpgsqlDbType.Text);
            Optional(copy, call.SessionId, NpgsqlDbType.Text);
            copy.Write(call.TagsJson, NpgsqlDbType.Jsonb);
            copy.Write(call.InputTokens, NpgsqlDbType.Bigint);
            copy.Write(call.CachedInputTokens, NpgsqlDbType.Bigint);
            copy.Write(call.CacheWriteTokens, NpgsqlDbType.Bigint);
            copy.Write(call.OutputTokens, NpgsqlDbType.Bigint);
            copy.Write(call.ReasoningTokens, NpgsqlDbType.Bigint);
            Optional(copy, call.CostNanoUsd, NpgsqlDbType.Bigint);
            copy.Write(call.CostIsLowerBound, NpgsqlDbType.Boolean);
            copy.Write(call.DurationMs, NpgsqlDbType.Bigint);
            copy.Write(call.Outcome, NpgsqlDbType.Text);
            Optional(copy, call.ErrorType, NpgsqlDbType.Text);
            Optional(copy, call.PricingVersion, NpgsqlDbType.Text);
            Optional(copy, call.HoldId, NpgsqlDbType.Uuid);
        }

        copy.Complete();
    }

    private static void Optional<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : class
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, type);
        }
    }

    private static void Optional<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } present)
        {
            copy.Write(present, type);
        }
        else
        {
            copy.WriteNull();
        }
    }

    private static void Column<TRow, TValue>(NpgsqlParameterCollection parameters, List<TRow> rows, Func<TRow, TValue> value)
    {
        TValue[] values = new TValue[rows.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = value(rows[i]);
        }

        parameters.Add(new NpgsqlParameter<TValue[]> { TypedValue = values });
    }
}
