using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation;

/// <summary>Exports of the raw calls, oldest first (ties by id).</summary>
public sealed partial class LlmCostQuery
{
    private const int JsonFlushBytes = 64 * 1024;

    private static readonly string[] ExportColumns =
    [
        "id", "ts_utc", "provider", "model", "operation", "call_site", "project", "session_id", "tags",
        "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens",
        "cost_usd", "cost_nanousd", "duration_ms", "outcome", "error_type", "pricing_version", "cost_is_lower_bound",
    ];

    /// <summary>
    /// Writes the selected calls as CSV (RFC 4180: a header row, CRLF, fields quoted when they hold a comma, quote or
    /// line break). A NULL is an empty field, an empty string a quoted empty field (<c>""</c>). Returns the rows written.
    /// </summary>
    public long ExportCsv(TextWriter output, CostFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(string.Join(',', ExportColumns));
        output.Write("\r\n");
        long rows = 0;
        using SqliteCommand command = SelectCalls(filter);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            for (int field = 0; field < ExportColumns.Length; field++)
            {
                if (field > 0)
                {
                    output.Write(',');
                }

                WriteCsvField(output, ExportValue(reader, field));
            }

            output.Write("\r\n");
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// Writes the selected calls as a JSON array of objects (the CSV's columns; <c>tags</c> an array, <c>cost_usd</c> an exact
    /// decimal number and <c>cost_nanousd</c> an integer, both null when the call was not priced). Returns the rows written.
    /// </summary>
    public long ExportJson(TextWriter output, CostFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArrayBufferWriter<byte> buffer = new(JsonFlushBytes * 2);
        // Relaxed escaping keeps non-ASCII readable; the output is a data file, not HTML.
        using Utf8JsonWriter json = new(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        long rows = 0;
        json.WriteStartArray();
        using (SqliteCommand command = SelectCalls(filter))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                WriteJsonCall(json, reader);
                rows++;
                json.Flush();
                if (buffer.WrittenCount >= JsonFlushBytes)
                {
                    // Whole objects only, so no UTF-8 sequence is split.
                    output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
                    buffer.ResetWrittenCount();
                }
            }
        }

        json.WriteEndArray();
        json.Flush();
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        return rows;
    }

    private SqliteCommand SelectCalls(CostFilter? filter)
    {
        SqliteCommand command = _connection.CreateCommand();
        List<string> conditions = CostQuerySql.RawConditions(command, filter ?? new CostFilter());
        command.CommandText = """
            SELECT c.id, c.ts_utc, c.provider, c.model, c.operation, c.call_site, c.project, c.session_id, c.tags,
                c.input_tokens, c.cached_input_tokens, c.cache_write_tokens, c.output_tokens, c.reasoning_tokens,
                c.cost_nanousd, c.duration_ms, c.outcome, c.error_type, c.pricing_version,
            """
            + (_hasLowerBounds ? " c.cost_is_lower_bound" : " 0")
            + " FROM llm_calls AS c"
            + (conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "")
            + " ORDER BY c.ts_utc, c.id";
        return command;
    }

    /// <summary>Export column <paramref name="field"/> as text (null for NULL): <c>cost_usd</c> is derived from the nano-USD column.</summary>
    private static string? ExportValue(SqliteDataReader reader, int field)
    {
        int ordinal = SourceOrdinal(field);
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return field switch
        {
            14 => NanoUsd.ToUsd(reader.GetInt64(14)).ToString(CultureInfo.InvariantCulture),
            _ when IsInteger(field) => reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture),
            _ => reader.GetString(ordinal),
        };
    }

    /// <summary>The reader column of export column <paramref name="field"/>: cost_usd (14) and cost_nanousd (15) both read cost_nanousd.</summary>
    private static int SourceOrdinal(int field) => field <= 14 ? field : field - 1;

    /// <summary>id, the token counts, cost_nanousd, duration_ms and cost_is_lower_bound (0 or 1).</summary>
    private static bool IsInteger(int field) => field is 0 or (>= 9 and <= 13) or 15 or 16 or 20;

    private static void WriteCsvField(TextWriter output, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > 0 && value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            output.Write(value);
            return;
        }

        output.Write('"');
        output.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        output.Write('"');
    }

    private static void WriteJsonCall(Utf8JsonWriter json, SqliteDataReader reader)
    {
        json.WriteStartObject();
        for (int field = 0; field < ExportColumns.Length; field++)
        {
            string name = ExportColumns[field];
            int ordinal = SourceOrdinal(field);
            if (reader.IsDBNull(ordinal))
            {
                json.WriteNull(name);
            }
            else if (field == 8)
            {
                json.WritePropertyName(name);
                json.WriteRawValue(reader.GetString(ordinal));
            }
            else if (field == 14)
            {
                json.WriteNumber(name, NanoUsd.ToUsd(reader.GetInt64(ordinal)));
            }
            else if (IsInteger(field))
            {
                json.WriteNumber(name, reader.GetInt64(ordinal));
            }
            else
            {
                json.WriteString(name, reader.GetString(ordinal));
            }
        }

        json.WriteEndObject();
    }
}
