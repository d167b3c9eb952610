using Spectre.Console;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>
/// Renders a document for a person: header lines, then each table as a grid that fits the console's width. Numbers
/// never wrap or get cut: when a grid is too wide, columns are dropped in their fixed order, then text cells fold.
/// </summary>
internal static class TerminalRenderer
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>The fewest characters of a chart row's keys kept however narrow the terminal.</summary>
    private const int MinimumChartKey = 8;

    private const int ChartLabelMargin = 4;

    public static void Render(IAnsiConsole console, ReportDocument document)
    {
        console.MarkupLine($"[bold]{Markup.Escape(document.Title)}[/]");
        foreach ((string label, string value) in DocumentHeader.Lines(document))
        {
            console.MarkupLine($"[grey]{Markup.Escape(label)}:[/] {Markup.Escape(value)}");
        }

        foreach (ReportTable table in document.Tables)
        {
            console.WriteLine();
            if (table.Style == TableStyle.Sparkline)
            {
                console.MarkupLine($"[bold]{Markup.Escape(table.Title)}[/]");
                console.WriteLine(Sparkline(table));
            }
            else
            {
                console.Write(Grid(table, console.Profile.Width));
                // Spectre cannot draw a chart without bars; the empty table says there is nothing to show.
                if (table.Chart && table.Rows.Count > 0)
                {
                    console.Write(Bars(table, console.Profile.Width));
                }
            }
        }

        foreach (string note in document.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }
    }

    /// <summary>The table with as many columns as fit in <paramref name="width"/>.</summary>
    internal static Table Grid(ReportTable table, int width)
    {
        int[] columns = [.. Enumerable.Range(0, table.Columns.Count).Where(c => !table.Columns[c].OmitWhenZero || table.Rows.Any(row => row[c] is not (0L or null)))];
        List<int> shown = [.. columns];
        string[][] cells = [.. table.Rows.Select(row => row.Select((value, i) => CellText.Terminal(value, table.Columns[i].Kind)).ToArray())];
        int Needed(int column) => Math.Max(table.Columns[column].Header.Length, cells.Select(row => row[column].Length).DefaultIfEmpty(0).Max());

        // A column takes its text plus one space each side and a border; text columns can fold down to 14 characters.
        int Width() => 1 + shown.Sum(c => 3 + (table.Columns[c].Kind == ColumnKind.Text ? Math.Min(Needed(c), 14) : Needed(c)));
        while (Width() > width && shown.Where(c => table.Columns[c].DropOrder > 0).OrderByDescending(c => table.Columns[c].DropOrder).FirstOrDefault(-1) is var drop and >= 0)
        {
            shown.Remove(drop);
        }

        Table grid = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(table.Title));
        foreach (int c in shown)
        {
            ReportColumn column = table.Columns[c];
            TableColumn spectre = new(Markup.Escape(column.Header));
            if (column.Kind == ColumnKind.Text)
            {
                spectre.NoWrap = false;
            }
            else
            {
                spectre.NoWrap = true;
                spectre.RightAligned();
            }

            grid.AddColumn(spectre);
        }

        foreach (string[] row in cells)
        {
            grid.AddRow(shown.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(row[c]) { Overflow = table.Columns[c].Kind == ColumnKind.Text ? Overflow.Fold : null }).ToArray());
        }

        if (shown.Count < columns.Length)
        {
            grid.Caption($"narrow terminal: {string.Join(", ", columns.Where(c => !shown.Contains(c)).Select(c => table.Columns[c].Header))} not shown");
        }

        return grid;
    }

    /// <summary>
    /// A bar per row, scaled to the largest cost, labelled with the row's keys (shortened to leave the bar at least half
    /// the width) and its cost as the terminal shows money (never cut).
    /// </summary>
    internal static BarChart Bars(ReportTable table, int width)
    {
        int money = table.Columns.ToList().FindIndex(c => c.Kind == ColumnKind.Money);
        int[] keys = [.. Enumerable.Range(0, table.Columns.Count).Where(c => table.Columns[c].Kind == ColumnKind.Text)];
        string[] costs = [.. table.Rows.Select(row => CellText.Terminal(row[money], ColumnKind.Money))];
        int costWidth = costs.DefaultIfEmpty("").Max(c => c.Length);
        // Spectre gives labels at most about half the width (it wraps longer ones): the keys take what the cost leaves.
        int keyWidth = Math.Max(MinimumChartKey, width / 2 - ChartLabelMargin - costWidth - 1);
        BarChart chart = new BarChart().Width(width).Label($"[bold]{Markup.Escape(table.Title)}: {Markup.Escape(table.Columns[money].Header.ToLowerInvariant())}[/]").HideValues();
        for (int i = 0; i < table.Rows.Count; i++)
        {
            string key = string.Join(" / ", keys.Select(c => CellText.Terminal(table.Rows[i][c], ColumnKind.Text)));
            // Labels are right-aligned: the costs line up next to their bars.
            string label = (key.Length > keyWidth ? key[..(keyWidth - 1)] + "…" : key) + " " + costs[i].PadLeft(costWidth);
            // Spectre charts take doubles: the bar length is a picture; the exact amount is its label.
            chart.AddItem(Markup.Escape(label), (double)(table.Rows[i][money] as decimal? ?? 0m), Color.SteelBlue);
        }

        return chart;
    }

    /// <summary>One block character per row, scaled to the largest cost, then the total and the peak.</summary>
    private static string Sparkline(ReportTable table)
    {
        int money = table.Columns.ToList().FindIndex(c => c.Kind == ColumnKind.Money);
        decimal[] values = [.. table.Rows.Select(row => row[money] as decimal? ?? 0m)];
        decimal max = values.DefaultIfEmpty(0m).Max();
        string bars = new([.. values.Select(v => max <= 0 ? Blocks[0] : Blocks[(int)Math.Round(v / max * (Blocks.Length - 1))])]);
        return $"{bars}  total {CellText.Usd(values.Sum())}, peak {CellText.Usd(max)}";
    }
}
