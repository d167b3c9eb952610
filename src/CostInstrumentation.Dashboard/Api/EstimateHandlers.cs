using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>
/// What a call (or a batch) will cost before it is made: input tokens (given, or counted from the prompt when the server
/// can), output from this database's history of the model (median and 95th percentile) else the model's max output, the
/// cost band, and what the high end does to every budget the calls would count against (the CLI's <c>estimate</c>).
/// </summary>
internal static class EstimateHandlers
{
    public static async Task<IResult> Estimate(DashboardContext context, HttpRequest request)
    {
        ApiEstimateRequest body = await ApiArguments.BodyAsync<ApiEstimateRequest>(request);
        string name = body.Model is { Length: > 0 } given ? given : throw new ReportArgumentException("model is required.");
        long calls = body.Calls ?? 1;
        if (calls <= 0 || body.OutputTokens is <= 0 || body.InputTokens is < 0)
        {
            throw new ReportArgumentException("calls and outputTokens must be positive, inputTokens not negative.");
        }

        ModelPrice price = context.PriceLookup()(name) ?? throw new ReportArgumentException($"'{name}' is not priced by the catalogue this dashboard serves.");
        (long inputLow, long inputHigh, string inputMethod) = Input(context, body, price);
        using CostReports reports = context.OpenReports();
        OutputTokenHistory? history = body.OutputTokens is null ? reports.OutputTokens(new ReportFilter { Model = name, Operation = body.Operation }) : null;
        long? maximum = body.OutputTokens ?? price.Definition.MaxOutputTokens;
        (long typical, long high, string source) = body.OutputTokens is { } output ? (output, output, "given")
            : history is { } known ? (known.Median, known.Percentile95, $"median and 95th percentile of {known.Calls} successful {name} call(s) in the database")
            : maximum is { } max ? (max, max, "no history: the model's max output (worst case)")
            : throw new ReportArgumentException($"No recorded {name} calls to learn output lengths from, and no max output known: give outputTokens.");

        List<ApiEstimateScenario> scenarios = [];
        decimal highPerCall = 0m;
        foreach ((string scenario, long input, long outputTokens) in CallEstimate.Scenarios(inputLow, inputHigh, typical, high, maximum))
        {
            decimal perCall = price.Cost(new LlmUsage(input, outputTokens));
            scenarios.Add(new ApiEstimateScenario(scenario, input, outputTokens, Envelope.Usd(perCall), Envelope.Nano(perCall), Envelope.Usd(perCall * calls), Envelope.Nano(perCall * calls)));
            highPerCall = scenario == "high" ? perCall : highPerCall;
        }

        IReadOnlyList<ApiBudgetImpact> budgets = [.. reports.BudgetsCovering(context.Now, price.Provider ?? "", name, body.Project, body.Operation, []).Select(b =>
        {
            (decimal after, decimal used, string verdict) = CallEstimate.Impact(b, highPerCall * calls, highPerCall);
            return new ApiBudgetImpact(b.Status.Id, b.Subject, b.Status.Period, CostReports.IsPerCall(b) ? null : Envelope.Usd(b.Status.SpentUsd),
                Envelope.Usd(b.Status.LimitUsd), Envelope.Usd(after), Envelope.Number(used)!, verdict);
        })];
        return TypedResults.Ok(Envelope.Of(context, "estimate", new ApiEstimate(price.Model, price.Provider, calls, inputMethod, source, scenarios, budgets), zone: TimeZoneInfo.Utc));
    }

    private static (long Low, long High, string Method) Input(DashboardContext context, ApiEstimateRequest body, ModelPrice price)
    {
        if (body.InputTokens is { } tokens)
        {
            return body.Prompt is null ? (tokens, tokens, "given") : throw new ReportArgumentException("Give the input one way: prompt or inputTokens.");
        }

        if (body.Prompt is not { } prompt)
        {
            throw new ReportArgumentException("Give the input: prompt (text) or inputTokens.");
        }

        return context.Options.CountPromptTokens is { } count
            ? count(prompt, price)
            : throw new ReportArgumentException("This server cannot count a prompt's tokens: give inputTokens.");
    }
}
