using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>
/// Server-Sent Events: <c>call</c> for each call recorded after the stream opened (its id is the call's cursor, so a
/// reconnecting browser's <c>Last-Event-ID</c> resumes where it stopped) and <c>alert</c> for each new budget alert. The
/// database is polled at <see cref="LlmCostDashboardOptions.LivePollInterval"/>: the recorder may be another process.
/// </summary>
internal static class EventHandlers
{
    private const int MostCallsPerPoll = 500;

    public static IResult Events(DashboardContext context, ReportQuery query, HttpRequest request)
    {
        ReportFilter filter = query.Filter();
        CallCursor? cursor;
        long lastAlert;
        // Opened here, before the stream starts, so a missing database is still a ProblemDetails.
        using (CostReports reports = context.OpenReports())
        {
            cursor = request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } resume ? CallCursor.Parse(resume)
                : reports.CallPage(ReportPeriod.All(TimeZoneInfo.Utc), filter, null, 1) is [var newest] ? CallCursor.Of(newest)
                : null;
            lastAlert = reports.Alerts(includeAcknowledged: true).Select(a => a.Id).DefaultIfEmpty(0).Max();
        }

        return TypedResults.ServerSentEvents(Stream(context, filter, cursor, lastAlert, request.HttpContext.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<object>> Stream(DashboardContext context, ReportFilter filter, CallCursor? cursor, long lastAlert,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        yield return new SseItem<object>(new { cursor = cursor?.Token }, "ready");
        while (true)
        {
            await Task.Delay(context.Options.LivePollInterval, context.Options.Clock, cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellation.IsCancellationRequested)
            {
                yield break;
            }

            List<SseItem<object>> events = [];
            using (CostReports reports = context.OpenReports())
            {
                foreach (object?[] row in reports.CallsAfter(cursor, filter, MostCallsPerPoll))
                {
                    cursor = CallCursor.Of(row);
                    events.Add(new SseItem<object>(ReportHandlers.Call(row), "call") { EventId = cursor.Value.Token });
                }

                foreach (BudgetAlertRow alert in reports.Alerts(includeAcknowledged: true).Where(a => a.Id > lastAlert).OrderBy(a => a.Id))
                {
                    lastAlert = alert.Id;
                    events.Add(new SseItem<object>(ApiAlert.Of(alert), "alert"));
                }
            }

            foreach (SseItem<object> item in events)
            {
                yield return item;
            }
        }
    }
}
