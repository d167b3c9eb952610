using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Single calls, one row each; an unknown cost reads "unpriced", never $0.</summary>
internal static class CallsTable
{
    public static Markup Write(PageRequest request, IEnumerable<LatestCall> calls, string caption)
    {
        Html html = new();
        html.Add($"""<table><caption>{caption}</caption><thead><tr><th>Time</th><th>Model</th><th>Operation</th><th>Outcome</th><th class="num">Input tok.</th><th class="num">Output tok.</th><th class="num">Cost</th></tr></thead><tbody>""");
        foreach (LatestCall call in calls)
        {
            html.Add($"""<tr><td>{PageText.Time(call.TimestampUtc, request.Zone)}</td><td>{call.Model}</td><td>{call.Operation}</td><td>{call.Outcome}</td><td class="num">{PageText.Count(call.InputTokens)}</td><td class="num">{PageText.Count(call.OutputTokens)}</td>""");
            if (call.CostUsd is { } usd)
            {
                html.Add($"""<td class="num">{PageText.Usd(usd)}</td></tr>""");
            }
            else
            {
                html.Add($"""<td class="num warn">unpriced</td></tr>""");
            }
        }

        html.Add($"</tbody></table>");
        return html.ToMarkup();
    }
}
