using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CostInstrumentation.Reports;

/// <summary>
/// Streams the selected calls into an XLSX workbook with the Open XML SDK's SAX writer, one row at a time straight into
/// a zip entry opened in create mode (written through, not buffered), so memory stays flat however many calls there are.
/// The SDK's package layer is not used because it buffers parts and cannot write to a write-only package; the four
/// fixed parts around the sheet are small constants. Text is written as inline strings, which a spreadsheet never evaluates, so no formula-injection guard is needed;
/// numbers are written from their exact decimal text (<c>cost_nanousd</c> is the exact integer).
/// </summary>
public static class XlsxCallExport
{
    /// <summary>The most rows a worksheet holds, header included.</summary>
    public const int MaxRows = 1_048_576;

    /// <summary>The package's content types and relationships, and the workbook naming its one sheet "calls".</summary>
    private static readonly (string Name, string Xml)[] FixedParts =
    [
        ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """),
        ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """),
        ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="calls" sheetId="1" r:id="rId1"/></sheets></workbook>
            """),
        ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """),
    ];

    /// <summary>Writes the calls to <paramref name="output"/> (a writable stream; it need not seek); returns how many.</summary>
    /// <exception cref="ReportArgumentException">More calls than a worksheet holds.</exception>
    public static long Write(CostReports reports, ReportPeriod period, ReportFilter filter, Stream output)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(output);
        IReadOnlyList<string> columns = CostReports.ExportColumns;
        long count = 0;
        using (ZipArchive zip = new(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, string xml) in FixedParts)
            {
                using StreamWriter part = new(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                part.Write(xml);
            }

            using Stream sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            using OpenXmlWriter writer = OpenXmlWriter.Create(sheet);
            writer.WriteStartDocument();
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, 1, columns.Select(c => (object?)c).ToArray());
            foreach (object?[] row in reports.Calls(period, filter))
            {
                if (++count >= MaxRows)
                {
                    throw new ReportArgumentException($"More than {MaxRows - 1:N0} calls do not fit in one worksheet: narrow the period or filters, or export CSV.");
                }

                WriteRow(writer, count + 1, row);
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return count;
    }

    private static void WriteRow(OpenXmlWriter writer, long index, object?[] values)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)index });
        foreach (object? value in values)
        {
            switch (value)
            {
                case null:
                    writer.WriteElement(new Cell());
                    break;
                case long number:
                    writer.WriteElement(new Cell(new CellValue(number.ToString(CultureInfo.InvariantCulture))) { DataType = CellValues.Number });
                    break;
                case decimal usd:
                    writer.WriteElement(new Cell(new CellValue(usd.ToString(CultureInfo.InvariantCulture))) { DataType = CellValues.Number });
                    break;
                default:
                    writer.WriteElement(new Cell(new InlineString(new Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""))) { DataType = CellValues.InlineString });
                    break;
            }
        }

        writer.WriteEndElement();
    }
}
