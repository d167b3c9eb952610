using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>
/// Budgets: list and status (with projection), read with an ETag, create, update with <c>If-Match</c>, enable/disable, delete. Budgets run
/// on UTC periods. A budget declared in code or options is read-only here: changing it answers 409 with where it is declared.
/// </summary>
internal static class BudgetHandlers
{
    private const string Source = "REST API";

    public static IResult List(DashboardContext context, string kind)
    {
        using CostReports reports = context.OpenReports();
        IReadOnlyList<ApiBudget> budgets = [.. reports.Budgets(context.Now).Select(ApiBudget.Of)];
        return TypedResults.Ok(Envelope.Of(context, kind, budgets, zone: TimeZoneInfo.Utc));
    }

    public static IResult Read(DashboardContext context, HttpResponse response, long id)
    {
        using CostReports reports = context.OpenReports();
        BudgetReportRow budget = Find(reports, context, id);
        response.Headers.ETag = ETag(budget);
        return TypedResults.Ok(Envelope.Of(context, "budget", ApiBudget.Of(budget), zone: TimeZoneInfo.Utc));
    }

    public static async Task<IResult> Create(DashboardContext context, HttpRequest request)
    {
        LlmBudget budget = Budget(await ApiArguments.BodyAsync<ApiBudgetRequest>(request));
        using CostReports reports = context.OpenReports();
        if (reports.Budgets(context.Now).FirstOrDefault(b => !b.Declared && b.Status.Scope == BudgetText.Scope(budget)
            && b.Status.ScopeValue == budget.ScopeValue && b.Status.Period == BudgetText.Period(budget)) is { } existing)
        {
            throw new ReportConflictException($"Budget {existing.Status.Id} already has this scope and period; update it with PUT instead.");
        }

        (long id, _) = reports.SetBudget(budget);
        BudgetReportRow created = Find(reports, context, id);
        request.HttpContext.Response.Headers.ETag = ETag(created);
        return TypedResults.Created($"{request.PathBase}{request.Path}/{id.ToString(CultureInfo.InvariantCulture)}", Envelope.Of(context, "budget", ApiBudget.Of(created), zone: TimeZoneInfo.Utc));
    }

    public static async Task<IResult> Update(DashboardContext context, HttpRequest request, long id)
    {
        using CostReports reports = context.OpenReports();
        BudgetReportRow current = Find(reports, context, id);
        if (Precondition(request, current, required: true) is { } refused)
        {
            return refused;
        }

        reports.UpdateBudget(id, Budget(await ApiArguments.BodyAsync<ApiBudgetRequest>(request)));
        BudgetReportRow updated = Find(reports, context, id);
        request.HttpContext.Response.Headers.ETag = ETag(updated);
        return TypedResults.Ok(Envelope.Of(context, "budget", ApiBudget.Of(updated), zone: TimeZoneInfo.Utc));
    }

    public static IResult Delete(DashboardContext context, HttpRequest request, long id)
    {
        using CostReports reports = context.OpenReports();
        if (Precondition(request, Find(reports, context, id), required: false) is { } refused)
        {
            return refused;
        }

        reports.RemoveBudget(id);
        return TypedResults.NoContent();
    }

    /// <summary>Turns an entered budget on or off (idempotent); a running app follows within its budget refresh interval.</summary>
    public static IResult Enable(DashboardContext context, HttpRequest request, long id, bool enabled)
    {
        using CostReports reports = context.OpenReports();
        if (Precondition(request, Find(reports, context, id), required: false) is { } refused)
        {
            return refused;
        }

        reports.EnableBudget(id, enabled);
        BudgetReportRow changed = Find(reports, context, id);
        request.HttpContext.Response.Headers.ETag = ETag(changed);
        return TypedResults.Ok(Envelope.Of(context, "budget", ApiBudget.Of(changed), zone: TimeZoneInfo.Utc));
    }

    /// <summary>A strong ETag over every setting of the row (not its spend, which moves with every call).</summary>
    internal static string ETag(BudgetReportRow budget)
    {
        string settings = string.Join('\u001f', budget.Status.Id, budget.Status.Scope, budget.Status.ScopeValue, budget.Status.Period,
            Envelope.Nano(budget.Status.LimitUsd), budget.Status.HardLimit, budget.Fallback, string.Join(',', budget.WarnAt), budget.Status.Source, budget.Declared, budget.Enabled);
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings)))[..16] + "\"";
    }

    private static BudgetReportRow Find(CostReports reports, DashboardContext context, long id) =>
        reports.Budgets(context.Now).FirstOrDefault(b => b.Status.Id == id)
            ?? throw new ReportNotFoundException($"There is no budget with id {id}.");

    /// <summary>428 when a required <c>If-Match</c> is missing, 412 when it names another version; null when the write may go ahead.</summary>
    private static IResult? Precondition(HttpRequest request, BudgetReportRow current, bool required)
    {
        string ifMatch = request.Headers[HeaderNames.IfMatch].ToString();
        if (ifMatch.Length == 0)
        {
            return required
                ? ApiProblems.Problem(StatusCodes.Status428PreconditionRequired, "If-Match required", "Send the budget's ETag (from GET) in If-Match, so a change made meanwhile is not overwritten.")
                : null;
        }

        string etag = ETag(current);
        return ifMatch.Trim() == "*" || ifMatch.Split(',').Select(t => t.Trim()).Contains(etag, StringComparer.Ordinal)
            ? null
            : ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, "Budget changed",
                $"The budget was changed since that ETag was read (it is now {etag}): read it again and reapply the change.");
    }

    /// <summary>The request as a budget the runtime would enforce; every refusal names the field.</summary>
    private static LlmBudget Budget(ApiBudgetRequest request)
    {
        BudgetScope scope = BudgetText.ParseScope(request.Scope ?? "global");
        BudgetPeriod period = request.Period is { } text ? BudgetText.ParsePeriod(text) : throw new ReportArgumentException("period is required: per_call, day, week, month or year.");
        if (!decimal.TryParse(request.LimitUsd, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal limit))
        {
            throw new ReportArgumentException($"limitUsd '{request.LimitUsd}' is not an amount in USD such as \"25.00\".");
        }

        if (limit <= 0)
        {
            throw new ReportArgumentException($"limitUsd {request.LimitUsd} must be greater than zero.");
        }

        decimal[] warnAt = [.. (request.WarnAt ?? []).Select(f => decimal.TryParse(f, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal v) && v > 0 && v < 1
            ? v
            : throw new ReportArgumentException($"warnAt '{f}' is not a fraction between 0 and 1, such as \"0.8\"."))];
        if (request.Fallback is not null && !request.HardLimit)
        {
            throw new ReportArgumentException("fallback applies to a hard limit: set hardLimit to true.");
        }

        try
        {
            LlmBudget budget = new(scope, scope == BudgetScope.Global ? null : request.ScopeValue, period, limit)
            {
                HardLimit = request.HardLimit,
                Fallback = request.Fallback,
                Source = Source,
            };
            return warnAt.Length > 0 ? budget with { WarnAt = [.. warnAt.Order()] } : budget;
        }
        catch (ArgumentException exception)
        {
            throw new ReportArgumentException(exception.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
