using System.CommandLine;
using CostInstrumentation.Cli.Rendering;

namespace CostInstrumentation.Cli.Commands;

/// <summary><c>llmcost alerts [list] [--unacked]</c> and <c>llmcost alerts ack ID</c>: the budget alerts the runtime raised.</summary>
internal static class AlertCommands
{
    private static readonly Option<bool> Unacknowledged = new("--unacked") { Description = "Only alerts not yet acknowledged." };

    private static readonly Argument<long> Id = new("ID") { Description = "The alert's id (llmcost alerts list)." };

    public static Command Create(CliEnvironment environment)
    {
        Command alerts = new Command("alerts", "Budget alerts, newest first (list), and acknowledging them (ack).").WithOutput();
        alerts.Add(Unacknowledged);
        Invocation.Bind(alerts, environment, List);
        Command list = new Command("list", "Budget alerts, newest first.").WithOutput();
        list.Add(Unacknowledged);
        Invocation.Bind(list, environment, List);
        alerts.Add(list);
        Command ack = new("ack", "Acknowledge an alert.");
        ack.Add(CommonOptions.Database);
        ack.Add(Id);
        Invocation.Bind(ack, environment, invocation =>
        {
            long id = invocation.Parse.GetValue(Id);
            using Reports.CostReports reports = invocation.OpenReports();
            reports.AcknowledgeAlert(id);
            invocation.Environment.Out.WriteLine($"Acknowledged alert {id}.");
            return ExitCodes.Ok;
        });
        alerts.Add(ack);
        return alerts;
    }

    private static int List(Invocation invocation)
    {
        bool unacknowledged = invocation.Parse.GetValue(Unacknowledged);
        using Reports.CostReports reports = invocation.OpenReports();
        ReportDocument document = new("alerts", unacknowledged ? "Budget alerts not yet acknowledged" : "Budget alerts") { Zone = invocation.Zone };
        ReportTable table = new("alerts", "Alerts", [
            new ReportColumn("id", "Id", ColumnKind.Count),
            new ReportColumn("raised", "Raised", ColumnKind.Time),
            new ReportColumn("threshold", "At", ColumnKind.Fraction),
            new ReportColumn("budget", "Budget", ColumnKind.Text),
            new ReportColumn("period", "Period", ColumnKind.Text, DropOrder: 3),
            new ReportColumn("periodStart", "Period start", ColumnKind.Time, DropOrder: 4),
            new ReportColumn("spent", "Spent", ColumnKind.Money),
            new ReportColumn("acknowledged", "Acknowledged", ColumnKind.Time, DropOrder: 2),
        ]);
        foreach (BudgetAlertRow alert in reports.Alerts(includeAcknowledged: !unacknowledged))
        {
            table.Add(alert.Id, Local(alert.RaisedUtc, invocation), ParseThreshold(alert.Threshold),
                alert.ScopeValue is null ? (alert.Scope.Length > 0 ? alert.Scope : "(removed budget " + alert.BudgetId + ")") : $"{alert.Scope}={alert.ScopeValue}",
                alert.Period, alert.PeriodStartUtc, alert.SpentUsd, alert.AcknowledgedUtc is { } acked ? Local(acked, invocation) : null);
        }

        document.Tables.Add(table);
        document.Facts.Add(("Periods", "budgets run on UTC periods (UTC); times are in " + Reports.ReportZone.Name(invocation.Zone)));
        invocation.Render(document);
        return ExitCodes.Ok;
    }

    private static DateTimeOffset Local(DateTimeOffset utc, Invocation invocation) => TimeZoneInfo.ConvertTime(utc, invocation.Zone);

    private static object ParseThreshold(string text) =>
        decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out decimal fraction) ? fraction : text;
}
