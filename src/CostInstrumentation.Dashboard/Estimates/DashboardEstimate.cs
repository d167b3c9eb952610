using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Estimates;

/// <summary>One estimate scenario: tokens and the cost of one call.</summary>
internal sealed record EstimateScenario(string Scenario, long InputTokens, long OutputTokens, decimal PerCallUsd);

/// <summary>A budget the calls would count against and where the high scenario takes it.</summary>
internal sealed record EstimateImpact(BudgetReportRow Budget, decimal AfterUsd, decimal Used, string Verdict);

/// <summary>
/// What a call (or a batch) will cost before it is made, as the Estimate page and the REST route show it, by the CLI's
/// <c>estimate</c> rules: input tokens given or counted from the prompt (<see cref="LlmCostDashboardOptions.CountPromptTokens"/>,
/// by default the report layer's <see cref="PromptTokens"/>), output from this database's history of the model (median and
/// 95th percentile) else the model's max output, the cost band (<see cref="CallEstimate.Scenarios"/>), and what the high
/// end does to every budget the calls would count against (<see cref="CallEstimate.Impact"/>).
/// </summary>
internal sealed record DashboardEstimate(ModelPrice Price, long Calls, string InputMethod, string OutputSource, IReadOnlyList<EstimateScenario> Scenarios, IReadOnlyList<EstimateImpact> Budgets)
{
    /// <summary>Estimates <paramref name="request"/>; a missing or bad field is a <see cref="ReportArgumentException"/> saying which.</summary>
    public static DashboardEstimate Compute(DashboardContext context, CostReports reports, ApiEstimateRequest request)
    {
        string name = request.Model is { Length: > 0 } given ? given : throw new ReportArgumentException("model is required.");
        long calls = request.Calls ?? 1;
        if (calls <= 0 || request.OutputTokens is <= 0 || request.InputTokens is < 0)
        {
            throw new ReportArgumentException("calls and outputTokens must be positive, inputTokens not negative.");
        }

        ModelPrice price = context.PriceLookup()(name) ?? throw new ReportArgumentException($"'{name}' is not priced by the catalogue this dashboard serves.");
        (long inputLow, long inputHigh, string inputMethod) = Input(context, request, price);
        OutputTokenHistory? history = request.OutputTokens is null ? reports.OutputTokens(new ReportFilter { Model = name, Operation = request.Operation }) : null;
        long? maximum = request.OutputTokens ?? price.Definition.MaxOutputTokens;
        (long typical, long high, string source) = request.OutputTokens is { } output ? (output, output, "given")
            : history is { } known ? (known.Median, known.Percentile95, $"median and 95th percentile of {known.Calls} successful {name} call(s) in the database")
            : maximum is { } max ? (max, max, "no history: the model's max output (worst case)")
            : throw new ReportArgumentException($"No recorded {name} calls to learn output lengths from, and no max output known: give outputTokens.");

        List<EstimateScenario> scenarios = [.. CallEstimate.Scenarios(inputLow, inputHigh, typical, high, maximum)
            .Select(s => new EstimateScenario(s.Scenario, s.Input, s.Output, price.Cost(new LlmUsage(s.Input, s.Output))))];
        decimal highPerCall = scenarios.Single(s => s.Scenario == "high").PerCallUsd;
        List<EstimateImpact> budgets = [.. reports.BudgetsCovering(context.Now, price.Provider ?? "", name, request.Project, request.Operation, []).Select(budget =>
        {
            (decimal after, decimal used, string verdict) = CallEstimate.Impact(budget, highPerCall * calls, highPerCall);
            return new EstimateImpact(budget, after, used, verdict);
        })];
        return new DashboardEstimate(price, calls, inputMethod, source, scenarios, budgets);
    }

    private static (long Low, long High, string Method) Input(DashboardContext context, ApiEstimateRequest request, ModelPrice price)
    {
        if (request.InputTokens is { } tokens)
        {
            return request.Prompt is null ? (tokens, tokens, "given") : throw new ReportArgumentException("Give the input one way: prompt or inputTokens.");
        }

        return request.Prompt is { Length: > 0 } prompt
            ? context.Options.CountPromptTokens(prompt, price)
            : throw new ReportArgumentException("Give the input: prompt (text) or inputTokens.");
    }
}
