using Npgsql;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// The shared ledger's schema, created and migrated forward by whichever host connects first (under an advisory lock,
/// so hosts starting together do not race). Money is bigint nano-USD; the calls are partitioned by UTC month; budget
/// counters are keyed by period start, so a new period is a new row and nothing resets.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The version a ledger has after every step of <see cref="Migrations"/>.</summary>
    internal static int CurrentVersion => Migrations.Length;

    /// <summary>The advisory lock key migrations and partition creation take (any constant no other program uses).</summary>
    private const long MigrationLock = 0x4C4C4D43_00000001;

    private static readonly string Version1 = """
        CREATE TABLE llmcost_calls (
            host_id uuid NOT NULL,
            local_id bigint NOT NULL,
            ts_utc timestamptz NOT NULL,
            provider text NOT NULL,
            model text NOT NULL,
            operation text NOT NULL,
            call_site text NOT NULL,
            project text,
            session_id text,
            tags jsonb NOT NULL,
            input_tokens bigint NOT NULL,
            cached_input_tokens bigint NOT NULL,
            cache_write_tokens bigint NOT NULL,
            output_tokens bigint NOT NULL,
            reasoning_tokens bigint NOT NULL,
            cost_nanousd bigint,
            cost_is_lower_bound boolean NOT NULL,
            duration_ms bigint NOT NULL,
            outcome text NOT NULL,
            error_type text,
            pricing_version text,
            hold_id uuid,
            shipped_utc timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (host_id, local_id, ts_utc)
        ) PARTITION BY RANGE (ts_utc);
        CREATE INDEX ix_llmcost_calls_ts ON llmcost_calls (ts_utc);
        CREATE INDEX ix_llmcost_calls_model ON llmcost_calls (model, ts_utc);
        CREATE INDEX ix_llmcost_calls_project ON llmcost_calls (project, ts_utc);
        CREATE TABLE llmcost_rejected_calls (
            host_id uuid NOT NULL,
            local_id bigint NOT NULL,
            reason text NOT NULL,
            row_text text NOT NULL,
            rejected_utc timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (host_id, local_id));
        CREATE TABLE llmcost_budgets (
            budget_key text PRIMARY KEY,
            scope text NOT NULL,
            scope_value text,
            period text NOT NULL,
            limit_nanousd bigint NOT NULL,
            hard_limit boolean NOT NULL,
            thresholds numeric[] NOT NULL);
        CREATE TABLE llmcost_counters (
            budget_key text NOT NULL,
            period_start timestamptz NOT NULL,
            limit_nanousd bigint NOT NULL,
            spent_nanousd bigint NOT NULL DEFAULT 0,
            reserved_nanousd bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (budget_key, period_start));
        CREATE TABLE llmcost_holds (
            hold_id uuid NOT NULL,
            budget_key text NOT NULL,
            period_start timestamptz NOT NULL,
            amount_nanousd bigint NOT NULL,
            expires_utc timestamptz NOT NULL,
            PRIMARY KEY (hold_id, budget_key, period_start));
        CREATE INDEX ix_llmcost_holds_expiry ON llmcost_holds (budget_key, period_start, expires_utc);
        CREATE TABLE llmcost_alerts (
            budget_key text NOT NULL,
            period_start timestamptz NOT NULL,
            threshold numeric NOT NULL,
            spent_nanousd bigint NOT NULL,
            raised_utc timestamptz NOT NULL DEFAULT now(),
            acknowledged_utc timestamptz,
            PRIMARY KEY (budget_key, period_start, threshold));
        """ + Rollups("llmcost_hourly_rollups", "hour") + Rollups("llmcost_daily_rollups", "day");

    /// <summary>
    /// Leases (a slice of a budget's period reserved for one host, which admits calls from it without a round trip), and
    /// the alerts' delivery.
    /// </summary>
    private const string Version2 = """
        CREATE TABLE llmcost_leases (
            lease_id uuid NOT NULL,
            budget_key text NOT NULL,
            period_start timestamptz NOT NULL,
            amount_nanousd bigint NOT NULL,
            expires_utc timestamptz NOT NULL,
            PRIMARY KEY (lease_id, budget_key, period_start));
        CREATE INDEX ix_llmcost_leases_expiry ON llmcost_leases (budget_key, period_start, expires_utc);
        -- Which host's batch crossed an alert's threshold, and when that host had raised it: an alert whose batch reply
        -- was lost is raised by the host's next batch, once.
        ALTER TABLE llmcost_alerts ADD COLUMN raised_by uuid, ADD COLUMN delivered_utc timestamptz;
        CREATE INDEX ix_llmcost_alerts_pending ON llmcost_alerts (raised_by) WHERE delivered_utc IS NULL;
        """;

    /// <summary>
    /// The functions, in their current form: (re)created by every migration, after the tables of every version, so each
    /// exists once, in the shape the tables have now.
    /// </summary>
    private const string Functions = """
        -- Holds and leases past their expiry (their host died, or never shipped the calls), given back to their counters.
        CREATE OR REPLACE FUNCTION llmcost_sweep(p_keys text[], p_starts timestamptz[]) RETURNS void LANGUAGE sql AS $$
            WITH expired_holds AS (
                DELETE FROM llmcost_holds h USING unnest(p_keys, p_starts) AS t(k, s)
                WHERE h.budget_key = t.k AND h.period_start = t.s AND h.expires_utc < now()
                RETURNING h.budget_key, h.period_start, h.amount_nanousd),
            expired_leases AS (
                DELETE FROM llmcost_leases l USING unnest(p_keys, p_starts) AS t(k, s)
                WHERE l.budget_key = t.k AND l.period_start = t.s AND l.expires_utc < now()
                RETURNING l.budget_key, l.period_start, l.amount_nanousd)
            UPDATE llmcost_counters c SET reserved_nanousd = c.reserved_nanousd - e.amount
                FROM (SELECT x.budget_key, x.period_start, sum(x.amount_nanousd) AS amount
                      FROM (SELECT * FROM expired_holds UNION ALL SELECT * FROM expired_leases) x GROUP BY 1, 2) e
                WHERE c.budget_key = e.budget_key AND c.period_start = e.period_start;
        $$;

        -- One atomic conditional reservation over every budget a call falls under. The call's holds are written first
        -- (a hold already there: a retry after a lost reply, admitted the first time); then one statement locks the
        -- counters in key order (no deadlocks), checks spent + reserved + amount <= limit for each and, only when all
        -- pass, adds the amount to each: the counter rows stay locked for that statement and the commit alone. Missing
        -- counters are created, and expired holds of dead hosts swept, only when the check needs it.
        -- Returns 0 when admitted, else the 1-based position of the budget that refused and what it had used.
        CREATE OR REPLACE FUNCTION llmcost_reserve(p_hold uuid, p_keys text[], p_starts timestamptz[], p_limits bigint[], p_amount bigint, p_ttl interval)
        RETURNS TABLE (refused int, used bigint) LANGUAGE plpgsql AS $$
        DECLARE
            v_refused int;
            v_used bigint;
            v_locked int;
            v_new int;
            v_swept boolean := false;
        BEGIN
            INSERT INTO llmcost_holds (hold_id, budget_key, period_start, amount_nanousd, expires_utc)
                SELECT p_hold, k, s, p_amount, now() + p_ttl FROM unnest(p_keys, p_starts) AS t(k, s)
                ON CONFLICT DO NOTHING;
            GET DIAGNOSTICS v_new = ROW_COUNT;
            IF v_new = 0 THEN
                RETURN QUERY SELECT 0, 0::bigint;
                RETURN;
            END IF;
            FOR attempt IN 1 .. 3 LOOP
                WITH wanted AS (
                    SELECT * FROM unnest(p_keys, p_starts, p_limits) WITH ORDINALITY AS t(k, s, l, i)),
                locked AS MATERIALIZED (
                    SELECT w.i, w.k, w.s, w.l, c.spent_nanousd + c.reserved_nanousd AS in_use
                    FROM llmcost_counters c JOIN wanted w ON c.budget_key = w.k AND c.period_start = w.s
                    ORDER BY c.budget_key, c.period_start FOR UPDATE OF c),
                refusal AS (
                    SELECT x.i, x.in_use FROM locked x WHERE p_amount > x.l - x.in_use ORDER BY x.i LIMIT 1),
                reserved AS (
                    UPDATE llmcost_counters c SET reserved_nanousd = c.reserved_nanousd + p_amount, limit_nanousd = x.l
                    FROM locked x
                    WHERE c.budget_key = x.k AND c.period_start = x.s
                        AND NOT EXISTS (SELECT 1 FROM refusal) AND (SELECT count(*) FROM locked) = cardinality(p_keys)
                    RETURNING 1)
                SELECT (SELECT r.i FROM refusal r), (SELECT r.in_use FROM refusal r), (SELECT count(*) FROM locked), (SELECT count(*) FROM reserved)
                INTO v_refused, v_used, v_locked, v_new;
                IF v_new > 0 THEN
                    RETURN QUERY SELECT 0, 0::bigint;
                    RETURN;
                ELSIF v_locked < cardinality(p_keys) THEN
                    INSERT INTO llmcost_counters (budget_key, period_start, limit_nanousd)
                        SELECT k, s, l FROM unnest(p_keys, p_starts, p_limits) AS t(k, s, l) ORDER BY k, s
                        ON CONFLICT (budget_key, period_start) DO NOTHING;
                ELSIF NOT v_swept THEN
                    v_swept := true;
                    -- Refused: holds and leases of hosts that died may be what fills the budget; sweep the expired ones and look again.
                    PERFORM llmcost_sweep(p_keys, p_starts);
                ELSE
                    EXIT;
                END IF;
            END LOOP;
            DELETE FROM llmcost_holds WHERE hold_id = p_hold;
            RETURN QUERY SELECT coalesce(v_refused, 1), coalesce(v_used, 0::bigint);
        END $$;

        -- The ledger's partition of one UTC month, created when a host first ships a call of it.
        CREATE OR REPLACE FUNCTION llmcost_ensure_month(p_month timestamptz) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            v_start timestamptz := date_trunc('month', p_month, 'UTC');
            v_name text := 'llmcost_calls_' || to_char(v_start AT TIME ZONE 'UTC', 'YYYY_MM');
        BEGIN
            IF to_regclass(v_name) IS NULL THEN
                PERFORM pg_advisory_xact_lock(5494569219225944066);
                IF to_regclass(v_name) IS NULL THEN
                    EXECUTE format('CREATE TABLE %I PARTITION OF llmcost_calls FOR VALUES FROM (%L) TO (%L)', v_name, v_start, v_start + interval '1 month');
                END IF;
            END IF;
        END $$;

        -- Takes a lease, or tops one up: up to p_amount and at least p_min, reserved against every budget at once like a
        -- reservation (counters locked in key order, all or none), held in the lease's rows until the calls admitted from
        -- it are shipped or the host gives the rest back, and expiring at now() + p_ttl otherwise.
        -- Returns what was granted, or 0 and the 1-based position of the budget that refused and what it had used.
        CREATE OR REPLACE FUNCTION llmcost_lease(p_lease uuid, p_keys text[], p_starts timestamptz[], p_limits bigint[], p_amount bigint, p_min bigint, p_ttl interval)
        RETURNS TABLE (granted bigint, refused int, used bigint) LANGUAGE plpgsql AS $$
        DECLARE
            v_locked int;
            v_grant bigint;
            v_refused int;
            v_used bigint;
            v_swept boolean := false;
        BEGIN
            -- The lease's own rows first, as shipping and giving back take them: one lock order, no deadlock with them.
            PERFORM 1 FROM llmcost_leases WHERE lease_id = p_lease ORDER BY budget_key, period_start FOR UPDATE;
            FOR attempt IN 1 .. 3 LOOP
                WITH wanted AS (
                    SELECT * FROM unnest(p_keys, p_starts, p_limits) WITH ORDINALITY AS t(k, s, l, i)),
                locked AS MATERIALIZED (
                    SELECT w.i, w.l - c.spent_nanousd - c.reserved_nanousd AS room, c.spent_nanousd + c.reserved_nanousd AS in_use
                    FROM llmcost_counters c JOIN wanted w ON c.budget_key = w.k AND c.period_start = w.s
                    ORDER BY c.budget_key, c.period_start FOR UPDATE OF c)
                SELECT count(*), greatest(least(p_amount, min(room)), 0), (array_agg(i ORDER BY room, i))[1], (array_agg(in_use ORDER BY room, i))[1]
                INTO v_locked, v_grant, v_refused, v_used FROM locked;
                IF v_locked < cardinality(p_keys) THEN
                    INSERT INTO llmcost_counters (budget_key, period_start, limit_nanousd)
                        SELECT k, s, l FROM unnest(p_keys, p_starts, p_limits) AS t(k, s, l) ORDER BY k, s
                        ON CONFLICT (budget_key, period_start) DO NOTHING;
                ELSIF v_grant >= p_min THEN
                    UPDATE llmcost_counters c SET reserved_nanousd = c.reserved_nanousd + v_grant, limit_nanousd = t.l
                        FROM unnest(p_keys, p_starts, p_limits) AS t(k, s, l)
                        WHERE c.budget_key = t.k AND c.period_start = t.s;
                    INSERT INTO llmcost_leases AS x (lease_id, budget_key, period_start, amount_nanousd, expires_utc)
                        SELECT p_lease, k, s, v_grant, now() + p_ttl FROM unnest(p_keys, p_starts) AS t(k, s)
                        ON CONFLICT (lease_id, budget_key, period_start) DO UPDATE
                            SET amount_nanousd = x.amount_nanousd + excluded.amount_nanousd, expires_utc = excluded.expires_utc;
                    RETURN QUERY SELECT v_grant, 0, 0::bigint;
                    RETURN;
                ELSIF NOT v_swept THEN
                    v_swept := true;
                    PERFORM llmcost_sweep(p_keys, p_starts);
                ELSE
                    EXIT;
                END IF;
            END LOOP;
            RETURN QUERY SELECT 0::bigint, coalesce(v_refused, 1), coalesce(v_used, 0::bigint);
        END $$;

        -- Gives back what a host did not use of a lease (never more than a row still holds: what shipped calls cost has
        -- left it already) and drops the rows it empties.
        CREATE OR REPLACE FUNCTION llmcost_return_lease(p_lease uuid, p_amount bigint) RETURNS void LANGUAGE sql AS $$
            WITH given AS (
                UPDATE llmcost_leases l SET amount_nanousd = l.amount_nanousd - h.back
                FROM (SELECT budget_key, period_start, least(amount_nanousd, p_amount) AS back FROM llmcost_leases
                      WHERE lease_id = p_lease ORDER BY budget_key, period_start FOR UPDATE) h
                WHERE l.lease_id = p_lease AND l.budget_key = h.budget_key AND l.period_start = h.period_start
                RETURNING l.budget_key, l.period_start, h.back)
            UPDATE llmcost_counters c SET reserved_nanousd = c.reserved_nanousd - g.back
                FROM given g WHERE c.budget_key = g.budget_key AND c.period_start = g.period_start;
            DELETE FROM llmcost_leases WHERE lease_id = p_lease AND amount_nanousd = 0;
        $$;
        """;

    /// <summary>The steps from version N − 1 to N, at index N − 1: a new version is one more entry here.</summary>
    private static readonly string[] Migrations = [Version1, Version2];

    /// <summary>Creates the schema, or brings it to <see cref="CurrentVersion"/>; refuses a newer one.</summary>
    internal static void Prepare(NpgsqlConnection connection)
    {
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        Execute(connection, $"SELECT pg_advisory_xact_lock({MigrationLock}); CREATE TABLE IF NOT EXISTS llmcost_schema_version (version int NOT NULL);");
        using NpgsqlCommand read = new("SELECT coalesce(max(version), 0) FROM llmcost_schema_version", connection);
        int version = (int)read.ExecuteScalar()!;
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException($"The shared ledger has schema version {version}, newer than this version of CostInstrumentation.PostgreSql understands ({CurrentVersion}); upgrade the package.");
        }

        if (version < CurrentVersion)
        {
            Execute(connection, string.Concat(Migrations[version..]) + Functions + $"DELETE FROM llmcost_schema_version; INSERT INTO llmcost_schema_version VALUES ({CurrentVersion});");
        }

        transaction.Commit();
    }

    /// <summary>A rollup table: totals per UTC hour or day × provider × model × project, kept by the shipments that add calls.</summary>
    private static string Rollups(string table, string slot) => $"""

        CREATE TABLE {table} (
            {slot} timestamptz NOT NULL,
            provider text NOT NULL,
            model text NOT NULL,
            project text NOT NULL,
            calls bigint NOT NULL,
            input_tokens bigint NOT NULL,
            cached_input_tokens bigint NOT NULL,
            cache_write_tokens bigint NOT NULL,
            output_tokens bigint NOT NULL,
            reasoning_tokens bigint NOT NULL,
            cost_nanousd bigint NOT NULL,
            unpriced_calls bigint NOT NULL,
            failed_calls bigint NOT NULL,
            lower_bound_calls bigint NOT NULL,
            PRIMARY KEY ({slot}, provider, model, project));
        """;

    /// <summary>The ledger's schema version in the connection's database; null when it holds no ledger (what a reader checks before reading).</summary>
    internal static int? Version(NpgsqlConnection connection)
    {
        using NpgsqlCommand exists = new("SELECT to_regclass('llmcost_schema_version') IS NOT NULL", connection);
        if (!(bool)exists.ExecuteScalar()!)
        {
            return null;
        }

        using NpgsqlCommand read = new("SELECT coalesce(max(version), 0) FROM llmcost_schema_version", connection);
        return (int)read.ExecuteScalar()!;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using NpgsqlCommand command = new(sql, connection);
        command.ExecuteNonQuery();
    }
}
