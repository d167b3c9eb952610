namespace CostInstrumentation.Dashboard.Api.Models;

/// <summary>
/// What to estimate: the model, and the input as a prompt (counted when the server can count tokens) or as
/// <c>inputTokens</c>; <c>outputTokens</c> (else the history's median and 95th percentile, else the model's max output);
/// how many such calls; the project and operation the budgets are matched on.
/// </summary>
public sealed record ApiEstimateRequest(string? Model, string? Prompt, long? InputTokens, long? OutputTokens, long? Calls, string? Project, string? Operation);

/// <summary>One scenario: tokens, the cost of one call and of all of them.</summary>
public sealed record ApiEstimateScenario(string Scenario, long InputTokens, long OutputTokens, string PerCallUsd, long PerCallNanoUsd, string TotalUsd, long TotalNanoUsd);

/// <summary>A budget the calls would count against and where the high scenario takes it: fits, warning, exceeds or blocked.</summary>
public sealed record ApiBudgetImpact(long BudgetId, string Budget, string Period, string? SpentUsd, string LimitUsd, string AfterUsd, string UsedAfter, string Verdict);

/// <summary>An estimate: how the input was counted, where the output lengths came from, the scenarios (a cost band) and the budget impact.</summary>
public sealed record ApiEstimate(string Model, string? Provider, long Calls, string InputMethod, string OutputSource, IReadOnlyList<ApiEstimateScenario> Scenarios, IReadOnlyList<ApiBudgetImpact> Budgets);
