using System.IO;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>
/// Renders a document's first table as CSV (RFC 4180, exact values; money as <c>id_usd</c> and <c>id_nanousd</c>). A
/// text cell starting with <c>= + - @</c> (or a tab or carriage return) is prefixed with <c>'</c> so a spreadsheet does not
/// run it as a formula, unless <paramref name="raw"/>.
/// </summary>
internal static class CsvRenderer
{
    public static void Render(TextWriter output, ReportDocument document, bool raw = false)
    {
        if (document.Tables.Count == 0)
        {
            return;
        }

        ReportTable table = document.Tables[0];
        output.Write(string.Join(',', table.Columns.SelectMany(c => c.Kind == ColumnKind.Money ? [Snake(c.Id) + "_usd", Snake(c.Id) + "_nanousd"] : new[] { Snake(c.Id) })));
        output.Write("\r\n");
        foreach (object?[] row in table.Rows)
        {
            IEnumerable<string> fields = row.SelectMany((value, i) => table.Columns[i].Kind == ColumnKind.Money
                ? [CellText.Exact(value), value is decimal usd ? CellText.Exact(CellText.NanoUsd(usd)) : ""]
                : new[] { CsvText.Field(CellText.Exact(value), table.Columns[i].Kind == ColumnKind.Text && !raw) });
            output.Write(string.Join(',', fields));
            output.Write("\r\n");
        }
    }

    /// <summary><c>costUsd</c> → <c>cost_usd</c>.</summary>
    public static string Snake(string id) => string.Concat(id.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
