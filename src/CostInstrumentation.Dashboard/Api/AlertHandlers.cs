using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    /// <summary>Sends a test through the named channel ("log" writes an ILogger warning); 404 for an unknown one, 502 when it fails.</summary>
    public static async Task<IResult> TestChannel(DashboardContext context, HttpContext http, string name)
    {
        if (name.Equals("log", StringComparison.OrdinalIgnoreCase))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CostInstrumentation.Dashboard.Alerts")
                .LogWarning("Test alert from the LLM cost dashboard: this is what a budget alert looks like in the log.");
            return TypedResults.Ok(Envelope.Of(context, "channel-test", new ApiChannelTest("log", true, "A warning was written to the application's log.")));
        }

        if (!context.Options.AlertChannels.TryGetValue(name, out Func<CancellationToken, Task>? send))
        {
            throw new ReportNotFoundException($"There is no alert channel '{name}': the channels are {string.Join(", ", context.Options.AlertChannels.Keys.Prepend("log"))}.");
        }

        try
        {
            await send(http.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ApiProblems.Problem(StatusCodes.Status502BadGateway, "Channel failed", $"The test through '{name}' failed: {exception.Message}");
        }

        return TypedResults.Ok(Envelope.Of(context, "channel-test", new ApiChannelTest(name, true, "The test alert was handed to the channel.")));
    }
}
