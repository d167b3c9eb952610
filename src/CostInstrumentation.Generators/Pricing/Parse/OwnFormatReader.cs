using CostInstrumentation.Contract;
using System.Collections.Generic;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Json;
using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>Reads the project's own format: USD per 1M tokens, grouped by provider (docs/pricing-formats.md).</summary>
internal static class OwnFormatReader
{
    private const decimal PerMillion = 1_000_000m;

    private static readonly string[] TopLevelFields = { "format", "as_of", "source", "notes", "providers" };
    private static readonly string[] RateFields = { "input", "output", "cache_read", "cache_write", "reasoning" };
    private static readonly string[] ModelFields =
    {
        "input", "output", "cache_read", "cache_write", "reasoning", "context_window", "max_output", "mode", "deprecated",
        "successor", "aliases", "long_context", "tiers", "batch", "flex", "priority", "notes",
    };

    private static readonly string[] ServiceFields = { "input", "output", "cache_read", "cache_write", "reasoning", "long_context" };
    private static readonly string[] LongContextFields = { "above", "input", "output", "cache_read", "cache_write", "reasoning" };

    public static string Read(JsonNode root, ParseContext context, List<PriceEntry> entries, out JsonNode? asOfNode)
    {
        asOfNode = null;
        string asOf = string.Empty;
        foreach (JsonProperty property in root.Properties)
        {
            switch (property.Name)
            {
                case "as_of":
                    asOf = context.ReadDate(property, "the file") ?? string.Empty;
                    asOfNode = asOf.Length > 0 ? property.Value : null;
                    break;
                case "providers":
                    ReadProviders(property.Value, context, entries);
                    break;
                case "format" or "source" or "notes":
                    break;
                default:
                    ReportUnknown(context, property, "the file", TopLevelFields);
                    break;
            }
        }

        return asOf;
    }

    private static void ReadProviders(JsonNode providers, ParseContext context, List<PriceEntry> entries)
    {
        Dictionary<string, JsonProperty> ids = new(System.StringComparer.Ordinal);
        foreach (JsonProperty provider in providers.Properties)
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
                if (!context.CheckModelId(model.Name, model.NameStart, model.NameLength, "Model id")
                    || !Claim(ids, model.Name, model, context, "Model"))
                {
                    continue;
                }

                if (model.Value.Kind != JsonKind.Object)
                {
                    context.Report(DiagnosticIds.InvalidEntry, model, $"Model '{model.Name}' is {model.Value.Describe()}, not an object of prices; it is skipped");
                    continue;
                }

                if (ReadModel(providerName, model, context, ids) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }
    }

    private static PriceEntry? ReadModel(string provider, JsonProperty model, ParseContext context, Dictionary<string, JsonProperty> ids)
    {
        EntryBuilder entry = new(model.Name) { Provider = provider, Mode = "chat" };
        JsonProperty? tiers = null;
        foreach (JsonProperty field in UniqueFields(model, context))
        {
            switch (field.Name)
            {
                case "input" or "output" or "cache_read" or "cache_write" or "reasoning":
                    ReadRate(field, entry, TableScope.Standard, context);
                    break;
                case "context_window":
                    entry.MaxInputTokens = context.ReadTokenCount(field, model.Name);
                    break;
                case "max_output":
                    entry.MaxOutputTokens = context.ReadTokenCount(field, model.Name);
                    break;
                case "mode":
                    entry.Mode = context.ReadString(field, model.Name) ?? entry.Mode;
                    break;
                case "deprecated":
                    entry.DeprecationDate = context.ReadDate(field, model.Name) ?? string.Empty;
                    break;
                case "successor":
                    entry.Successor = context.ReadString(field, model.Name) ?? string.Empty;
                    break;
                case "aliases":
                    ReadAliases(field, entry, context, ids);
                    break;
                case "long_context":
                    ReadLongContext(field, entry, TableScope.Standard, context);
                    break;
                case "tiers":
                    tiers = field;
                    TierTableReader.Read(field, entry, context, PerMillion, OwnRateField, _ => false, RateFields);
                    break;
                case "batch" or "flex" or "priority":
                    ReadServiceTier(field, entry, context);
                    break;
                case "notes":
                    break;
                default:
                    ReportUnknown(context, field, model.Name, ModelFields);
                    break;
            }
        }

        return PriceEntryChecks.Finish(entry, model, tiers, context);
    }

    private static void ReadServiceTier(JsonProperty service, EntryBuilder entry, ParseContext context)
    {
        if (service.Value.Kind != JsonKind.Object)
        {
            context.Report(DiagnosticIds.InvalidEntry, service.Value, $"'{service.Name}' of '{entry.Model}' should be an object of rates, but it is {service.Value.Describe()}; it is ignored");
            return;
        }

        TableScope scope = EntryBuilder.ServiceScope(service.Name);
        foreach (JsonProperty field in UniqueFields(service, context))
        {
            if (field.Name == "long_context")
            {
                ReadLongContext(field, entry, scope, context);
            }
            else if (OwnRateField(field.Name) is not null)
            {
                ReadRate(field, entry, scope, context);
            }
            else
            {
                ReportUnknown(context, field, entry.Model + "." + service.Name, ServiceFields);
            }
        }
    }

    private static void ReadLongContext(JsonProperty property, EntryBuilder entry, TableScope service, ParseContext context)
    {
        if (property.Value.Kind != JsonKind.Array)
        {
            context.Report(DiagnosticIds.InconsistentTiers, property.Value, $"'long_context' of '{entry.Model}' must be a list of {{ \"above\": tokens, rates… }}, but it is {property.Value.Describe()}");
            return;
        }

        HashSet<long> thresholds = new();
        foreach (JsonNode tier in property.Value.Items)
        {
            JsonProperty? above = tier.Kind == JsonKind.Object ? tier.Properties.Find(p => p.Name == "above") : null;
            long? tokens = above is null ? null : context.ReadTokenCount(above, entry.Model);
            if (tokens is not { } threshold || threshold <= 0)
            {
                context.Report(DiagnosticIds.InconsistentTiers, tier, $"A long-context tier of '{entry.Model}' needs \"above\": a positive number of input tokens");
                continue;
            }

            if (!thresholds.Add(threshold))
            {
                context.Report(DiagnosticIds.InconsistentTiers, above!.Value, $"'{entry.Model}' has two long-context tiers above {threshold} tokens");
                continue;
            }

            int rates = 0;
            TableScope scope = TableScope.Above(service.Service, threshold);
            foreach (JsonProperty field in UniqueFields(tier, context))
            {
                if (field.Name == "above")
                {
                    continue;
                }

                if (OwnRateField(field.Name) is not null)
                {
                    rates += ReadRate(field, entry, scope, context) ? 1 : 0;
                }
                else
                {
                    ReportUnknown(context, field, entry.Model + " long_context", LongContextFields);
                }
            }

            if (rates == 0)
            {
                context.Report(DiagnosticIds.InconsistentTiers, tier, $"The long-context tier of '{entry.Model}' above {threshold} tokens names no rate");
            }
        }
    }

    private static void ReadAliases(JsonProperty property, EntryBuilder entry, ParseContext context, Dictionary<string, JsonProperty> ids)
    {
        if (property.Value.Kind != JsonKind.Array)
        {
            context.Report(DiagnosticIds.InvalidEntry, property.Value, $"'aliases' of '{entry.Model}' should be a list of model ids; it is ignored");
            return;
        }

        foreach (JsonNode alias in property.Value.Items)
        {
            if (alias.Kind != JsonKind.String)
            {
                context.Report(DiagnosticIds.InvalidEntry, alias, $"An alias of '{entry.Model}' should be a string, but it is {alias.Describe()}; it is ignored");
                continue;
            }

            JsonProperty located = new(alias.Text!, alias.Start, alias.Length, alias);
            if (context.CheckModelId(alias.Text!, alias.Start, alias.Length, "Alias") && Claim(ids, alias.Text!, located, context, "Alias"))
            {
                entry.Aliases.Add(alias.Text!);
            }
        }
    }

    private static bool ReadRate(JsonProperty field, EntryBuilder entry, TableScope scope, ParseContext context)
    {
        if (!context.TryReadPrice(field, entry.Model, PerMillion, out decimal perToken))
        {
            return false;
        }

        entry.SetRate(scope, OwnRateField(field.Name)!.Value, perToken);
        return true;
    }

    private static TableRateField? OwnRateField(string name) => name switch
    {
        "input" => TableRateField.Input,
        "output" => TableRateField.Output,
        "cache_read" => TableRateField.CacheRead,
        "cache_write" => TableRateField.CacheWrite,
        "reasoning" => TableRateField.Reasoning,
        _ => null,
    };

    /// <summary>An id (model or alias) may appear once per file.</summary>
    private static bool Claim(Dictionary<string, JsonProperty> ids, string id, JsonProperty where, ParseContext context, string what)
    {
        if (ids.TryGetValue(id, out JsonProperty? first))
        {
            context.Report(DiagnosticIds.DuplicateModel, where.NameStart, where.NameLength, $"{what} '{id}' is priced twice in this file (first at offset {first.NameStart}); each id may appear once, as a model or an alias");
            return false;
        }

        ids.Add(id, where);
        return true;
    }

    private static IEnumerable<JsonProperty> UniqueFields(JsonProperty owner, ParseContext context) => UniqueFields(owner.Value, context);

    private static IEnumerable<JsonProperty> UniqueFields(JsonNode node, ParseContext context)
    {
        HashSet<string> seen = new(System.StringComparer.Ordinal);
        foreach (JsonProperty field in node.Properties)
        {
            if (seen.Add(field.Name))
            {
                yield return field;
            }
            else
            {
                context.Report(DiagnosticIds.DuplicateModel, field, $"Field '{field.Name}' appears twice in the same object");
            }
        }
    }

    private static void ReportUnknown(ParseContext context, JsonProperty field, string owner, IReadOnlyList<string> known) =>
        context.Report(DiagnosticIds.UnknownField, field, $"Unknown field '{field.Name}' in '{owner}'{NearestNames.Suggestion(NearestNames.Find(field.Name, known))}");
}
