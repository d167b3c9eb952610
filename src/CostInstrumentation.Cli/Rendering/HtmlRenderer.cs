using System.Globalization;
using System.IO;
using System.Net;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>
/// Renders a document as one self-contained HTML page: inline CSS, an inline SVG bar chart per table (its first money
/// column by its first column), then the table with exact values. No script, font, image or style is loaded from anywhere,
/// so the page works offline and without JavaScript.
/// </summary>
internal static class HtmlRenderer
{
    private const int ChartBars = 31;
    private const int ChartWidth = 720;
    private const int BarHeight = 18;
    private const int LabelWidth = 220;

    public static void Render(TextWriter output, ReportDocument document, DateTimeOffset generatedUtc)
    {
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        output.WriteLine($"<title>{Encode(document.Title)}</title>");
        output.WriteLine("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0.5em 0 2em}"
            + "th,td{border:1px solid #ccc;padding:0.25em 0.6em}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}"
            + "dl{display:grid;grid-template-columns:max-content auto;gap:0.2em 1em}dt{color:#666}svg text{font-size:12px}</style>");
        output.WriteLine("</head><body>");
        output.WriteLine($"<h1>{Encode(document.Title)}</h1>");
        output.WriteLine("<dl>");
        foreach ((string label, string value) in DocumentHeader.Lines(document).Append(("Generated", CellText.Exact(generatedUtc.ToUniversalTime()))))
        {
            output.WriteLine($"<dt>{Encode(label)}</dt><dd>{Encode(value)}</dd>");
        }

        output.WriteLine("</dl>");
        foreach (ReportTable table in document.Tables)
        {
            output.WriteLine($"<h2>{Encode(table.Title)}</h2>");
            Chart(output, table);
            Table(output, table);
        }

        foreach (string note in document.Notes)
        {
            output.WriteLine($"<p>{Encode(note)}</p>");
        }

        output.WriteLine("</body></html>");
    }

    /// <summary>Horizontal bars of the first money column, labelled by the first column (the first 31 rows).</summary>
    private static void Chart(TextWriter output, ReportTable table)
    {
        int money = table.Columns.ToList().FindIndex(c => c.Kind == ColumnKind.Money);
        List<object?[]> rows = [.. table.Rows.Take(ChartBars)];
        if (money < 0 || rows.Count == 0)
        {
            return;
        }

        decimal max = rows.Select(r => r[money] as decimal? ?? 0m).DefaultIfEmpty(0m).Max();
        int height = rows.Count * (BarHeight + 4);
        output.WriteLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{ChartWidth}\" height=\"{height}\" viewBox=\"0 0 {ChartWidth} {height}\"><title>{Encode(table.Columns[money].Header)} by {Encode(table.Columns[0].Header)}</title>");
        for (int i = 0; i < rows.Count; i++)
        {
            decimal value = rows[i][money] as decimal? ?? 0m;
            int y = i * (BarHeight + 4);
            int width = max <= 0 ? 0 : (int)Math.Round(value / max * (ChartWidth - LabelWidth - 110));
            string label = CellText.Terminal(rows[i][0], table.Columns[0].Kind);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"<text x=\"0\" y=\"{y + 13}\">{Encode(label)}</text><rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{width}\" height=\"{BarHeight}\" fill=\"#4a7bd0\"/><text x=\"{LabelWidth + width + 6}\" y=\"{y + 13}\">{Encode(CellText.Usd(value))}</text>"));
        }

        output.WriteLine("</svg>");
    }

    private static void Table(TextWriter output, ReportTable table)
    {
        output.Write("<table><thead><tr>");
        foreach (ReportColumn column in table.Columns)
        {
            output.Write($"<th>{Encode(column.Kind == ColumnKind.Money ? column.Header + " (USD)" : column.Header)}</th>");
        }

        output.WriteLine("</tr></thead><tbody>");
        foreach (object?[] row in table.Rows)
        {
            output.Write("<tr>");
            for (int i = 0; i < row.Length; i++)
            {
                ColumnKind kind = table.Columns[i].Kind;
                string text = row[i] is null ? "—" : kind == ColumnKind.Text && row[i] is "" ? "(none)" : CellText.Exact(row[i]);
                output.Write(kind == ColumnKind.Text ? $"<td>{Encode(text)}</td>" : $"<td class=\"n\">{Encode(text)}</td>");
            }

            output.WriteLine("</tr>");
        }

        output.WriteLine("</tbody></table>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
