using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using CostInstrumentation.Contract;

namespace CostInstrumentation.Reports;

/// <summary>
/// Streams the selected calls to a writer one row at a time, so memory stays flat however many there are. Money is
/// exact: <c>cost_usd</c> a decimal string and <c>cost_nanousd</c> an integer, both empty/null for a call that could
/// not be priced. CSV text fields are guarded against formula injection unless <c>raw</c>. Values go from SQLite's
/// UTF-8 to the output's bytes without a .NET string per field (docs/performance.md §13).
/// </summary>
public static class CallExport
{
    private static readonly JsonEncodedText[] JsonNames = [.. CostReports.ExportColumns.Select(column => JsonEncodedText.Encode(column))];

    private static readonly int Tags = CostReports.ExportColumns.ToList().IndexOf("tags");

    /// <summary>Where <c>cost_usd</c> (<see cref="ReportStore.CostUsdColumn"/>) is read from: the stored integer nano-USD.</summary>
    private static readonly int NanoUsdColumn = CostReports.ExportColumns.ToList().IndexOf("cost_nanousd");

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the calls; returns how many.</summary>
    public static long Write(CostReports reports, ReportPeriod period, ReportFilter filter, CallExportFormat format, TextWriter output, bool raw = false)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(output);
        if (format == CallExportFormat.Xlsx)
        {
            throw new ArgumentException("XLSX is binary: write it with XlsxCallExport.", nameof(format));
        }

        using Utf8Output bytes = new(output);
        if (format == CallExportFormat.Csv)
        {
            bytes.Write(Encoding.UTF8.GetBytes(string.Join(',', CostReports.ExportColumns) + "\r\n"));
            return reports.EachCall(period, filter, row => WriteCsvRow(bytes, row, raw));
        }

        using Utf8JsonWriter json = new(bytes, JsonOptions);
        bool array = format == CallExportFormat.Json;
        if (array)
        {
            bytes.Write((byte)'[');
        }

        bool first = true;
        long count = reports.EachCall(period, filter, row =>
        {
            if (array)
            {
                bytes.Write(first ? "\n"u8 : ",\n"u8);
                first = false;
            }

            WriteJsonObject(json, row);
            json.Flush();
            if (!array)
            {
                bytes.Write((byte)'\n');
            }
        });
        if (array)
        {
            bytes.Write(count == 0 ? "]\n"u8 : "\n]\n"u8);
        }

        return count;
    }

    private static void WriteCsvRow(Utf8Output output, CallValues row, bool raw)
    {
        for (int i = 0; i < JsonNames.Length; i++)
        {
            if (i > 0)
            {
                output.Write((byte)',');
            }

            if (i == ReportStore.CostUsdColumn)
            {
                if (Cost(row) is { } usd)
                {
                    output.Write(usd);
                }

                continue;
            }

            switch (row.Type(i))
            {
                case SQLitePCL.raw.SQLITE_NULL:
                    break;
                case SQLitePCL.raw.SQLITE_INTEGER:
                    output.Write(row.Integer(i));
                    break;
                case SQLitePCL.raw.SQLITE_TEXT:
                    CsvText.Write(output, Utf8Text(row.Text(i)), guard: !raw);
                    break;
                default:
                    CsvText.Write(output, Encoding.UTF8.GetBytes(row.Other(i)), guard: false);
                    break;
            }
        }

        output.Write("\r\n"u8);
    }

    private static void WriteJsonObject(Utf8JsonWriter json, CallValues row)
    {
        // One top-level value per row: the writer starts afresh on the same output.
        json.Reset();
        json.WriteStartObject();
        Span<byte> number = stackalloc byte[64];
        for (int i = 0; i < JsonNames.Length; i++)
        {
            JsonEncodedText name = JsonNames[i];
            if (i == ReportStore.CostUsdColumn)
            {
                if (Cost(row) is { } usd && usd.TryFormat(number, out int length, default, CultureInfo.InvariantCulture))
                {
                    json.WriteString(name, number[..length]);
                }
                else
                {
                    json.WriteNull(name);
                }

                continue;
            }

            switch (row.Type(i))
            {
                case SQLitePCL.raw.SQLITE_NULL:
                    json.WriteNull(name);
                    break;
                case SQLitePCL.raw.SQLITE_INTEGER:
                    json.WriteNumber(name, row.Integer(i));
                    break;
                case SQLitePCL.raw.SQLITE_TEXT when i == Tags:
                    json.WritePropertyName(name);
                    json.WriteRawValue(Utf8Text(row.Text(i)));
                    break;
                case SQLitePCL.raw.SQLITE_TEXT:
                    json.WriteString(name, Utf8Text(row.Text(i)));
                    break;
                default:
                    json.WriteString(name, row.Other(i));
                    break;
            }
        }

        json.WriteEndObject();
    }

    /// <summary>The exact USD of the stored integer nano-USD; null (unknown, never 0) when there is none.</summary>
    private static decimal? Cost(CallValues row) =>
        row.Type(NanoUsdColumn) == SQLitePCL.raw.SQLITE_INTEGER ? NanoUsd.ToUsd(row.Integer(NanoUsdColumn)) : null;

    /// <summary>Stored text as it reads: bytes that are not valid UTF-8 become U+FFFD, as a .NET string of them would.</summary>
    private static ReadOnlySpan<byte> Utf8Text(ReadOnlySpan<byte> stored) =>
        Utf8.IsValid(stored) ? stored : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(stored));
}
