using CostInstrumentation.Contract;
using System.Collections.Generic;
using System.Linq;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Json;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>Reads LiteLLM's <c>model_prices_and_context_window.json</c> (USD per token, one entry per model id).</summary>
internal static class LiteLlmReader
{
    private static readonly string[] Suggestions = LiteLlmFields.Known.Concat(LiteLlmFields.RateFields).ToArray();

    public static string Read(JsonNode root, ParseContext context, List<PriceEntry> entries, out JsonNode? asOfNode)
    {
        asOfNode = null;
        string asOf = string.Empty;
        Dictionary<string, JsonProperty> seen = new(System.StringComparer.Ordinal);
        foreach (JsonProperty property in root.Properties)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (seen.TryGetValue(property.Name, out JsonProperty? first))
            {
                context.Report(DiagnosticIds.DuplicateModel, property, $"Model '{property.Name}' is priced twice in this file (first at offset {first.NameStart}); remove one — JSON readers would silently keep the last");
                continue;
            }

            seen.Add(property.Name, property);
            if (LiteLlmFields.DocumentationKeys.Contains(property.Name))
            {
                if (property.Name == "last_updated" && property.Value.Kind == JsonKind.String && property.Value.Text!.Length >= 10)
                {
                    asOf = property.Value.Text.Substring(0, 10);
                    asOfNode = property.Value;
                }

                continue;
            }

            if (property.Value.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticIds.InvalidEntry, property, $"Entry '{property.Name}' is {property.Value.Describe()}, not an object of prices; it is skipped");
                continue;
            }

            if (context.CheckModelId(property.Name, property.NameStart, property.NameLength, "Model id")
                && ReadEntry(property, context) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return asOf;
    }

    private static PriceEntry? ReadEntry(JsonProperty model, ParseContext context)
    {
        EntryBuilder entry = new(model.Name);
        HashSet<string> fields = new(System.StringComparer.Ordinal);
        List<(TableScope Scope, decimal Rate)> cacheHits = new();
        long? maxTokens = null;
        JsonProperty? tiers = null;
        foreach (JsonProperty field in model.Value.Properties)
        {
            if (!fields.Add(field.Name))
            {
                context.Report(DiagnosticIds.DuplicateModel, field, $"Field '{field.Name}' appears twice in '{model.Name}'");
                continue;
            }

            if (LiteLlmFields.TryParseRate(field.Name, out TableRateField rate, out long? above, out string? service, out bool isCacheHit))
            {
                if (context.TryReadPrice(field, model.Name, 1m, out decimal perToken))
                {
                    TableScope serviceScope = service is null ? TableScope.Standard : EntryBuilder.ServiceScope(service);
                    TableScope scope = above is { } tokens ? TableScope.Above(serviceScope.Service, tokens) : serviceScope;
                    if (isCacheHit)
                    {
                        cacheHits.Add((scope, perToken));
                    }
                    else
                    {
                        entry.SetRate(scope, rate, perToken);
                    }
                }

                continue;
            }

            switch (field.Name)
            {
                case "litellm_provider":
                    entry.Provider = context.ReadString(field, model.Name) ?? string.Empty;
                    break;
                case "mode":
                    entry.Mode = context.ReadString(field, model.Name) ?? string.Empty;
                    break;
                case "max_input_tokens":
                    entry.MaxInputTokens = context.ReadTokenCount(field, model.Name);
                    break;
                case "max_output_tokens":
                    entry.MaxOutputTokens = context.ReadTokenCount(field, model.Name);
                    break;
                case "max_tokens":
                    maxTokens = context.ReadTokenCount(field, model.Name);
                    break;
                case "deprecation_date":
                    entry.DeprecationDate = context.ReadDate(field, model.Name) ?? string.Empty;
                    break;
                case "tiered_pricing":
                    tiers = field;
                    break;
                default:
                    if (!LiteLlmFields.Known.Contains(field.Name))
                    {
                        context.Report(DiagnosticIds.UnknownField, field, $"Unknown field '{field.Name}' in '{model.Name}'{NearestNames.Suggestion(NearestNames.Find(field.Name, Suggestions))}");
                    }

                    break;
            }
        }

        // 'input_cost_per_token_cache_hit' is an older spelling of the cache-read rate.
        foreach ((TableScope scope, decimal perToken) in cacheHits)
        {
            if (!entry.HasRate(scope, TableRateField.CacheRead))
            {
                entry.SetRate(scope, TableRateField.CacheRead, perToken);
            }
        }

        entry.MaxOutputTokens ??= maxTokens;
        if (tiers is not null)
        {
            TierTableReader.Read(tiers, entry, context, 1m, TierRateField, name => name is "input_cost_per_query" or "max_results_range", Suggestions);
        }

        return PriceEntryChecks.Finish(entry, model, tiers, context);
    }

    private static TableRateField? TierRateField(string name) =>
        LiteLlmFields.TryParseRate(name, out TableRateField rate, out long? above, out string? service, out _) && above is null && service is null ? rate : null;
}
