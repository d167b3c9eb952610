using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CostInstrumentation.Reports;

/// <summary>
/// Streams the selected calls to a writer one row at a time, so memory stays flat however many there are. Money is
/// exact: <c>cost_usd</c> a decimal string and <c>cost_nanousd</c> an integer, both empty/null for a call that could
/// not be priced. CSV text fields are guarded against formula injection unless <c>raw</c>.
/// </summary>
public static class CallExport
{
    /// <summary>Writes the calls; returns how many.</summary>
    public static long Write(CostReports reports, ReportPeriod period, ReportFilter filter, CallExportFormat format, TextWriter output, bool raw = false)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(output);
        if (format == CallExportFormat.Xlsx)
        {
            throw new ArgumentException("XLSX is binary: write it with XlsxCallExport.", nameof(format));
        }

        IReadOnlyList<string> columns = CostReports.ExportColumns;
        long count = 0;
        if (format == CallExportFormat.Csv)
        {
            output.Write(string.Join(',', columns));
            output.Write("\r\n");
        }
        else if (format == CallExportFormat.Json)
        {
            output.Write('[');
        }

        foreach (object?[] row in reports.Calls(period, filter))
        {
            if (format == CallExportFormat.Csv)
            {
                WriteCsvRow(output, row, raw);
            }
            else
            {
                if (format == CallExportFormat.Json)
                {
                    output.Write(count == 0 ? "\n" : ",\n");
                }

                output.Write(JsonObject(columns, row));
                if (format == CallExportFormat.Jsonl)
                {
                    output.Write('\n');
                }
            }

            count++;
        }

        if (format == CallExportFormat.Json)
        {
            output.Write(count == 0 ? "]\n" : "\n]\n");
        }

        return count;
    }

    /// <summary>One CSV row, each value formatted into a buffer on the stack and written as it is: no string per field.</summary>
    private static void WriteCsvRow(TextWriter output, object?[] row, bool raw)
    {
        Span<char> number = stackalloc char[64];
        for (int i = 0; i < row.Length; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }

            int length;
            switch (row[i])
            {
                case null:
                    break;
                case string text:
                    CsvText.Write(output, text, guard: !raw);
                    break;
                case long integer when integer.TryFormat(number, out length, provider: CultureInfo.InvariantCulture):
                    output.Write(number[..length]);
                    break;
                case decimal usd when usd.TryFormat(number, out length, provider: CultureInfo.InvariantCulture):
                    output.Write(number[..length]);
                    break;
                case var value:
                    CsvText.Write(output, Text(value), guard: false);
                    break;
            }
        }

        output.Write("\r\n");
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        decimal usd => usd.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string JsonObject(IReadOnlyList<string> columns, object?[] row)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            for (int i = 0; i < columns.Count; i++)
            {
                switch (row[i])
                {
                    case null:
                        json.WriteNull(columns[i]);
                        break;
                    case decimal usd:
                        json.WriteString(columns[i], usd.ToString(CultureInfo.InvariantCulture));
                        break;
                    case long number:
                        json.WriteNumber(columns[i], number);
                        break;
                    case string tags when columns[i] == "tags":
                        json.WritePropertyName(columns[i]);
                        json.WriteRawValue(tags);
                        break;
                    case var value:
                        json.WriteString(columns[i], Text(value));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
