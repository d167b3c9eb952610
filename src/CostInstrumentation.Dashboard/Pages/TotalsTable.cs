using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>The columns every breakdown shows: calls, exact cost, unpriced calls apart, failures, tokens, cost per priced call.</summary>
internal static class TotalsTable
{
    /// <summary>A table with one row per key; <paramref name="keyCells"/> writes the key cell(s) of a row.</summary>
    public static Markup Write<T>(IEnumerable<T> rows, string[] keyHeaders, Func<T, Markup> keyCells, Func<T, CostTotals> totals, string caption)
    {
        Html html = new();
        html.Add($"""<table class="totals"><caption>{caption}</caption><thead><tr>""");
        foreach (string header in keyHeaders)
        {
            html.Add($"<th>{header}</th>");
        }

        html.Add($"""<th class="num">Calls</th><th class="num">Cost</th><th class="num">Unpriced</th><th class="num">Failed</th><th class="num">Input tok.</th><th class="num">Output tok.</th><th class="num">Per priced call</th></tr></thead><tbody>""");
        int count = 0;
        foreach (T row in rows)
        {
            count++;
            CostTotals t = totals(row);
            html.Add($"<tr>{keyCells(row)}");
            Cells(html, t);
            html.Add($"</tr>");
        }

        if (count == 0)
        {
            html.Add($"""<tr><td colspan="{keyHeaders.Length + 7}" class="empty">No calls match.</td></tr>""");
        }

        html.Add($"</tbody></table>");
        return html.ToMarkup();
    }

    /// <summary>The totals cells of one row.</summary>
    public static void Cells(Html html, CostTotals t)
    {
        long priced = t.Calls - t.UnpricedCalls;
        string perCall = priced > 0 ? PageText.Usd(decimal.Round(t.CostUsd / priced, 9)) : "—";
        html.Add($"""<td class="num">{PageText.Count(t.Calls)}</td><td class="num">{Cost(t)}</td><td class="num{(t.UnpricedCalls > 0 ? " warn" : "")}">{PageText.Count(t.UnpricedCalls)}</td><td class="num">{PageText.Count(t.FailedCalls)}</td><td class="num">{PageText.Count(t.InputTokens)}</td><td class="num">{PageText.Count(t.OutputTokens)}</td><td class="num">{perCall}</td>""");
    }

    /// <summary>
    /// The priced cost; "unknown" when no call of the set could be priced (never $0), prefixed by ≥ while some call's cost is
    /// only a lower bound.
    /// </summary>
    public static string Cost(CostTotals t) =>
        t.Calls > 0 && t.UnpricedCalls == t.Calls ? "unknown" : (t.LowerBoundCalls > 0 ? "≥ " : "") + PageText.Usd(t.CostUsd);

    /// <summary>A key cell linking to <paramref name="href"/> ("(none)", which no filter selects, is not a link).</summary>
    public static Markup LinkCell(string href, string key)
    {
        if (key.Length == 0)
        {
            return Cell(PageText.Key(key));
        }

        Html html = new();
        html.Add($"""<td><a href="{href}">{PageText.Key(key)}</a></td>""");
        return html.ToMarkup();
    }

    /// <summary>A plain key cell.</summary>
    public static Markup Cell(string text)
    {
        Html html = new();
        html.Add($"<td>{text}</td>");
        return html.ToMarkup();
    }
}
