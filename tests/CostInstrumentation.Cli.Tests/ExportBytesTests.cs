using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CostInstrumentation.Cli.Tests.Harness;
using CostInstrumentation.Reports;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary>
/// The export writes SQLite's bytes straight to the output (docs/performance.md §13); its text must be exactly what the
/// format was when every value went through a .NET object: checked against that format, written here from
/// <see cref="CostReports.Calls"/>'s values, on the values that are easy to get wrong.
/// </summary>
public sealed class ExportBytesTests
{
    private static readonly string[] Texts =
    [
        "plain", "with, comma", "with \"quotes\"", "line\nbreak", "crlf\r\nend", "\rcarriage", "=SUM(A1)", "+1", "-2", "@cmd", "\ttab",
        "ünïcödé – 東京 🚀", "e\u0301 combining", "'already quoted", "", " spaced ",
    ];

    [Fact]
    public async Task Csv_jsonl_and_json_are_the_values_format_on_tricky_text_nulls_and_costs()
    {
        using TestDatabase database = await TestDatabase.CreateAsync(Calls());
        // What the recorder never writes but a hand-edited file may hold: bytes that are not UTF-8, a real, text in a number column.
        database.Execute("UPDATE llm_calls SET project = CAST(X'41FF42' AS TEXT) WHERE id = 2");
        database.Execute("UPDATE llm_calls SET duration_ms = 1.5, input_tokens = '=7' WHERE id = 3");

        ReportPeriod all = ReportPeriod.All(TimeZoneInfo.Utc);
        foreach (CallExportFormat format in new[] { CallExportFormat.Csv, CallExportFormat.Jsonl, CallExportFormat.Json })
        {
            foreach (bool raw in new[] { false, true })
            {
                string expected = Expected(database.Path, format, raw);
                using CostReports reports = CostReports.Open(database.Path);

                StringWriter text = new();
                CallExport.Write(reports, all, ReportFilter.None, format, text, raw);
                Assert.Equal(expected, text.ToString());

                using MemoryStream bytes = new();
                using (StreamWriter writer = new(bytes, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
                {
                    CallExport.Write(reports, all, ReportFilter.None, format, writer, raw);
                }

                Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes.ToArray());
            }
        }

        Assert.Equal(Expected(database.Path, CallExportFormat.Csv, raw: false), CliRun.Run(["export", "--db", database.Path]).Out);
    }

    [Fact]
    public void The_bundled_SQLite_is_the_library_the_byte_reads_call_so_the_export_takes_them()
    {
        // Otherwise every export would quietly fall back to the object rows (same bytes, 3-4x the CPU).
        Assert.True(CallRows.CanRead);
    }

    [Fact]
    public async Task A_source_that_reads_objects_hands_the_export_the_same_values_as_SQLites_own()
    {
        using TestDatabase database = await TestDatabase.CreateAsync(Calls());
        database.Execute("UPDATE llm_calls SET duration_ms = 1.5, input_tokens = '=7' WHERE id = 3");
        ReportPeriod all = ReportPeriod.All(TimeZoneInfo.Utc);
        using ReportStore store = new(database.Path);
        using CallRows own = store.CallRows(all, ReportFilter.None);
        ObjectCallValues objects = new();
        int rows = 0;
        foreach (object?[] row in store.Calls(all, ReportFilter.None))
        {
            Assert.True(own.Read());
            objects.Row = row;
            for (int i = 0; i < row.Length; i++)
            {
                if (i == ReportStore.CostUsdColumn)
                {
                    continue; // the export reads the cost from cost_nanousd
                }

                Assert.Equal(Kind(own.Type(i)), Kind(objects.Type(i)));
                switch (own.Type(i))
                {
                    case SQLitePCL.raw.SQLITE_INTEGER:
                        Assert.Equal(own.Integer(i), objects.Integer(i));
                        break;
                    case SQLitePCL.raw.SQLITE_TEXT:
                        Assert.Equal(own.Text(i).ToArray(), objects.Text(i).ToArray());
                        break;
                    case not SQLitePCL.raw.SQLITE_NULL:
                        Assert.Equal(own.Other(i), objects.Other(i));
                        break;
                }
            }

            rows++;
        }

        Assert.False(own.Read());
        Assert.Equal(1500, rows);
    }

    /// <summary>An integer, text or NULL; any other storage class is written alike (<see cref="CallValues.Other"/>).</summary>
    private static int Kind(int type) => type is SQLitePCL.raw.SQLITE_INTEGER or SQLitePCL.raw.SQLITE_TEXT or SQLitePCL.raw.SQLITE_NULL ? type : -1;

    /// <summary>Enough rows that multi-byte characters cross the writer's 64 KiB blocks.</summary>
    private static LlmCallRecord[] Calls() =>
    [
        .. Enumerable.Range(0, 1500).Select(i => CostDatabase.Call(
            $"2026-11-18T09:{i / 60 % 60:00}:{i % 60:00}Z",
            (i % 5) switch { 0 => null, 1 => 0m, 2 => 0.000000001m, 3 => 12345.678901234m, _ => 1m },
            model: Texts[i % Texts.Length],
            project: i % 7 == 0 ? null : Texts[(i + 3) % Texts.Length],
            session: i % 3 == 0 ? null : Texts[(i + 5) % Texts.Length],
            tags: i % 4 == 0 ? [] : [Texts[(i + 1) % Texts.Length], "b"],
            outcome: i % 9 == 0 ? LlmCallOutcome.Error : LlmCallOutcome.Ok,
            usage: new LlmUsage(InputTokens: i * 1000L, OutputTokens: i, CachedInputTokens: i / 2)) with { CostIsLowerBound = i % 5 == 4 }),
    ];

    /// <summary>The export's format written from <see cref="CostReports.Calls"/>'s objects, as the export did before it read bytes.</summary>
    private static string Expected(string path, CallExportFormat format, bool raw)
    {
        using CostReports reports = CostReports.Open(path);
        StringBuilder output = new();
        if (format == CallExportFormat.Csv)
        {
            output.Append(string.Join(',', CostReports.ExportColumns)).Append("\r\n");
        }

        int count = 0;
        foreach (object?[] row in reports.Calls(ReportPeriod.All(TimeZoneInfo.Utc)))
        {
            if (format == CallExportFormat.Csv)
            {
                output.AppendJoin(',', row.Select(value => value switch
                {
                    null => "",
                    string text => CsvField(text, guard: !raw),
                    _ => CsvField(Text(value), guard: false),
                })).Append("\r\n");
            }
            else
            {
                output.Append(format == CallExportFormat.Jsonl ? "" : count == 0 ? "\n" : ",\n").Append(JsonObject(row));
                output.Append(format == CallExportFormat.Jsonl ? "\n" : "");
            }

            count++;
        }

        return format == CallExportFormat.Json ? "[" + output + (count == 0 ? "]\n" : "\n]\n") : output.ToString();
    }

    private static string CsvField(string value, bool guard)
    {
        string guarded = guard && value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + guarded.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : guarded;
    }

    private static string JsonObject(object?[] row)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            for (int i = 0; i < row.Length; i++)
            {
                string name = CostReports.ExportColumns[i];
                switch (row[i])
                {
                    case null:
                        json.WriteNull(name);
                        break;
                    case long number:
                        json.WriteNumber(name, number);
                        break;
                    case string tags when name == "tags":
                        json.WritePropertyName(name);
                        json.WriteRawValue(tags);
                        break;
                    case var value:
                        json.WriteString(name, Text(value));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
