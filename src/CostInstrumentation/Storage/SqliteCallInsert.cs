using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CostInstrumentation;

/// <summary>
/// The prepared INSERT of one call into <c>llm_calls</c>, bound through SQLite's own API: the writer runs it for every
/// record, and binding by position without the ADO.NET layer (a name lookup, a UTF-8 copy and a reader per execution)
/// is the largest saving left once SQLite itself is counted.
/// </summary>
internal sealed class SqliteCallInsert : IDisposable
{
    internal const string Sql = """
        INSERT INTO llm_calls (ts_utc, provider, model, operation, call_site, project, session_id, tags,
            input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
            cost_nanousd, duration_ms, outcome, error_type, pricing_version, cost_is_lower_bound, hold_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20);
        """;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    internal SqliteCallInsert(SqliteConnection connection)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, Sql, out _statement));
    }

    /// <summary>Inserts the record (in the connection's current transaction).</summary>
    internal void Execute(in LlmCallRecord record, long? costNanoUsd)
    {
        // "O" of a UTC DateTime is yyyy-MM-ddTHH:mm:ss.fffffffZ, by a fast path a custom format string does not take.
        Span<char> timestamp = stackalloc char[28];
        record.TimestampUtc.UtcDateTime.TryFormat(timestamp, out int length, "O", CultureInfo.InvariantCulture);
        Text(1, timestamp[..length]);
        // NOT NULL columns: a record made by hand (or default) with a null here must not fail its batch for ever.
        Text(2, record.Provider ?? string.Empty);
        Text(3, record.Model ?? string.Empty);
        Text(4, record.Operation ?? string.Empty);
        Text(5, record.CallSite ?? string.Empty);
        Text(6, record.Project);
        Text(7, record.SessionId);
        Text(8, TagsJson.Write(record.Tags));
        Integer(9, record.Usage.InputTokens);
        Integer(10, record.Usage.CachedInputTokens);
        Integer(11, record.Usage.CacheWriteInputTokens);
        Integer(12, record.Usage.OutputTokens);
        Integer(13, record.Usage.ReasoningTokens);
        if (costNanoUsd is { } cost)
        {
            Integer(14, cost);
        }
        else
        {
            Check(raw.sqlite3_bind_null(_statement, 14));
        }

        Integer(15, (long)record.Duration.TotalMilliseconds);
        Text(16, OutcomeText(record.Outcome));
        Text(17, record.ErrorType);
        Text(18, record.PricingVersion);
        Integer(19, IsLowerBound(record, costNanoUsd) ? 1 : 0);
        Text(20, record.HoldId == Guid.Empty ? null : record.HoldId.ToString());
        int step = raw.sqlite3_step(_statement);
        int reset = raw.sqlite3_reset(_statement);
        Check(step == raw.SQLITE_DONE ? reset : step);
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>What <c>cost_is_lower_bound</c> stores: an unknown cost (NULL) is no bound.</summary>
    internal static bool IsLowerBound(in LlmCallRecord record, long? costNanoUsd) => record.CostIsLowerBound && costNanoUsd is not null;

    private void Text(int index, string? value) => Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value));

    private void Text(int index, ReadOnlySpan<char> value) => Check(raw.sqlite3_bind_text16(_statement, index, value));

    private void Integer(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    private static string OutcomeText(LlmCallOutcome outcome) => outcome switch
    {
        LlmCallOutcome.Ok => "ok",
        LlmCallOutcome.Error => "error",
        LlmCallOutcome.Cancelled => "cancelled",
        LlmCallOutcome.Blocked => "blocked",
        LlmCallOutcome.Incomplete => "incomplete",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
