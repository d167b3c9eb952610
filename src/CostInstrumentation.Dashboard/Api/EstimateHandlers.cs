using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Dashboard.Estimates;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>POST /estimate: <see cref="DashboardEstimate"/> as JSON, money as exact decimal strings.</summary>
internal static class EstimateHandlers
{
    public static async Task<IResult> Estimate(DashboardContext context, HttpRequest request)
    {
        ApiEstimateRequest body = await ApiArguments.BodyAsync<ApiEstimateRequest>(request);
        using CostReports reports = context.OpenReports();
        DashboardEstimate estimate = DashboardEstimate.Compute(context, reports, body);
        long calls = estimate.Calls;
        IReadOnlyList<ApiEstimateScenario> scenarios = [.. estimate.Scenarios.Select(s =>
            new ApiEstimateScenario(s.Scenario, s.InputTokens, s.OutputTokens, Envelope.Usd(s.PerCallUsd), Envelope.Nano(s.PerCallUsd), Envelope.Usd(s.PerCallUsd * calls), Envelope.Nano(s.PerCallUsd * calls)))];
        IReadOnlyList<ApiBudgetImpact> budgets = [.. estimate.Budgets.Select(i => new ApiBudgetImpact(i.Budget.Status.Id, i.Budget.Subject, i.Budget.Status.Period,
            CostReports.IsPerCall(i.Budget) ? null : Envelope.Usd(i.Budget.Status.SpentUsd), Envelope.Usd(i.Budget.Status.LimitUsd), Envelope.Usd(i.AfterUsd), Envelope.Number(i.Used)!, i.Verdict))];
        return TypedResults.Ok(Envelope.Of(context, "estimate", new ApiEstimate(estimate.Price.Model, estimate.Price.Provider, calls, estimate.InputMethod, estimate.OutputSource, scenarios, budgets), zone: TimeZoneInfo.Utc));
    }
}
