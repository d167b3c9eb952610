using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>
/// Renders a document as the JSON envelope published in docs/schemas: <c>schemaVersion</c>, the command, the zone, the
/// period, filters and pricing versions, then each table as an array of row objects. Money is an exact decimal string
/// (<c>costUsd</c>) and integer nano-USD (<c>costNanoUsd</c>), never a floating-point number.
/// </summary>
internal static class JsonRenderer
{
    /// <summary>Bumped only for a breaking change; within a version, fields are only added.</summary>
    public const int SchemaVersion = 1;

    public static void Render(TextWriter output, ReportDocument document, DateTimeOffset generatedUtc)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("command", document.Command);
            json.WriteString("generatedUtc", generatedUtc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (document.Zone is { } zone)
            {
                json.WriteString("timeZone", ReportZone.Name(zone));
            }

            if (document.Period is { } period)
            {
                json.WriteStartObject("period");
                json.WriteString("label", period.Label);
                WriteInstant(json, "from", period.FromLocal);
                WriteInstant(json, "to", period.ToLocal);
                json.WriteEndObject();
            }

            json.WriteStartObject("filters");
            foreach (IGrouping<string, KeyValuePair<string, string>> criterion in (document.Filter?.Criteria() ?? []).GroupBy(c => c.Key))
            {
                if (criterion.Key == "tag")
                {
                    json.WriteStartArray("tags");
                    foreach (KeyValuePair<string, string> tag in criterion)
                    {
                        json.WriteStringValue(tag.Value);
                    }

                    json.WriteEndArray();
                }
                else
                {
                    json.WriteString(criterion.Key == "call-site" ? "callSite" : criterion.Key, criterion.First().Value);
                }
            }

            json.WriteEndObject();
            json.WriteStartArray("pricingVersions");
            foreach (string version in document.PricingVersions)
            {
                json.WriteStringValue(version);
            }

            json.WriteEndArray();
            foreach (ReportTable table in document.Tables)
            {
                json.WriteStartArray(table.Id);
                foreach (object?[] row in table.Rows)
                {
                    WriteRow(json, table.Columns, row);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("notes");
            foreach (string note in document.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteRow(Utf8JsonWriter json, IReadOnlyList<ReportColumn> columns, object?[] row)
    {
        json.WriteStartObject();
        for (int i = 0; i < columns.Count; i++)
        {
            ReportColumn column = columns[i];
            object? value = row[i];
            switch (column.Kind, value)
            {
                case (ColumnKind.Money, decimal usd):
                    json.WriteString(column.Id + "Usd", usd.ToString(CultureInfo.InvariantCulture));
                    json.WriteNumber(column.Id + "NanoUsd", CellText.NanoUsd(usd));
                    break;
                case (ColumnKind.Money, _):
                    json.WriteNull(column.Id + "Usd");
                    json.WriteNull(column.Id + "NanoUsd");
                    break;
                case (_, null):
                    json.WriteNull(column.Id);
                    break;
                case (ColumnKind.Count or ColumnKind.Tokens, long number):
                    json.WriteNumber(column.Id, number);
                    break;
                case (_, bool flag):
                    json.WriteBoolean(column.Id, flag);
                    break;
                default:
                    json.WriteString(column.Id, CellText.Exact(value));
                    break;
            }
        }

        json.WriteEndObject();
    }

    private static void WriteInstant(Utf8JsonWriter json, string name, DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            json.WriteString(name, CellText.Exact(value));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
