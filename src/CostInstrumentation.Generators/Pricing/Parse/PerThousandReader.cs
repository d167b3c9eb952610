using CostInstrumentation.Contract;
using System.Collections.Generic;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Json;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>Reads the simple per-1K form: <c>{ provider: { model: { input_cost_per_1k, output_cost_per_1k, … } } }</c>.</summary>
internal static class PerThousandReader
{
    private const decimal PerThousand = 1_000m;

    private static readonly string[] Fields =
    {
        "input_cost_per_1k", "output_cost_per_1k", "cache_read_cost_per_1k", "cache_write_cost_per_1k", "reasoning_cost_per_1k",
        "context_window", "max_output_tokens",
    };

    public static void Read(JsonNode root, ParseContext context, List<PriceEntry> entries)
    {
        HashSet<string> ids = new(System.StringComparer.Ordinal);
        foreach (JsonProperty provider in root.Properties)
        {
            // A malformed provider name is dropped, not its models: they stay priced, without a provider.
            string providerName = context.CheckProviderName(provider.Name, provider.NameStart, provider.NameLength) ? provider.Name : string.Empty;
            if (provider.Value.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticIds.InvalidEntry, provider, $"Provider '{provider.Name}' is {provider.Value.Describe()}, not an object of models; it is skipped");
                continue;
            }

            foreach (JsonProperty model in provider.Value.Properties)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!context.CheckModelId(model.Name, model.NameStart, model.NameLength, "Model id"))
                {
                    continue;
                }

                if (!ids.Add(model.Name))
                {
                    context.Report(DiagnosticIds.DuplicateModel, model, $"Model '{model.Name}' is priced twice in this file; remove one");
                    continue;
                }

                if (model.Value.Kind != JsonKind.Object)
                {
                    context.Report(DiagnosticIds.InvalidEntry, model, $"Model '{model.Name}' is {model.Value.Describe()}, not an object of prices; it is skipped");
                    continue;
                }

                if (ReadModel(providerName, model, context) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }
    }

    private static PriceEntry? ReadModel(string provider, JsonProperty model, ParseContext context)
    {
        EntryBuilder entry = new(model.Name) { Provider = provider, Mode = "chat" };
        HashSet<string> seen = new(System.StringComparer.Ordinal);
        foreach (JsonProperty field in model.Value.Properties)
        {
            if (!seen.Add(field.Name))
            {
                context.Report(DiagnosticIds.DuplicateModel, field, $"Field '{field.Name}' appears twice in '{model.Name}'");
                continue;
            }

            TableRateField? rate = field.Name switch
            {
                "input_cost_per_1k" => TableRateField.Input,
                "output_cost_per_1k" => TableRateField.Output,
                "cache_read_cost_per_1k" => TableRateField.CacheRead,
                "cache_write_cost_per_1k" => TableRateField.CacheWrite,
                "reasoning_cost_per_1k" => TableRateField.Reasoning,
                _ => null,
            };
            if (rate is not null)
            {
                if (context.TryReadPrice(field, model.Name, PerThousand, out decimal perToken))
                {
                    entry.SetRate(TableScope.Standard, rate.Value, perToken);
                }
            }
            else if (field.Name == "context_window")
            {
                entry.MaxInputTokens = context.ReadTokenCount(field, model.Name);
            }
            else if (field.Name == "max_output_tokens")
            {
                entry.MaxOutputTokens = context.ReadTokenCount(field, model.Name);
            }
            else
            {
                context.Report(DiagnosticIds.UnknownField, field, $"Unknown field '{field.Name}' in '{model.Name}'{NearestNames.Suggestion(NearestNames.Find(field.Name, Fields))}");
            }
        }

        return PriceEntryChecks.Finish(entry, model, null, context);
    }
}
