using CostInstrumentation.Cli.Rendering;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// The columns every table of totals has, after its key columns: calls, cost, unpriced calls (never folded into the
/// cost as $0), calls whose cost is a lower bound (a stream that ended before reporting its usage), failed calls and
/// tokens. The terminal shows the lower-bound count only when it is not 0 everywhere, and drops it first on a narrow
/// terminal, then the token columns.
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

        // Last, so CSV columns keep their positions for scripts written before it.
        new("lowerBound", "Lower bound", ColumnKind.Count, DropOrder: 8, OmitWhenZero: true),
    ];

    public static ReportTable Create(string id, string title, params ReportColumn[] keys) => new(id, title, [.. keys, .. Totals]);

    /// <summary>Adds a row: the key values, then the totals.</summary>
    public static void Add(ReportTable table, CostTotals totals, params object?[] keys) =>
        table.Add([.. keys, totals.Calls, totals.CostUsd, totals.UnpricedCalls, totals.FailedCalls, totals.InputTokens, totals.CachedInputTokens, totals.OutputTokens, totals.LowerBoundCalls]);

    /// <summary>Notes for the footer when some calls could not be priced, or were priced only as a lower bound.</summary>
    public static void NoteIncompleteCosts(Rendering.ReportDocument document, CostTotals totals)
    {
        if (totals.UnpricedCalls > 0)
        {
            document.Notes.Add($"{totals.UnpricedCalls:N0} call(s) could not be priced (unknown model or usage): they are counted under Unpriced, not in Cost.");
        }

        if (totals.LowerBoundCalls > 0)
        {
            document.Notes.Add($"{totals.LowerBoundCalls:N0} call(s) cost at least what is counted (a stream ended before reporting its usage): the cost is a lower bound.");
        }
    }
}
