using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>
/// Estimate (a GET form, so an estimate is a link): a model, input tokens and output tokens (default: the median and 95th
/// percentile of this database's successful calls of the model), how many calls; the cost per call and in all, and the
/// budgets the calls would count against.
/// </summary>
internal static class EstimatePage
{
    public static string Render(PageRequest request, CostReports reports)
    {
        string? model = request.Get("model");
        Html body = new();
        body.Add($"""<form class="card wide" method="get" action="{request.Base}/estimate"><label>Model <input name="model" list="models" required value="{model}"></label><datalist id="models">""");
        foreach (ModelPrice price in request.Dashboard.Prices.OrderBy(p => p.Model, StringComparer.Ordinal))
        {
            body.Add($"""<option value="{price.Model}">""");
        }

        body.Add($"""</datalist><label>Input tokens <input name="input" inputmode="numeric" required value="{request.Get("input")}"></label><label>Output tokens <input name="output" inputmode="numeric" value="{request.Get("output")}" placeholder="from history"></label><label>Calls <input name="calls" inputmode="numeric" value="{request.Get("calls") ?? "1"}"></label><button type="submit">Estimate</button></form>""");
        if (model is not null)
        {
            body.Add($"{Result(request, reports, model)}");
        }

        return PageLayout.Render(request, "Estimate", body.ToMarkup(), filters: false);
    }

    private static Markup Result(PageRequest request, CostReports reports, string model)
    {
        Html html = new();
        ModelPrice? price = request.Dashboard.Prices.FirstOrDefault(p => p.Model == model || p.Definition.Aliases.Contains(model, StringComparer.Ordinal));
        if (price is null || !Count(request, "input", out long input) || !Count(request, "calls", out long calls, whenMissing: "1") || calls <= 0)
        {
            html.Add($"""<p class="problem" role="alert">{(price is null ? $"'{model}' is not in the price catalogue (see Pricing)." : "Input tokens and calls must be whole numbers, calls at least 1.")}</p>""");
            return html.ToMarkup();
        }

        List<(string Scenario, long Output)> scenarios;
        string source;
        if (request.Get("output") is not null)
        {
            if (!Count(request, "output", out long output))
            {
                html.Add($"""<p class="problem" role="alert">Output tokens must be a whole number.</p>""");
                return html.ToMarkup();
            }

            (scenarios, source) = ([("given", output)], "as given");
        }
        else if (reports.OutputTokens(new ReportFilter { Model = price.Model }) is { } history)
        {
            (scenarios, source) = ([("typical", history.Median), ("high", history.Percentile95)], $"median and 95th percentile of {PageText.Count(history.Calls)} successful {price.Model} calls in the database");
        }
        else if (price.Definition.MaxOutputTokens is { } maximum)
        {
            (scenarios, source) = ([("worst case", maximum)], "no history: the model's max output");
        }
        else
        {
            html.Add($"""<p class="problem" role="alert">No recorded {price.Model} calls to learn output lengths from, and no max output known: give output tokens.</p>""");
            return html.ToMarkup();
        }

        html.Add($"""<section class="card wide"><h2>Estimate for {price.Model}</h2><p class="muted">Output tokens: {source}.</p><table><thead><tr><th>Scenario</th><th class="num">Input tok.</th><th class="num">Output tok.</th><th class="num">Per call</th><th class="num">× {PageText.Count(calls)}</th></tr></thead><tbody>""");
        decimal highest = 0m;
        foreach ((string scenario, long output) in scenarios)
        {
            decimal perCall = price.Cost(new LlmUsage(input, output));
            highest = Math.Max(highest, perCall);
            html.Add($"""<tr><td>{scenario}</td><td class="num">{PageText.Count(input)}</td><td class="num">{PageText.Count(output)}</td><td class="num">{PageText.Usd(perCall)}</td><td class="num">{PageText.Usd(perCall * calls)}</td></tr>""");
        }

        html.Add($"""</tbody></table><table><caption>Budgets these calls count against (at the highest estimate)</caption><thead><tr><th>Budget</th><th>Period</th><th class="num">Spent</th><th class="num">Limit</th><th class="num">After</th><th>Verdict</th></tr></thead><tbody>""");
        IReadOnlyList<BudgetReportRow> budgets = reports.BudgetsCovering(request.Now, price.Provider ?? "", price.Model, null, null, []);
        foreach (BudgetReportRow budget in budgets)
        {
            bool perCallBudget = CostReports.IsPerCall(budget);
            decimal after = perCallBudget ? highest : budget.Status.SpentUsd + (highest * calls);
            string verdict = after > budget.Status.LimitUsd ? (budget.Status.HardLimit ? "blocked" : "over the limit") : "fits";
            html.Add($"""<tr><td>#{budget.Status.Id} {budget.Subject}</td><td>{budget.Status.Period}</td><td class="num">{(perCallBudget ? "—" : PageText.Usd(budget.Status.SpentUsd))}</td><td class="num">{PageText.Usd(budget.Status.LimitUsd)}</td><td class="num">{PageText.Usd(after)}</td><td>{verdict}</td></tr>""");
        }

        if (budgets.Count == 0)
        {
            html.Add($"""<tr><td colspan="6" class="empty">No budget covers these calls.</td></tr>""");
        }

        html.Add($"</tbody></table></section>");
        return html.ToMarkup();
    }

    private static bool Count(PageRequest request, string key, out long value, string whenMissing = "") =>
        long.TryParse(request.Get(key) ?? whenMissing, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
