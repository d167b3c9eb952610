using System;
using System.Collections.Generic;
using System.Threading;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Json;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>Parses one pricing file: detects its format, reads it, and turns every problem into a located diagnostic.</summary>
internal static class PricingFileParser
{
    public static PricingFile Parse(string path, SourceText? text, bool isDefault, CancellationToken cancellationToken)
    {
        ParseContext context = new(path, text ?? SourceText.From(string.Empty), cancellationToken);
        List<PriceEntry> entries = new();
        PricingFormat format = PricingFormat.Unrecognised;
        string asOf = string.Empty;
        JsonNode? asOfNode = null;
        string content = text?.ToString() ?? string.Empty;

        JsonSyntaxError? error = null;
        bool isBlank = content.Trim('\uFEFF', ' ', '\t', '\r', '\n').Length == 0;
        JsonNode? root = isBlank ? null : JsonParser.Parse(content, out error, cancellationToken);
        if (text is null)
        {
            context.Report(DiagnosticIds.NoPricedModel, 0, 0, $"Pricing file '{path}' could not be read: it is missing or unreadable");
        }
        else if (isBlank)
        {
            context.Report(DiagnosticIds.NoPricedModel, 0, 0, $"Pricing file '{System.IO.Path.GetFileName(path)}' is empty");
        }
        else if (root is null)
        {
            context.Report(DiagnosticIds.InvalidJson, error!.Position, Math.Min(1, content.Length - error.Position), error.Message);
        }
        else
        {
            format = Detect(root);
            switch (format)
            {
                case PricingFormat.Own:
                    asOf = OwnFormatReader.Read(root, context, entries, out asOfNode);
                    break;
                case PricingFormat.LiteLlm:
                    asOf = LiteLlmReader.Read(root, context, entries, out asOfNode);
                    break;
                case PricingFormat.PerThousand:
                    PerThousandReader.Read(root, context, entries);
                    break;
                default:
                    context.Report(DiagnosticIds.NoPricedModel, root.Start, Math.Min(root.Length, 1), "The file is in no recognised pricing format (expected the CostInstrumentation format with 'providers', LiteLLM's model_prices_and_context_window.json, or { provider: { model: { input_cost_per_1k, output_cost_per_1k } } }); see docs/pricing-formats.md");
                    break;
            }

            if (format != PricingFormat.Unrecognised && entries.Count == 0)
            {
                context.Report(DiagnosticIds.NoPricedModel, root.Start, Math.Min(root.Length, 1), $"The file ({format.Describe()} format) prices no model per token");
            }
        }

        (TextSpan asOfSpan, LinePositionSpan asOfLineSpan) = asOfNode is null ? default : context.Locate(asOfNode);
        return new PricingFile(path, isDefault, format, asOf, asOfSpan, asOfLineSpan, entries.ToEquatableArray(), context.Diagnostics.ToEquatableArray());
    }

    /// <summary>Decides the format from the shape of the top level, never from the file name.</summary>
    internal static PricingFormat Detect(JsonNode root)
    {
        if (root.Kind != JsonKind.Object)
        {
            return PricingFormat.Unrecognised;
        }

        if (root.Property("providers") is { Kind: JsonKind.Object })
        {
            return PricingFormat.Own;
        }

        foreach (JsonProperty property in root.Properties)
        {
            if (property.Name == "sample_spec" || property.Value.Property("litellm_provider") is not null
                || property.Value.Property("input_cost_per_token") is not null || property.Value.Property("output_cost_per_token") is not null)
            {
                return PricingFormat.LiteLlm;
            }

            foreach (JsonProperty model in property.Value.Properties)
            {
                if (model.Value.Property("input_cost_per_1k") is not null || model.Value.Property("output_cost_per_1k") is not null)
                {
                    return PricingFormat.PerThousand;
                }
            }
        }

        return PricingFormat.Unrecognised;
    }
}
