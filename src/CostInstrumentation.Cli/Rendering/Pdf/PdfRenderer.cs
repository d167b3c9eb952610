using System.IO;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CostInstrumentation.Cli.Rendering.Pdf;

/// <summary>
/// Renders a document as an A4 PDF for accounting: the header facts (zone, period, filters, pricing versions), then
/// each table with exact values (money with every digit, in USD), the header row repeated on every page, columns dropped
/// in their fixed order when a table is too wide, and "page n of m" at the foot. The font is embedded.
/// </summary>
internal static class PdfRenderer
{
    private const double Margin = 40;
    private const double LineHeight = 12;
    private const double CellPadding = 4;

    public static void Render(Stream output, ReportDocument document, DateTimeOffset generatedUtc)
    {
        EmbeddedFontResolver.Install();
        using PdfDocument pdf = new();
        pdf.Info.Title = document.Title;
        pdf.Info.Creator = "llmcost";
        Writer writer = new(pdf);
        writer.Line(document.Title, writer.Title);
        foreach ((string label, string value) in DocumentHeader.Lines(document).Append(("Generated", CellText.Exact(generatedUtc.ToUniversalTime()))))
        {
            writer.Line($"{label}: {value}", writer.Body);
        }

        foreach (ReportTable table in document.Tables)
        {
            writer.Gap();
            writer.Line(table.Title, writer.Heading);
            writer.Table(table);
        }

        foreach (string note in document.Notes)
        {
            writer.Gap();
            writer.Line(note, writer.Body);
        }

        writer.Finish();
        pdf.Save(output, closeStream: false);
    }

    /// <summary>Draws line by line, starting a page when the current one is full.</summary>
    private sealed class Writer
    {
        private readonly PdfDocument _pdf;
        private XGraphics _graphics = null!;
        private double _y;

        public Writer(PdfDocument pdf)
        {
            _pdf = pdf;
            NewPage();
        }

        public XFont Title { get; } = new(EmbeddedFontResolver.Family, 15, XFontStyleEx.Bold);

        public XFont Heading { get; } = new(EmbeddedFontResolver.Family, 11, XFontStyleEx.Bold);

        public XFont Body { get; } = new(EmbeddedFontResolver.Family, 8.5);

        private XFont Header { get; } = new(EmbeddedFontResolver.Family, 8, XFontStyleEx.Bold);

        private XFont Cell { get; } = new(EmbeddedFontResolver.Family, 8);

        private double Width => _pdf.Pages[^1].Width.Point - (2 * Margin);

        private double Bottom => _pdf.Pages[^1].Height.Point - Margin - LineHeight;

        /// <summary>A line of text, wrapped at word boundaries to the page width.</summary>
        public void Line(string text, XFont font)
        {
            foreach (string line in Wrap(text, font, Width))
            {
                Room(font.Height);
                _graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin, _y, Width, font.Height), XStringFormats.TopLeft);
                _y += font.Height * 1.2;
            }
        }

        public void Gap() => _y += LineHeight / 2;

        public void Table(ReportTable table)
        {
            string[] headers = [.. table.Columns.Select(c => c.Kind == ColumnKind.Money ? c.Header + " (USD)" : c.Header)];
            string[][] cells = [.. table.Rows.Select(row => row.Select((value, i) => Text(value, table.Columns[i].Kind)).ToArray())];
            List<int> shown = [.. Enumerable.Range(0, table.Columns.Count)];
            double Needed(int c) => Math.Max(_graphics.MeasureString(headers[c], Header).Width, cells.Select(r => _graphics.MeasureString(r[c], Cell).Width).DefaultIfEmpty(0).Max()) + (2 * CellPadding);
            while (shown.Sum(Needed) > Width && shown.Where(c => table.Columns[c].DropOrder > 0).OrderByDescending(c => table.Columns[c].DropOrder).FirstOrDefault(-1) is var drop and >= 0)
            {
                shown.Remove(drop);
            }

            double[] widths = [.. shown.Select(Needed)];
            double scale = Math.Min(1, Width / widths.Sum());
            void Row(string[] values, XFont font, bool shade)
            {
                Room(LineHeight);
                double x = Margin;
                if (shade)
                {
                    _graphics.DrawRectangle(XBrushes.LightGray, Margin, _y - 1, Width, LineHeight);
                }

                for (int i = 0; i < shown.Count; i++)
                {
                    double width = widths[i] * scale;
                    bool number = table.Columns[shown[i]].Kind != ColumnKind.Text;
                    XRect cell = new(x + CellPadding, _y, width - (2 * CellPadding), LineHeight);
                    _graphics.DrawString(values[shown[i]], font, XBrushes.Black, cell, number ? XStringFormats.TopRight : XStringFormats.TopLeft);
                    x += width;
                }

                _y += LineHeight;
            }

            Row(headers, Header, shade: true);
            int page = _pdf.PageCount;
            foreach (string[] row in cells)
            {
                Row(row, Cell, shade: false);
                if (_pdf.PageCount != page)
                {
                    // The row opened a page: repeat the header above it.
                    page = _pdf.PageCount;
                    _y -= LineHeight;
                    _graphics.DrawRectangle(XBrushes.White, Margin, _y, Width, LineHeight);
                    Row(headers, Header, shade: true);
                    Row(row, Cell, shade: false);
                }
            }

            if (shown.Count < table.Columns.Count)
            {
                Line($"Not shown (too wide for the page): {string.Join(", ", table.Columns.Where((_, i) => !shown.Contains(i)).Select(c => c.Header))}; export CSV for every column.", Body);
            }
        }

        /// <summary>Numbers "page n of m" once every page exists.</summary>
        public void Finish()
        {
            _graphics.Dispose();
            for (int i = 0; i < _pdf.PageCount; i++)
            {
                using XGraphics graphics = XGraphics.FromPdfPage(_pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                PdfPage page = _pdf.Pages[i];
                graphics.DrawString($"page {i + 1} of {_pdf.PageCount}", Body, XBrushes.Gray,
                    new XRect(Margin, page.Height.Point - Margin + 6, page.Width.Point - (2 * Margin), LineHeight), XStringFormats.TopRight);
            }
        }

        private void Room(double height)
        {
            if (_y + height > Bottom)
            {
                _graphics.Dispose();
                NewPage();
            }
        }

        private void NewPage()
        {
            PdfPage page = _pdf.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(page);
            _y = Margin;
        }

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            string line = "";
            foreach (string word in text.Split(' '))
            {
                string candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _graphics.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            yield return line;
        }

        /// <summary>Exact values for accounting: money and fractions with every digit, counts with separators.</summary>
        private static string Text(object? value, ColumnKind kind) => (kind, value) switch
        {
            (_, null) => "—",
            (ColumnKind.Text, "") => "(none)",
            (ColumnKind.Count or ColumnKind.Tokens, long number) => number.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            _ => CellText.Exact(value),
        };
    }
}
