using CostInstrumentation.Dashboard.Alerts;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Alerts: the history of budget thresholds crossed, newest first, and acknowledging the open ones.</summary>
internal static class AlertsPage
{
    public static string Render(PageRequest request, CostReports reports) => Render(request, reports, tested: null);

    /// <summary>The page, with the results of a test alert just sent (<paramref name="tested"/>) above the channels.</summary>
    public static string Render(PageRequest request, CostReports reports, IReadOnlyList<LlmAlertTestResult>? tested)
    {
        bool open = request.Get("show") == "open";
        IReadOnlyList<BudgetAlertRow> alerts = reports.Alerts(includeAcknowledged: !open);
        Html body = new();
        string allCurrent = open ? "false" : "page";
        string openCurrent = open ? "page" : "false";
        body.Add($"""<p class="tabs"><a href="{request.Link("/alerts", ("show", null))}" aria-current="{allCurrent}">All</a> <a href="{request.Link("/alerts", ("show", "open"))}" aria-current="{openCurrent}">Open</a></p>""");
        body.Add($"""<section class="card wide">{Table(request, alerts, forms: !request.Dashboard.Options.ReadOnly)}</section>""");
        body.Add($"{Channels(request, tested)}");
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

    /// <summary>The channels a test alert can go through, a form that sends one (not in read-only mode), and the last test's results.</summary>
    private static Markup Channels(PageRequest request, IReadOnlyList<LlmAlertTestResult>? tested)
    {
        IReadOnlyList<string> names = new DashboardAlertChannels(request.Dashboard, request.HttpContext.RequestServices).Names;
        Html html = new();
        html.Add($"""<section class="card wide" id="channels"><h2>Alert channels</h2>""");
        if (tested is not null)
        {
            html.Add($"""<table class="channel-tests"><caption>Test alert sent</caption><thead><tr><th>Channel</th><th>Result</th><th>Detail</th></tr></thead><tbody>""");
            foreach (LlmAlertTestResult result in tested)
            {
                string outcome = result.Delivered ? "delivered" : "failed";
                html.Add($"""<tr class="{outcome}"><td>{result.Channel}</td><td>{outcome}</td><td>{result.Detail}</td></tr>""");
            }

            if (tested.Count == 0)
            {
                html.Add($"""<tr><td colspan="3" class="empty">No channel took the test alert.</td></tr>""");
            }

            html.Add($"</tbody></table>");
        }

        if (names.Count == 0)
        {
            html.Add($"""<p class="muted" role="status">{DashboardAlertChannels.NoneConfigured}</p></section>""");
            return html.ToMarkup();
        }

        html.Add($"""<p>Budget alerts go out through: {string.Join(", ", names)}. A test alert is a warning of a budget that does not exist, sent once through each channel with the payload a real alert has.</p>""");
        if (!request.Dashboard.Options.ReadOnly)
        {
            html.Add($"""<form method="post" action="{request.Base}/alerts/test" class="inline">{PageForms.Token(request)}<label>Channel <select name="channel"><option value="">every channel</option>""");
            foreach (string name in names)
            {
                html.Add($"""<option value="{name}">{name}</option>""");
            }

            html.Add($"""</select></label> <button type="submit">Send a test alert</button></form>""");
        }

        html.Add($"</section>");
        return html.ToMarkup();
    }

    /// <summary>POST /alerts/acknowledge: marks the alert acknowledged (again is harmless); back to the alerts.</summary>
    public static string Acknowledge(IFormCollection form, CostReports reports)
    {
        reports.AcknowledgeAlert(PageForms.Id(form));
        return "/alerts";
    }
}
