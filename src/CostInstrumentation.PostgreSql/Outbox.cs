using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.PostgreSql;

/// <summary>
/// The host's SQLite file read as an outbox: its host id (made once, kept in the file), the calls after the last one
/// shipped in id order (ids only grow), and the mark moved past a batch once the ledger has committed it.
/// </summary>
internal sealed class Outbox : IDisposable
{
    private static readonly HashSet<string> Outcomes = ["ok", "error", "cancelled", "blocked", "incomplete"];
    private readonly SqliteConnection _connection;

    internal Outbox(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 5 }.ToString());
        try
        {
            _connection.Open();
            Execute("PRAGMA busy_timeout = 5000;");
            SqliteSchema.Prepare(_connection);
            Execute("BEGIN IMMEDIATE; INSERT INTO outbox (host_id, shipped_through) SELECT $host, 0 WHERE NOT EXISTS (SELECT 1 FROM outbox); COMMIT;", ("$host", Guid.NewGuid().ToString()));
            using SqliteCommand read = Command("SELECT host_id, shipped_through FROM outbox LIMIT 1;");
            using SqliteDataReader reader = read.ExecuteReader();
            reader.Read();
            HostId = Guid.Parse(reader.GetString(0));
            ShippedThrough = reader.GetInt64(1);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>This host's id in the ledger (with the local row id, a call's key there).</summary>
    internal Guid HostId { get; }

    /// <summary>Every call with an id up to this one is in the ledger.</summary>
    internal long ShippedThrough { get; private set; }

    /// <summary>The id of the last call recorded so far.</summary>
    internal long LastRecorded()
    {
        using SqliteCommand command = Command("SELECT coalesce(max(id), 0) FROM llm_calls;");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Reads up to <paramref name="max"/> calls after the mark; a row that is not a valid call goes to <paramref name="rejected"/>. Returns the last id read.</summary>
    internal long ReadAfterMark(int max, List<OutboxCall> calls, List<RejectedCall> rejected)
    {
        using SqliteCommand command = Command("""
            SELECT id, ts_utc, provider, model, operation, call_site, project, session_id, tags, input_tokens, cached_input_tokens,
                cache_write_tokens, output_tokens, reasoning_tokens, cost_nanousd, cost_is_lower_bound, duration_ms, outcome,
                error_type, pricing_version, hold_id
            FROM llm_calls WHERE id > $after ORDER BY id LIMIT $max;
            """, ("$after", ShippedThrough), ("$max", max));
        using SqliteDataReader reader = command.ExecuteReader();
        long last = ShippedThrough;
        while (reader.Read())
        {
            last = reader.GetInt64(0);
            try
            {
                calls.Add(Call(reader, last));
            }
            catch (Exception exception) when (exception is FormatException or InvalidCastException or JsonException or OverflowException or InvalidDataException)
            {
                rejected.Add(new RejectedCall(last, exception.Message, RowText(reader)));
            }
        }

        return last;
    }

    /// <summary>Moves the mark: called only once the ledger has committed every call up to <paramref name="through"/>.</summary>
    internal void MarkShipped(long through)
    {
        Execute("UPDATE outbox SET shipped_through = $through WHERE shipped_through < $through;", ("$through", through));
        ShippedThrough = through;
    }

    public void Dispose() => _connection.Dispose();

    private static OutboxCall Call(SqliteDataReader r, long id)
    {
        string outcome = Text(r, 17);
        if (!Outcomes.Contains(outcome))
        {
            throw new InvalidDataException($"unknown outcome '{outcome}'");
        }

        string tagsJson = Text(r, 8);
        string[] tags = JsonSerializer.Deserialize<string[]>(tagsJson) ?? throw new InvalidDataException("tags are null");
        return new OutboxCall(
            id,
            DateTimeOffset.Parse(Text(r, 1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            Text(r, 2),
            Text(r, 3),
            Text(r, 4),
            Text(r, 5),
            OptionalText(r, 6),
            OptionalText(r, 7),
            tagsJson,
            tags,
            Count(r, 9),
            Count(r, 10),
            Count(r, 11),
            Count(r, 12),
            Count(r, 13),
            r.IsDBNull(14) ? null : Integer(r, 14),
            Integer(r, 15) != 0,
            Integer(r, 16),
            outcome,
            OptionalText(r, 18),
            OptionalText(r, 19),
            r.IsDBNull(20) ? null : Guid.Parse(Text(r, 20)));
    }

    // SQLite stores whatever it is given: each value is checked for its type, not converted.
    private static string Text(SqliteDataReader r, int i) =>
        r.GetValue(i) as string ?? throw new InvalidDataException($"{r.GetName(i)} is not text");

    private static string? OptionalText(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Text(r, i);

    private static long Integer(SqliteDataReader r, int i) =>
        r.GetValue(i) is long value ? value : throw new InvalidDataException($"{r.GetName(i)} is not an integer");

    private static long Count(SqliteDataReader r, int i) =>
        Integer(r, i) is >= 0 and long value ? value : throw new InvalidDataException($"{r.GetName(i)} is negative");

    private static string RowText(SqliteDataReader r) =>
        string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => $"{r.GetName(i)}={Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)}"));

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }
}
