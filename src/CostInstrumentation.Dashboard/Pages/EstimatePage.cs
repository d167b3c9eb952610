using System.Globalization;
using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Dashboard.Estimates;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>
/// Estimate: a model, a prompt (counted by the model's tokenizer, or a band where the provider's is not public) or input
/// tokens, output tokens (default: the median and 95th percentile of this database's successful calls of the model), how
/// many calls and the project; the prompt's tokens, the cost band per call and in all, and the budgets the calls would
/// count against (<see cref="DashboardEstimate"/>, the REST route's and the CLI's rules). The form posts (a prompt is
/// too long for a URL); a link with the same keys as a query (<c>?model=gpt-4o&amp;input=12000</c>) estimates too.
/// </summary>
internal static class EstimatePage
{
    public static string Render(PageRequest request, CostReports reports) => Render(request, reports, request.Get);

    /// <summary>The page with the fields <paramref name="field"/> reads (the query of a link, or the posted form).</summary>
    public static string Render(PageRequest request, CostReports reports, Func<string, string?> field)
    {
        string? model = field("model");
        Html body = new();
        body.Add($"""<form class="card wide estimate-form" method="post" action="{request.Base}/estimate">{PageForms.Token(request)}<label>Model <input name="model" list="models" required value="{model}"></label><datalist id="models">""");
        foreach (ModelPrice price in request.Dashboard.Prices.OrderBy(p => p.Model, StringComparer.Ordinal))
        {
            body.Add($"""<option value="{price.Model}">""");
        }

        body.Add($"""</datalist><label class="prompt">Prompt <textarea name="prompt" rows="5" placeholder="paste the prompt: its tokens are counted">{field("prompt")}</textarea></label>""");
        body.Add($"""<label>or input tokens <input name="input" inputmode="numeric" value="{field("input")}"></label><label>Output tokens <input name="output" inputmode="numeric" value="{field("output")}" placeholder="from history"></label>""");
        body.Add($"""<label>Calls <input name="calls" inputmode="numeric" value="{field("calls") ?? "1"}"></label><label>Project <input name="project" value="{field("project")}" placeholder="for its budgets"></label><button type="submit">Estimate</button></form>""");
        if (model is not null)
        {
            body.Add($"{Result(request, reports, field)}");
        }

        return PageLayout.Render(request, "Estimate", body.ToMarkup(), filters: false);
    }

    /// <summary>POST /estimate: the form's estimate (nothing is written, so the answer is the page itself).</summary>
    public static Func<PageRequest, CostReports, string> Posted(IFormCollection form) =>
        (request, reports) => Render(request, reports, key => PageForms.Text(form, key));

    private static Markup Result(PageRequest request, CostReports reports, Func<string, string?> field)
    {
        Html html = new();
        DashboardEstimate estimate;
        try
        {
            ApiEstimateRequest asked = new(field("model"), field("prompt"), Number(field, "input", "Input tokens"), Number(field, "output", "Output tokens"),
                Number(field, "calls", "Calls"), field("project"), Operation: null);
            estimate = DashboardEstimate.Compute(request.Dashboard, reports, asked);
        }
        catch (ReportArgumentException problem)
        {
            html.Add($"""<p class="problem" role="alert">{problem.Message}</p>""");
            return html.ToMarkup();
        }

        EstimateScenario first = estimate.Scenarios[0];
        string input = first.InputTokens == estimate.Scenarios[1].InputTokens ? PageText.Count(first.InputTokens)
            : $"{PageText.Count(first.InputTokens)}–{PageText.Count(estimate.Scenarios[1].InputTokens)}";
        html.Add($"""<section class="card wide estimate"><h2>Estimate for {estimate.Price.Model}</h2><p class="facts">Input tokens: <strong class="input-tokens">{input}</strong> ({estimate.InputMethod}) · output tokens: {estimate.OutputSource}</p>""");
        html.Add($"""<table class="scenarios"><caption>Cost band</caption><thead><tr><th>Scenario</th><th class="num">Input tok.</th><th class="num">Output tok.</th><th class="num">Per call</th><th class="num">× {PageText.Count(estimate.Calls)}</th></tr></thead><tbody>""");
        foreach (EstimateScenario scenario in estimate.Scenarios)
        {
            html.Add($"""<tr><td>{scenario.Scenario}</td><td class="num">{PageText.Count(scenario.InputTokens)}</td><td class="num">{PageText.Count(scenario.OutputTokens)}</td><td class="num">{PageText.Usd(scenario.PerCallUsd)}</td><td class="num">{PageText.Usd(scenario.PerCallUsd * estimate.Calls)}</td></tr>""");
        }

        html.Add($"""</tbody></table><table class="impact"><caption>Budgets these calls count against (at the high estimate; UTC periods)</caption><thead><tr><th>Budget</th><th>Period</th><th class="num">Spent</th><th class="num">Limit</th><th class="num">After</th><th class="num">Used</th><th>Verdict</th></tr></thead><tbody>""");
        foreach (EstimateImpact impact in estimate.Budgets)
        {
            BudgetStatusRow status = impact.Budget.Status;
            string spent = CostReports.IsPerCall(impact.Budget) ? "—" : PageText.Usd(status.SpentUsd);
            html.Add($"""<tr class="{impact.Verdict}"><td>#{status.Id} {impact.Budget.Subject}</td><td>{status.Period}</td><td class="num">{spent}</td><td class="num">{PageText.Usd(status.LimitUsd)}</td><td class="num">{PageText.Usd(impact.AfterUsd)}</td><td class="num">{PageText.Percent(impact.Used)}</td><td>{impact.Verdict}</td></tr>""");
        }

        if (estimate.Budgets.Count == 0)
        {
            html.Add($"""<tr><td colspan="7" class="empty">No budget covers these calls.</td></tr>""");
        }

        html.Add($"</tbody></table></section>");
        return html.ToMarkup();
    }

    /// <summary>A whole-number field; null when empty.</summary>
    private static long? Number(Func<string, string?> field, string key, string label) =>
        field(key) is not { } text ? null
        : long.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out long value) ? value
        : throw new ReportArgumentException($"{label} '{text}' is not a whole number.");
}
