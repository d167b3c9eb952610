using System.Globalization;
using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>The price catalogue the app compiled (or <c>llmcost serve</c> read): every model, and one model with every rate and tier.</summary>
internal static class PricingHandlers
{
    private const decimal Million = 1_000_000m;

    public static IResult Models(DashboardContext context, string? provider, string? search)
    {
        IReadOnlyList<ApiModelSummary> models = [.. context.Prices
            .Where(p => provider is null || string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase))
            .Where(p => search is null || p.Model.Contains(search, StringComparison.OrdinalIgnoreCase) || p.Definition.Aliases.Any(a => a.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => p.Model, StringComparer.Ordinal)
            .Select(p => new ApiModelSummary(p.Model, p.Provider, p.Definition.Mode, Envelope.Usd(p.Definition.Rates.Input * Million), Envelope.Usd(p.Definition.Rates.Output * Million),
                p.Definition.Aliases, Date(p.Definition.DeprecationDate)))];
        return TypedResults.Ok(Envelope.Of(context, "pricing-models", models));
    }

    public static IResult Model(DashboardContext context, string model)
    {
        ModelPrice price = context.PriceLookup()(model) ?? throw new ReportNotFoundException($"'{model}' is not priced by the catalogue this dashboard serves.");
        ModelPriceDefinition d = price.Definition;
        List<ApiServiceTier> serviceTiers = [];
        foreach ((string name, ServiceTierRates? rates) in new[] { ("batch", d.Batch), ("flex", d.Flex), ("priority", d.Priority) })
        {
            if (rates is not null)
            {
                serviceTiers.Add(new ApiServiceTier(name, ApiRates.Of(rates.Rates), Tiers(rates.ContextTiers)));
            }
        }

        ApiModelDetail detail = new(price.Model, price.Provider, d.Mode, d.Aliases, d.MaxInputTokens, d.MaxOutputTokens, Date(d.DeprecationDate), d.Successor,
            ApiRates.Of(d.Rates), Tiers(d.ContextTiers), [.. d.RangeTiers.Select(t => new ApiRangeTier(t.Start, t.End, ApiRates.Of(t.Rates)))], serviceTiers);
        return TypedResults.Ok(Envelope.Of(context, "pricing-model", detail));
    }

    private static IReadOnlyList<ApiContextTier> Tiers(IReadOnlyList<ContextTier> tiers) => [.. tiers.Select(t => new ApiContextTier(t.AboveInputTokens, ApiRates.Of(t.Rates)))];

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
