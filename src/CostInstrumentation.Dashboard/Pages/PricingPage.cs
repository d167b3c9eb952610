using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Pricing: the compiled catalogue (USD per 1M tokens, tiers, aliases) and the models this database saw that nothing prices.</summary>
internal static class PricingPage
{
    private const decimal Million = 1_000_000m;

    public static string Render(PageRequest request, CostReports reports)
    {
        string? search = request.Get("q");
        Html body = new();
        List<ReportRow> unpriced = [.. reports.Breakdown(ReportPeriod.All(request.Zone), ReportDimension.Model).Where(r => r.Totals.UnpricedCalls > 0)];
        body.Add($"""<section class="card wide"><h2>Unpriced models seen</h2><p class="muted">Calls to these models have no cost: they are counted apart, never as $0. Add them to a pricing file.</p>""");
        body.Add($"{TotalsTable.Write(unpriced, ["Model"], r => TotalsTable.LinkCell(request.Link("/explore", ("model", r.Key), ("by", "day")), r.Key), r => r.Totals, "Models with unpriced calls (all time)")}</section>");

        List<ModelPrice> prices = [.. request.Dashboard.Prices
            .Where(p => search is null || p.Model.Contains(search, StringComparison.OrdinalIgnoreCase) || (p.Provider ?? "").Contains(search, StringComparison.OrdinalIgnoreCase)
                || p.Definition.Aliases.Any(a => a.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => p.Provider, StringComparer.Ordinal).ThenBy(p => p.Model, StringComparer.Ordinal)];
        body.Add($"""<section class="card wide"><h2>Catalogue</h2><form method="get" action="{request.Base}/pricing"><label>Model, provider or alias <input name="q" value="{search}"></label><button type="submit">Search</button></form>""");
        body.Add($"""<table><caption>{PageText.Count(prices.Count)} priced models (USD per 1M tokens; pricing {LlmPricing.Version})</caption><thead><tr><th>Model</th><th>Provider</th><th class="num">Input</th><th class="num">Cached input</th><th class="num">Cache write</th><th class="num">Output</th><th class="num">Reasoning</th><th class="num">Context</th><th class="num">Max output</th><th>Deprecated</th><th>Aliases and tiers</th></tr></thead><tbody>""");
        foreach (ModelPrice price in prices)
        {
            ModelPriceDefinition definition = price.Definition;
            TokenRates rates = price.BaseRates;
            string context = definition.MaxInputTokens is { } input ? PageText.Count(input) : "—";
            string maxOutput = definition.MaxOutputTokens is { } output ? PageText.Count(output) : "—";
            string deprecated = definition.DeprecationDate is { } date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (definition.Successor is { } next ? " → " + next : "") : "";
            body.Add($"""<tr><td><code>{price.Model}</code></td><td>{price.Provider}</td><td class="num">{PerMillion(rates.Input)}</td><td class="num">{PerMillion(rates.CacheRead)}</td><td class="num">{PerMillion(rates.CacheWrite)}</td><td class="num">{PerMillion(rates.Output)}</td><td class="num">{PerMillion(rates.Reasoning)}</td><td class="num">{context}</td><td class="num">{maxOutput}</td><td>{deprecated}</td><td>{Details(definition)}</td></tr>""");
        }

        body.Add($"</tbody></table></section>");
        return PageLayout.Render(request, "Pricing", body.ToMarkup(), filters: false);
    }

    private static string PerMillion(decimal perToken) => PageText.Usd(perToken * Million);

    private static string PerMillion(decimal? perToken) => perToken is { } rate ? PerMillion(rate) : "—";

    /// <summary>Aliases, long-context tiers, range tiers and service tiers, folded away in a <c>details</c> element.</summary>
    private static Markup Details(ModelPriceDefinition definition)
    {
        Html html = new();
        int count = definition.Aliases.Count + definition.ContextTiers.Count + definition.RangeTiers.Count
            + new[] { definition.Batch, definition.Flex, definition.Priority }.Count(t => t is not null);
        if (count == 0)
        {
            return html.ToMarkup();
        }

        html.Add($"<details><summary>{count}</summary><ul>");
        foreach (string alias in definition.Aliases)
        {
            html.Add($"<li>alias <code>{alias}</code></li>");
        }

        foreach (ContextTier tier in definition.ContextTiers)
        {
            html.Add($"<li>above {PageText.Count(tier.AboveInputTokens)} input tokens: {Rates(tier.Rates)}</li>");
        }

        foreach (RangeTier tier in definition.RangeTiers)
        {
            string end = tier.End is { } last ? PageText.Count(last) : "∞";
            html.Add($"<li>{PageText.Count(tier.Start)}–{end} input tokens: {Rates(tier.Rates)}</li>");
        }

        foreach ((string name, ServiceTierRates? tier) in new[] { ("batch", definition.Batch), ("flex", definition.Flex), ("priority", definition.Priority) })
        {
            if (tier is not null)
            {
                html.Add($"<li>{name}: {Rates(tier.Rates)}</li>");
            }
        }

        html.Add($"</ul></details>");
        return html.ToMarkup();
    }

    private static string Rates(RateCard rates) =>
        string.Join(", ", new[] { ("input", rates.Input), ("cached", rates.CacheRead), ("cache write", rates.CacheWrite), ("output", rates.Output), ("reasoning", rates.Reasoning) }
            .Where(r => r.Item2 is not null).Select(r => $"{r.Item1} {PerMillion(r.Item2)}"));
}
