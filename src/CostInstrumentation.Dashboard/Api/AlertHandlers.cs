using CostInstrumentation.Dashboard.Alerts;
using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>Budget alerts: list with filters, acknowledge (idempotent: the first acknowledgement's time stays), test a channel.</summary>
internal static class AlertHandlers
{
    public static IResult List(DashboardContext context, string? acknowledged, string? budgetId, string? since, string? threshold)
    {
        bool? acked = acknowledged switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => throw new ReportArgumentException($"acknowledged '{acknowledged}' is not true or false."),
        };
        long? budget = budgetId is null ? null
            : long.TryParse(budgetId, System.Globalization.CultureInfo.InvariantCulture, out long id) ? id
            : throw new ReportArgumentException($"budgetId '{budgetId}' is not a budget id.");
        DateTimeOffset? from = since is null ? null
            : DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset instant) ? instant
            : throw new ReportArgumentException($"since '{since}' is not an instant such as 2026-11-05T14:00:00Z.");
        using CostReports reports = context.OpenReports();
        IReadOnlyList<ApiAlert> alerts = [.. reports.Alerts(includeAcknowledged: acked != false)
            .Where(a => acked is null || (a.AcknowledgedUtc is not null) == acked)
            .Where(a => budget is null || a.BudgetId == budget)
            .Where(a => from is null || a.RaisedUtc >= from)
            .Where(a => threshold is null || a.Threshold == threshold)
            .Select(ApiAlert.Of)];
        return TypedResults.Ok(Envelope.Of(context, "alerts", alerts, zone: TimeZoneInfo.Utc));
    }

    public static IResult Acknowledge(DashboardContext context, long id)
    {
        using CostReports reports = context.OpenReports();
        reports.AcknowledgeAlert(id);
        BudgetAlertRow alert = reports.Alerts(includeAcknowledged: true).First(a => a.Id == id);
        return TypedResults.Ok(Envelope.Of(context, "alert", ApiAlert.Of(alert), zone: TimeZoneInfo.Utc));
    }

    /// <summary>
    /// Sends a test alert through every channel (<paramref name="name"/> null) or the one named: 200 with each result when
    /// every one delivered it, 502 naming the ones that failed, 404 when there is no such channel (or none at all).
    /// </summary>
    public static async Task<IResult> Test(DashboardContext context, IServiceProvider services, string? name, CancellationToken cancellationToken)
    {
        DashboardAlertChannels channels = new(context, services);
        IReadOnlyList<LlmAlertTestResult> results = await channels.SendTestAsync(name, cancellationToken);
        if (results.Count == 0)
        {
            throw new ReportNotFoundException(channels.Names.Count == 0 ? DashboardAlertChannels.NoneConfigured
                : $"There is no alert channel '{name}': the channels are {string.Join(", ", channels.Names)}.");
        }

        return results.All(r => r.Delivered)
            ? TypedResults.Ok(Envelope.Of(context, "channel-test", results.Select(r => new ApiChannelTest(r.Channel, r.Delivered, r.Detail)).ToList()))
            : ApiProblems.Problem(StatusCodes.Status502BadGateway, "Channel failed", string.Join(" ", results.Select(r => $"{r.Channel}: {r.Detail}")));
    }
}
