using System.CommandLine;
using System.IO;
using System.Text.Json;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost alerts [list] [--unacked]</c> and <c>llmcost alerts ack ID</c>: the budget alerts the runtime raised;
/// <c>llmcost alerts test</c>: a test alert through the webhook an application is configured with.
/// </summary>
internal static class AlertCommands
{
    private static readonly Option<bool> Unacknowledged = new("--unacked") { Description = "Only alerts not yet acknowledged." };

    private static readonly Argument<long> Id = new("ID") { Description = "The alert's id (llmcost alerts list)." };

    /// <summary>Shared with <c>serve</c>, whose Alerts page tests the same webhook.</summary>
    internal static readonly Option<string?> Webhook = new("--webhook")
    {
        Description = $"The webhook URL; else the {WebhookVariable} variable, else CostInstrumentation:Webhook:Url in ./appsettings.json (as AddLlmCostTracking reads it).",
        HelpName = "URL",
    };

    /// <summary>The environment variable .NET configuration maps to <c>CostInstrumentation:Webhook:Url</c>.</summary>
    private const string WebhookVariable = "CostInstrumentation__Webhook__Url";

    /// <summary>How long the test waits for the webhook's answer (one attempt, as a real alert's first).</summary>
    private static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);

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
        Command test = new("test", "Send a test budget alert through the webhook (the same payload and sender as a real alert).");
        test.Add(Webhook);
        Invocation.Bind(test, environment, Test);
        alerts.Add(test);
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

    private static int Test(Invocation invocation)
    {
        (Uri url, string from) = FindWebhook(invocation)
            ?? throw new ReportArgumentException($"No webhook to test: give --webhook URL, set {WebhookVariable}, or run where appsettings.json has CostInstrumentation:Webhook:Url.");
        if (AlertChannels.TestWebhookAsync(url, invocation.Now, WebhookTimeout).GetAwaiter().GetResult() is { } failure)
        {
            invocation.Environment.Error.WriteLine($"llmcost: {failure}");
            return ExitCodes.Failure;
        }

        invocation.Environment.Out.WriteLine($"Sent a test warning alert to {url} ({from}): it answered with a success status.");
        return ExitCodes.Ok;
    }

    /// <summary>Sends the test alert to <paramref name="url"/>; throws with the reason when it was not delivered (the dashboard's channel test).</summary>
    internal static async Task SendTestAlertAsync(Uri url, Invocation invocation, CancellationToken cancellationToken)
    {
        if (await AlertChannels.TestWebhookAsync(url, invocation.Now, WebhookTimeout, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            throw new InvalidOperationException(failure);
        }
    }

    /// <summary>The webhook URL and where it was found: --webhook, the environment, or ./appsettings.json; null when none is.</summary>
    internal static (Uri Url, string From)? FindWebhook(Invocation invocation)
    {
        string settings = Path.Combine(invocation.Environment.CurrentDirectory, "appsettings.json");
        (string? text, string from) = invocation.Parse.GetValue(Webhook) is { Length: > 0 } given ? (given, "--webhook")
            : invocation.Environment.Variable(WebhookVariable) is { Length: > 0 } variable ? (variable, WebhookVariable)
            : (File.Exists(settings) ? SettingsWebhook(settings) : null, "CostInstrumentation:Webhook:Url in " + settings);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? (url, from)
            : throw new ReportArgumentException($"The webhook '{text}' ({from}) is not an absolute http or https URL.");
    }

    /// <summary>CostInstrumentation:Webhook:Url of a settings file (keys compared ignoring case, as configuration does).</summary>
    private static string? SettingsWebhook(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement? node = document.RootElement;
            foreach (string key in (string[])["CostInstrumentation", "Webhook", "Url"])
            {
                node = node is { ValueKind: JsonValueKind.Object } parent
                    ? parent.EnumerateObject().Where(p => p.Name.Equals(key, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).LastOrDefault()
                    : null;
            }

            return node is { ValueKind: JsonValueKind.String } url ? url.GetString() : null;
        }
        catch (JsonException exception)
        {
            throw new ReportArgumentException($"{path} is not valid JSON ({exception.Message.Split(". ", 2)[0]}).");
        }
    }

    private static DateTimeOffset Local(DateTimeOffset utc, Invocation invocation) => TimeZoneInfo.ConvertTime(utc, invocation.Zone);

    private static object ParseThreshold(string text) =>
        decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out decimal fraction) ? fraction : text;
}
