using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Alerts: the history of budget thresholds crossed, newest first, and acknowledging the open ones.</summary>
internal static class AlertsPage
{
    public static string Render(PageRequest request, CostReports reports)
    {
        bool open = request.Get("show") == "open";
        IReadOnlyList<BudgetAlertRow> alerts = reports.Alerts(includeAcknowledged: !open);
        Html body = new();
        string allCurrent = open ? "false" : "page";
        string openCurrent = open ? "page" : "false";
        body.Add($"""<p class="tabs"><a href="{request.Link("/alerts", ("show", null))}" aria-current="{allCurrent}">All</a> <a href="{request.Link("/alerts", ("show", "open"))}" aria-current="{openCurrent}">Open</a></p>""");
        body.Add($"""<section class="card wide">{Table(request, alerts, forms: !request.Dashboard.Options.ReadOnly)}</section>""");
        return PageLayout.Render(request, "Alerts", body.ToMarkup(), filters: false);
    }

    /// <summary>Alerts with their budget, threshold, spend and state; open ones get an acknowledge button.</summary>
    public static Markup Table(PageRequest request, IEnumerable<BudgetAlertRow> alerts, bool forms)
    {
        Html html = new();
        html.Add($"""<table class="alerts"><caption>Budget alerts (times in UTC)</caption><thead><tr><th>Raised</th><th>Budget</th><th>Period from</th><th>Threshold</th><th class="num">Spent</th><th>State</th></tr></thead><tbody>""");
        int count = 0;
        foreach (BudgetAlertRow alert in alerts)
        {
            count++;
            string subject = alert.ScopeValue is null ? alert.Scope : alert.Scope + "=" + alert.ScopeValue;
            string state = alert.AcknowledgedUtc is null ? "open" : "acknowledged";
            html.Add($"""<tr class="{state}"><td>{PageText.Time(alert.RaisedUtc, TimeZoneInfo.Utc)}</td><td>#{alert.BudgetId} {subject} per {alert.Period}</td><td>{PageText.Time(alert.PeriodStartUtc, TimeZoneInfo.Utc)}</td><td>{alert.Threshold}</td><td class="num">{PageText.Usd(alert.SpentUsd)}</td><td>""");
            if (alert.AcknowledgedUtc is { } acknowledged)
            {
                html.Add($"""acknowledged {PageText.Time(acknowledged, TimeZoneInfo.Utc)}""");
            }
            else if (forms)
            {
                html.Add($"""<form method="post" action="{request.Base}/alerts/acknowledge" class="inline">{PageForms.Token(request)}<input type="hidden" name="id" value="{alert.Id}"><button type="submit">Acknowledge</button></form>""");
            }
            else
            {
                html.Add($"open");
            }

            html.Add($"</td></tr>");
        }

        if (count == 0)
        {
            html.Add($"""<tr><td colspan="6" class="empty">No alerts.</td></tr>""");
        }

        html.Add($"</tbody></table>");
        return html.ToMarkup();
    }

    /// <summary>POST /alerts/acknowledge: marks the alert acknowledged (again is harmless); back to the alerts.</summary>
    public static string Acknowledge(IFormCollection form, CostReports reports)
    {
        reports.AcknowledgeAlert(PageForms.Id(form));
        return "/alerts";
    }
}
