using System.Text;
using System.Text.Json;
using CostInstrumentation.Contract;
using Npgsql;

namespace CostInstrumentation.Reports;

/// <summary>The ledger's call rows (exports, pages, the live view), usage groups and percentiles, in the SQLite source's shapes.</summary>
internal sealed partial class PostgreSqlReportSource
{
    /// <summary>
    /// The ledger's columns in <see cref="ReportStore.ExportColumns"/> order: a call's id is its host's row id (unique per
    /// host; the host id breaks ties in the order), its time and tags are written back as SQLite stores them.
    /// </summary>
    private const string ExportSelect = """
        SELECT c.local_id, c.ts_utc, c.provider, c.model, c.operation, c.call_site, c.project, c.session_id, c.tags::text,
            c.input_tokens, c.cached_input_tokens, c.cache_write_tokens, c.output_tokens, c.reasoning_tokens,
            c.cost_nanousd, c.cost_nanousd, c.duration_ms, c.outcome, c.error_type, c.pricing_version
        FROM llmcost_calls AS c
        """;

    private const int TimeColumn = 1;
    private const int TagsColumn = 8;

    /// <inheritdoc />
    public List<string> PricingVersions(ReportPeriod period, ReportFilter filter)
    {
        using NpgsqlCommand command = _connection.CreateCommand();
        StringBuilder sql = new("SELECT DISTINCT c.pricing_version FROM llmcost_calls AS c");
        LedgerWhere.AppendCalls(sql, command, period, filter, "c.pricing_version <> ''");
        command.CommandText = sql.ToString();
        using NpgsqlDataReader reader = command.ExecuteReader();
        return ResultRows.SortedText(reader);
    }

    /// <inheritdoc />
    public IEnumerable<object?[]> Calls(ReportPeriod period, ReportFilter filter, CallCursor? after = null, int? limit = null, bool newestFirst = false)
    {
        using NpgsqlCommand command = _connection.CreateCommand();
        StringBuilder sql = new(ExportSelect);
        string? keyset = null;
        if (after is { } cursor)
        {
            keyset = newestFirst ? "(c.ts_utc, c.local_id) < (@afterTs, @afterId)" : "(c.ts_utc, c.local_id) > (@afterTs, @afterId)";
            LedgerWhere.Add(command, "afterTs", UtcTimestamp.Read(cursor.TimestampUtc));
            LedgerWhere.Add(command, "afterId", cursor.Id);
        }

        LedgerWhere.AppendCalls(sql, command, period, filter, keyset);
        sql.Append(newestFirst ? " ORDER BY c.ts_utc DESC, c.local_id DESC, c.host_id DESC" : " ORDER BY c.ts_utc, c.local_id, c.host_id");
        if (limit is { } count)
        {
            sql.Append(" LIMIT @limit");
            LedgerWhere.Add(command, "limit", (long)count);
        }

        command.CommandText = sql.ToString();
        using NpgsqlDataReader reader = command.ExecuteReader();
        object?[] row = new object?[ReportStore.ExportColumns.Count];
        while (reader.Read())
        {
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            row[TimeColumn] = UtcTimestamp.Write(reader.GetFieldValue<DateTimeOffset>(TimeColumn));
            row[TagsColumn] = TagsJson.Write(TagList((string)row[TagsColumn]!));
            row[ReportStore.CostUsdColumn] = row[ReportStore.CostUsdColumn] is long nano ? NanoUsd.ToUsd(nano) : null;

            // One buffer reused for every row, as the SQLite source does.
            yield return row;
        }
    }

    /// <inheritdoc />
    public IEnumerable<UsageGroup> UsageGroups(ReportPeriod period, ReportFilter filter)
    {
        using NpgsqlCommand command = _connection.CreateCommand();
        StringBuilder sql = new("""
            SELECT c.model, c.input_tokens, c.cached_input_tokens, c.cache_write_tokens, c.output_tokens, c.reasoning_tokens,
                count(*), coalesce(sum(c.cost_nanousd), 0)::bigint, count(c.cost_nanousd), c.operation
            FROM llmcost_calls AS c
            """);
        LedgerWhere.AppendCalls(sql, command, period, filter);
        sql.Append(" GROUP BY 1, 2, 3, 4, 5, 6, 10");
        command.CommandText = sql.ToString();
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ResultRows.UsageGroup(reader);
        }
    }

    /// <inheritdoc />
    public (long Calls, long[] Values)? OutputTokenPercentiles(ReportPeriod period, ReportFilter filter, IReadOnlyList<decimal> fractions)
    {
        using NpgsqlCommand count = _connection.CreateCommand();
        StringBuilder sql = new("SELECT count(*) FROM llmcost_calls AS c");
        LedgerWhere.AppendCalls(sql, count, period, filter);
        count.CommandText = sql.ToString();
        return ResultRows.Percentiles((long)count.ExecuteScalar()!, fractions, rank =>
        {
            using NpgsqlCommand pick = _connection.CreateCommand();
            StringBuilder select = new("SELECT c.output_tokens FROM llmcost_calls AS c");
            LedgerWhere.AppendCalls(select, pick, period, filter);
            select.Append(" ORDER BY c.output_tokens LIMIT 1 OFFSET @rank");
            LedgerWhere.Add(pick, "rank", rank);
            pick.CommandText = select.ToString();
            return (long)pick.ExecuteScalar()!;
        });
    }

    /// <inheritdoc />
    public List<LatestCall> LatestCalls(ReportFilter filter, int count)
    {
        using NpgsqlCommand command = _connection.CreateCommand();
        StringBuilder sql = new("SELECT c.ts_utc, c.model, c.operation, c.outcome, c.cost_nanousd, c.input_tokens, c.output_tokens FROM llmcost_calls AS c");
        LedgerWhere.AppendCalls(sql, command, ReportPeriod.All(TimeZoneInfo.Utc), filter);
        sql.Append(" ORDER BY c.ts_utc DESC, c.local_id DESC, c.host_id DESC LIMIT @count");
        LedgerWhere.Add(command, "count", (long)count);
        command.CommandText = sql.ToString();
        List<LatestCall> calls = [];
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            calls.Add(new LatestCall(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : NanoUsd.ToUsd(reader.GetInt64(4)), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return calls;
    }

    /// <summary>The ledger's jsonb tags (which print with spaces) as a list, for the SQLite column's spelling.</summary>
    private static string[] TagList(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(tag => tag.GetString()!)];
    }
}
