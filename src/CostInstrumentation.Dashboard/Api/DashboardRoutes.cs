using CostInstrumentation.Dashboard.Api.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>
/// The REST API's routes under <c>/api/v1</c>, and the seed's <c>/api/cost/*</c> spellings mapped to the same handlers.
/// In read-only mode the write routes are not mapped at all (they answer 404).
/// </summary>
internal static class DashboardRoutes
{
    /// <summary>The versioned API's path under the dashboard's prefix.</summary>
    public const string Api = "/api/v1";

    /// <summary>The seed's paths under the dashboard's prefix.</summary>
    public const string Seed = "/api/cost";

    public static void Map(RouteGroupBuilder dashboard, DashboardContext context)
    {
        RouteGroupBuilder api = dashboard.MapGroup(Api).WithGroupName(ApiReference.DocumentName).AddEndpointFilter<ApiProblems>();
        MapReports(api, context);
        MapBudgets(api, context);
        MapAlerts(api, context);
        api.MapGet("/pricing/models", (string? provider, string? search) => PricingHandlers.Models(context, provider, search))
            .WithSummary("Every priced model: base rates per million tokens, aliases, deprecation.").Produces<ApiEnvelope<IReadOnlyList<ApiModelSummary>>>();
        api.MapGet("/pricing/models/{**model}", (string model) => PricingHandlers.Model(context, model))
            .WithSummary("One model (id or alias) with every rate and tier.").Produces<ApiEnvelope<ApiModelDetail>>().ProducesProblem(StatusCodes.Status404NotFound);
        MapEstimate(api, context);
        api.MapGet("/export", ([AsParameters] ReportQuery query, string? format, string? raw) => ExportHandlers.Export(context, query, format, raw))
            .WithSummary("The selected calls as csv (formula-guarded unless raw=true), jsonl or xlsx, streamed.").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/events", ([AsParameters] ReportQuery query, HttpRequest request) => EventHandlers.Events(context, query, request))
            .WithSummary("Server-Sent Events: call (each new call) and alert (each new budget alert).");
        api.MapGet("/openapi.json", (HttpContext http, CancellationToken cancellation) => ApiReference.Document(http.RequestServices, cancellation)).WithSummary("This API's OpenAPI document.").ExcludeFromDescription();
        api.MapGet("/", (HttpContext http) => ApiReference.Page(context, http)).WithSummary("This page: the API's operations.").ExcludeFromDescription();

        // The seed's routes: the same handlers, left out of the OpenAPI document so each operation is described once.
        RouteGroupBuilder seed = dashboard.MapGroup(Seed).AddEndpointFilter<ApiProblems>().ExcludeFromDescription();
        seed.MapGet("/usage", ([AsParameters] ReportQuery query, string? cursor, string? limit) => ReportHandlers.Usage(context, query, cursor, limit));
        seed.MapGet("/summary", ([AsParameters] ReportQuery query) => ReportHandlers.Summary(context, query));
        seed.MapGet("/efficiency", ([AsParameters] ReportQuery query) => ReportHandlers.Efficiency(context, query));
        seed.MapGet("/top-drivers", ([AsParameters] ReportQuery query, string? top) => ReportHandlers.TopDrivers(context, query, top));
        seed.MapGet("/dashboard", ([AsParameters] ReportQuery query) => ReportHandlers.Overview(context, query));
        MapBudgets(seed, context);
        MapEstimate(seed, context);
        if (!context.Options.ReadOnly)
        {
            seed.MapPost("/alerts/{id:long}/acknowledge", (long id) => AlertHandlers.Acknowledge(context, id));
        }
    }

    private static void MapReports(RouteGroupBuilder api, DashboardContext context)
    {
        api.MapGet("/summary", ([AsParameters] ReportQuery query) => ReportHandlers.Summary(context, query))
            .WithSummary("Totals of the period (default this month) and the same span before it, with today, this week, this month, this year and all time.");
        api.MapGet("/overview", ([AsParameters] ReportQuery query) => ReportHandlers.Overview(context, query))
            .WithSummary("The summary, cost by model, budget health and the alerts not yet acknowledged.");
        api.MapGet("/usage", ([AsParameters] ReportQuery query, string? cursor, string? limit) => ReportHandlers.Usage(context, query, cursor, limit))
            .WithSummary("The calls, newest first, a page at a time (limit, default 100; cursor = the previous page's nextCursor).");
        api.MapGet("/breakdown", ([AsParameters] ReportQuery query, string? by, string? then, string? top, string? sort) => ReportHandlers.Breakdown(context, query, by, then, top, sort))
            .WithSummary("Totals by a dimension (by: model, provider, project, tag, session, operation, call-site, hour, day, week, month), then by another, the top N.")
            .Produces<ApiEnvelope<IReadOnlyList<ApiBreakdownRow>>>();
        api.MapGet("/series", ([AsParameters] ReportQuery query, string? bucket, string? by) => ReportHandlers.Series(context, query, bucket, by))
            .WithSummary("A time series (bucket: hour, day, week, month in tz), optionally split by a dimension.");
        api.MapGet("/top-drivers", ([AsParameters] ReportQuery query, string? top) => ReportHandlers.TopDrivers(context, query, top))
            .WithSummary("The biggest models, projects, sessions, call sites, operations and tags.");
        api.MapGet("/compare", ([AsParameters] ReportQuery query, string? by, string? against) => ReportHandlers.Compare(context, query, by, against))
            .WithSummary("The period against another (against=a period spelling, default the same span before), by a dimension.");
        api.MapGet("/efficiency", ([AsParameters] ReportQuery query) => ReportHandlers.Efficiency(context, query))
            .WithSummary("Per model: cost per call and per 1k output tokens, cache hit rate, caching savings, cost of failed calls.");
        api.MapGet("/anomalies", ([AsParameters] ReportQuery query) => ReportHandlers.Anomalies(context, query))
            .WithSummary("Days, sessions, model-days and call-site-days far above their own baseline.");
    }

    private static void MapBudgets(RouteGroupBuilder api, DashboardContext context)
    {
        api.MapGet("/budgets", () => BudgetHandlers.List(context, "budgets"))
            .WithSummary("Every budget with its spend in the current UTC period.").Produces<ApiEnvelope<IReadOnlyList<ApiBudget>>>();
        api.MapGet("/budgets/status", () => BudgetHandlers.List(context, "budget-status"))
            .WithSummary("Budget status with projection: left, days left, per day, projected, when the limit is reached.").Produces<ApiEnvelope<IReadOnlyList<ApiBudget>>>();
        api.MapGet("/budgets/{id:long}", (long id, HttpResponse response) => BudgetHandlers.Read(context, response, id))
            .WithSummary("One budget, with its ETag.").Produces<ApiEnvelope<ApiBudget>>().ProducesProblem(StatusCodes.Status404NotFound);
        if (context.Options.ReadOnly)
        {
            return;
        }

        api.MapPost("/budgets", (HttpRequest request) => BudgetHandlers.Create(context, request))
            .WithSummary("Create a budget (409 when one with the same scope and period exists).").Accepts<ApiBudgetRequest>("application/json")
            .Produces<ApiEnvelope<ApiBudget>>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/budgets/{id:long}", (long id, HttpRequest request) => BudgetHandlers.Update(context, request, id))
            .WithSummary("Replace a budget's settings; needs If-Match with its ETag (412 when it changed, 409 when declared in code).").Accepts<ApiBudgetRequest>("application/json")
            .Produces<ApiEnvelope<ApiBudget>>().ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/budgets/{id:long}/enable", (long id, HttpRequest request) => BudgetHandlers.Enable(context, request, id, enabled: true))
            .WithSummary("Enforce a budget again (idempotent; If-Match optional).").Produces<ApiEnvelope<ApiBudget>>().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/budgets/{id:long}/disable", (long id, HttpRequest request) => BudgetHandlers.Enable(context, request, id, enabled: false))
            .WithSummary("Stop enforcing a budget without removing it (idempotent; If-Match optional).").Produces<ApiEnvelope<ApiBudget>>().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/budgets/{id:long}", (long id, HttpRequest request) => BudgetHandlers.Delete(context, request, id))
            .WithSummary("Remove a budget and its alerts (If-Match optional; 409 when declared in code).").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static void MapAlerts(RouteGroupBuilder api, DashboardContext context)
    {
        api.MapGet("/alerts", (string? acknowledged, string? budgetId, string? since, string? threshold) => AlertHandlers.List(context, acknowledged, budgetId, since, threshold))
            .WithSummary("Budget alerts, newest first (acknowledged=true|false, budgetId, since, threshold).").Produces<ApiEnvelope<IReadOnlyList<ApiAlert>>>();
        if (context.Options.ReadOnly)
        {
            return;
        }

        api.MapPost("/alerts/{id:long}/acknowledge", (long id) => AlertHandlers.Acknowledge(context, id))
            .WithSummary("Acknowledge an alert (again: no change, the first time is kept).").Produces<ApiEnvelope<ApiAlert>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/alerts/test", (HttpContext http, CancellationToken cancellation) => AlertHandlers.Test(context, http.RequestServices, name: null, cancellation))
            .WithSummary("Send a test alert through every channel (the app's log, webhook and e-mail; the ones the dashboard was given).")
            .Produces<ApiEnvelope<IReadOnlyList<ApiChannelTest>>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapPost("/alerts/channels/{name}/test", (string name, HttpContext http, CancellationToken cancellation) => AlertHandlers.Test(context, http.RequestServices, name, cancellation))
            .WithSummary("Send a test alert through one channel (log, webhook, email, or one the dashboard was given).")
            .Produces<ApiEnvelope<IReadOnlyList<ApiChannelTest>>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
    }

    private static void MapEstimate(RouteGroupBuilder api, DashboardContext context) =>
        api.MapPost("/estimate", (HttpRequest request) => EstimateHandlers.Estimate(context, request))
            .WithSummary("The cost of a call before it is made: tokens, a cost band, the budget impact.").Accepts<ApiEstimateRequest>("application/json")
            .Produces<ApiEnvelope<ApiEstimate>>().ProducesProblem(StatusCodes.Status400BadRequest);
}
