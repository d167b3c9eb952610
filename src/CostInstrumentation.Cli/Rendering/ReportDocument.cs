using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Rendering;

/// <summary>
/// What a command prints, before it is rendered as a terminal table, JSON, CSV or Markdown: the header facts (zone,
/// period, filters, pricing versions) and one or more tables. Every format is rendered from this one model.
/// </summary>
internal sealed class ReportDocument(string command, string title)
{
    /// <summary>The command that made it (<c>summary</c>, <c>report</c>, …): the JSON envelope's <c>command</c>.</summary>
    public string Command { get; } = command;

    /// <summary>A heading for the terminal and Markdown.</summary>
    public string Title { get; } = title;

    /// <summary>The period the numbers cover, when the command has one.</summary>
    public ReportPeriod? Period { get; init; }

    /// <summary>The zone local times are shown in.</summary>
    public TimeZoneInfo? Zone { get; init; }

    /// <summary>The filters given on the command line.</summary>
    public ReportFilter? Filter { get; init; }

    /// <summary>The pricing versions of the calls counted.</summary>
    public IReadOnlyList<string> PricingVersions { get; init; } = [];

    /// <summary>Other header lines (label, value), e.g. that budgets run on UTC periods.</summary>
    public List<(string Label, string Value)> Facts { get; } = [];

    /// <summary>The tables, in order; the first is the one CSV prints.</summary>
    public List<ReportTable> Tables { get; } = [];

    /// <summary>Footnotes for the terminal and Markdown (JSON carries them as <c>notes</c>).</summary>
    public List<string> Notes { get; } = [];
}

/// <summary>One table of a document: its id (the JSON property), title, columns and rows of cell values.</summary>
internal sealed record ReportTable(string Id, string Title, IReadOnlyList<ReportColumn> Columns)
{
    /// <summary>The rows: one value per column (string, long, decimal money or fraction, DateTimeOffset, or null).</summary>
    public List<object?[]> Rows { get; } = [];

    /// <summary>How the terminal shows it; every other format prints the rows.</summary>
    public TableStyle Style { get; init; } = TableStyle.Grid;

    /// <summary>Whether the terminal also draws a bar per row of its first money column under the grid (<c>report --chart</c>).</summary>
    public bool Chart { get; set; }

    /// <summary>Adds a row; there must be one value per column.</summary>
    public ReportTable Add(params object?[] values)
    {
        if (values.Length != Columns.Count)
        {
            throw new ArgumentException($"Table {Id} has {Columns.Count} columns; the row has {values.Length} values.", nameof(values));
        }

        Rows.Add(values);
        return this;
    }
}

/// <summary>How the terminal renders a table.</summary>
internal enum TableStyle
{
    /// <summary>A bordered grid.</summary>
    Grid,

    /// <summary>A one-line sparkline of the table's first money column (the rows are a time series).</summary>
    Sparkline,
}

/// <summary>What a column holds: it decides the JSON type, the terminal format and the alignment.</summary>
internal enum ColumnKind
{
    /// <summary>Text; "" is shown as "(none)".</summary>
    Text,

    /// <summary>A whole number (calls).</summary>
    Count,

    /// <summary>A token count (abbreviated in the terminal: 12.3K).</summary>
    Tokens,

    /// <summary>USD as an exact decimal (JSON: <c>idUsd</c> string and <c>idNanoUsd</c> integer).</summary>
    Money,

    /// <summary>A decimal quantity such as days (JSON: a decimal string).</summary>
    Number,

    /// <summary>A fraction (0.825 shown as 82.5 %; JSON: a decimal string).</summary>
    Fraction,

    /// <summary>A date or instant (JSON: ISO 8601 text).</summary>
    Time,
}

/// <summary>
/// A column: <paramref name="Id"/> names it in JSON and CSV; <paramref name="DropOrder"/> says which columns go first when
/// the terminal is too narrow (highest first; 0 never goes), so numbers are never cut. <paramref name="OmitWhenZero"/>:
/// the terminal leaves the column out, unmentioned, when every row has 0 in it (a count that is rarely anything else).
/// </summary>
internal sealed record ReportColumn(string Id, string Header, ColumnKind Kind, int DropOrder = 0, bool OmitWhenZero = false);
