using System.IO;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>Renders a document as Markdown: header bullets and pipe tables with exact values (for reports and pull requests).</summary>
internal static class MarkdownRenderer
{
    public static void Render(TextWriter output, ReportDocument document)
    {
        output.WriteLine($"# {document.Title}");
        output.WriteLine();
        foreach ((string label, string value) in DocumentHeader.Lines(document))
        {
            output.WriteLine($"- {label}: {Escape(value)}");
        }

        foreach (ReportTable table in document.Tables)
        {
            output.WriteLine();
            output.WriteLine($"## {table.Title}");
            output.WriteLine();
            output.WriteLine("| " + string.Join(" | ", table.Columns.Select(c => Escape(Header(c)))) + " |");
            output.WriteLine("|" + string.Concat(table.Columns.Select(c => c.Kind == ColumnKind.Text ? " --- |" : " ---: |")));
            foreach (object?[] row in table.Rows)
            {
                output.WriteLine("| " + string.Join(" | ", row.Select((value, i) => Escape(Cell(value, table.Columns[i].Kind)))) + " |");
            }
        }

        foreach (string note in document.Notes)
        {
            output.WriteLine();
            output.WriteLine(Escape(note));
        }
    }

    private static string Header(ReportColumn column) => column.Kind == ColumnKind.Money ? column.Header + " (USD)" : column.Header;

    private static string Cell(object? value, ColumnKind kind) => (kind, value) switch
    {
        (_, null) => "—",
        (ColumnKind.Text, "") => "(none)",
        _ => CellText.Exact(value),
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
