using CostInstrumentation.Cli.Rendering;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// The columns every table of totals has, after its key columns: calls, cost, unpriced calls (never folded into the
/// cost as $0), failed calls and tokens — the token columns are the first to go on a narrow terminal.
/// </summary>
internal static class TotalsTable
{
    private static readonly ReportColumn[] Totals =
    [
        new("calls", "Calls", ColumnKind.Count),
        new("cost", "Cost", ColumnKind.Money),
        new("unpriced", "Unpriced", ColumnKind.Count),
        new("failed", "Failed", ColumnKind.Count, DropOrder: 3),
        new("inputTokens", "Input", ColumnKind.Tokens, DropOrder: 5),
        new("cachedInputTokens", "Cached", ColumnKind.Tokens, DropOrder: 6),
        new("outputTokens", "Output", ColumnKind.Tokens, DropOrder: 4),
    ];

    public static ReportTable Create(string id, string title, params ReportColumn[] keys) => new(id, title, [.. keys, .. Totals]);

    /// <summary>Adds a row: the key values, then the totals.</summary>
    public static void Add(ReportTable table, CostTotals totals, params object?[] keys) =>
        table.Add([.. keys, totals.Calls, totals.CostUsd, totals.UnpricedCalls, totals.FailedCalls, totals.InputTokens, totals.CachedInputTokens, totals.OutputTokens]);

    /// <summary>A note for the footer when some calls could not be priced.</summary>
    public static void NoteUnpriced(Rendering.ReportDocument document, CostTotals totals)
    {
        if (totals.UnpricedCalls > 0)
        {
            document.Notes.Add($"{totals.UnpricedCalls:N0} call(s) could not be priced (unknown model or usage): they are counted under Unpriced, not in Cost.");
        }
    }
}
