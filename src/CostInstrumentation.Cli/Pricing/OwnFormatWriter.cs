using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CostInstrumentation.Cli.Pricing;

/// <summary>
/// Writes prices in the project's own format (docs/pricing-formats.md §1): USD per 1M tokens, grouped by provider, with
/// limits, deprecation, aliases, long-context tiers, tier tables and service tiers. Per-token rates are multiplied by
/// 1,000,000 exactly (decimal), so reading the file back gives the same rates.
/// </summary>
internal static class OwnFormatWriter
{
    public static void Write(Stream output, IEnumerable<ModelPriceDefinition> models, string asOf, string source)
    {
        using Utf8JsonWriter json = new(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("format", "costinstrumentation-pricing/1");
        json.WriteString("as_of", asOf);
        json.WriteString("source", source);
        json.WriteStartObject("providers");
        foreach (IGrouping<string, ModelPriceDefinition> provider in models
            .GroupBy(m => string.IsNullOrEmpty(m.Provider) ? "unknown" : m.Provider, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(provider.Key);
            foreach (ModelPriceDefinition model in provider.OrderBy(m => m.Model, StringComparer.Ordinal))
            {
                WriteModel(json, model);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, ModelPriceDefinition model)
    {
        json.WriteStartObject(model.Model);
        WriteRates(json, model.Rates);
        Count(json, "context_window", model.MaxInputTokens);
        Count(json, "max_output", model.MaxOutputTokens);
        if (model.Mode is { Length: > 0 } mode && mode != "chat")
        {
            json.WriteString("mode", mode);
        }

        if (model.DeprecationDate is { } deprecated)
        {
            json.WriteString("deprecated", deprecated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (model.Successor is { Length: > 0 } successor)
        {
            json.WriteString("successor", successor);
        }

        if (model.Aliases.Count > 0)
        {
            json.WriteStartArray("aliases");
            foreach (string alias in model.Aliases)
            {
                json.WriteStringValue(alias);
            }

            json.WriteEndArray();
        }

        WriteLongContext(json, model.ContextTiers);
        if (model.RangeTiers.Count > 0)
        {
            json.WriteStartArray("tiers");
            foreach (RangeTier tier in model.RangeTiers)
            {
                json.WriteStartObject();
                json.WriteStartArray("range");
                json.WriteNumberValue(tier.Start);
                // An open last tier prices every call above its start, so any end past the start bills the same.
                json.WriteNumberValue(tier.End ?? Math.Max(tier.Start + 1, model.MaxInputTokens ?? 0));
                json.WriteEndArray();
                WriteRates(json, tier.Rates);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        foreach ((string name, ServiceTierRates? service) in new[] { ("batch", model.Batch), ("flex", model.Flex), ("priority", model.Priority) })
        {
            if (service is not null)
            {
                json.WriteStartObject(name);
                WriteRates(json, service.Rates);
                WriteLongContext(json, service.ContextTiers);
                json.WriteEndObject();
            }
        }

        json.WriteEndObject();
    }

    /// <summary>The tiers of a model (long-context, tier table, service tiers) as own-format JSON, to tell whether they changed.</summary>
    public static string TiersText(ModelPriceDefinition model)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            WriteModel(json, model with { Rates = RateCard.None, Aliases = [], MaxInputTokens = null, MaxOutputTokens = null, DeprecationDate = null, Successor = null, Mode = null });
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteLongContext(Utf8JsonWriter json, IReadOnlyList<ContextTier> tiers)
    {
        if (tiers.Count == 0)
        {
            return;
        }

        json.WriteStartArray("long_context");
        foreach (ContextTier tier in tiers)
        {
            json.WriteStartObject();
            json.WriteNumber("above", tier.AboveInputTokens);
            WriteRates(json, tier.Rates);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteRates(Utf8JsonWriter json, RateCard card)
    {
        foreach ((string name, decimal? perToken) in new[] { ("input", card.Input), ("output", card.Output), ("cache_read", card.CacheRead), ("cache_write", card.CacheWrite), ("reasoning", card.Reasoning) })
        {
            if (perToken is { } rate)
            {
                json.WritePropertyName(name);
                json.WriteRawValue(PerMillion.Of(rate).ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static void Count(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } count)
        {
            json.WriteNumber(name, count);
        }
    }
}
