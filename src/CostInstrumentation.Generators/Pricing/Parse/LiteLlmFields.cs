using CostInstrumentation.Contract;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>The vocabulary of LiteLLM's <c>model_prices_and_context_window.json</c>.</summary>
internal static class LiteLlmFields
{
    /// <summary>Documentation entries at the top level, not models.</summary>
    public static readonly HashSet<string> DocumentationKeys = new() { "sample_spec", "last_updated" };

    private static readonly Regex TokenRate = new(
        @"^(?<field>input_cost_per_token_cache_hit|input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|output_cost_per_reasoning_token)(?:_above_(?<k>[0-9]{1,7})k_tokens)?(?:_(?<service>batches|flex|priority))?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>Fields LiteLLM documents that do not price tokens (or price them per second, image, …): read past.</summary>
    public static readonly string[] Ignored =
    {
        "annotation_cost_per_page", "audio_transcription_config", "bedrock_converse_supports_strict_tools",
        "bedrock_output_config_effort_ceiling", "cache_creation_input_audio_token_cost", "cache_creation_input_token_cost_above_1hr",
        "cache_creation_input_token_cost_above_1hr_above_200k_tokens", "cache_read_input_audio_token_cost", "citation_cost_per_token",
        "code_interpreter_cost_per_session", "comment", "computer_use_input_cost_per_1k_tokens", "computer_use_output_cost_per_1k_tokens",
        "file_search_cost_per_1k_calls", "file_search_cost_per_gb_per_day", "gemini_audio_only_live", "gemini_native_audio",
        "input_cost_per_audio_per_second", "input_cost_per_audio_per_second_above_128k_tokens", "input_cost_per_audio_token",
        "input_cost_per_audio_token_priority", "input_cost_per_character", "input_cost_per_character_above_128k_tokens",
        "input_cost_per_image", "input_cost_per_image_above_128k_tokens", "input_cost_per_image_token", "input_cost_per_pixel",
        "input_cost_per_query", "input_cost_per_request", "input_cost_per_second", "input_cost_per_video_per_second",
        "input_cost_per_video_per_second_above_128k_tokens", "input_cost_per_video_per_second_above_15s_interval",
        "input_cost_per_video_per_second_above_8s_interval", "input_dbu_cost_per_token", "max_tokens", "metadata",
        "ocr_cost_per_credit", "ocr_cost_per_page", "output_cost_per_audio_token", "output_cost_per_character",
        "output_cost_per_character_above_128k_tokens", "output_cost_per_image", "output_cost_per_image_token", "output_cost_per_pixel",
        "output_cost_per_second", "output_cost_per_second_1080p", "output_cost_per_video_per_second", "output_cost_per_video_token",
        "output_dbu_cost_per_token", "output_vector_size", "prompt_cache_min_tokens", "provider_specific_entry",
        "regional_processing_uplift_multiplier_eu", "regional_processing_uplift_multiplier_us", "rpm", "rules",
        "search_context_cost_per_query", "source", "supported_endpoints", "supported_modalities", "supported_output_modalities",
        "supported_regions", "supports_adaptive_thinking", "supports_assistant_prefill", "supports_audio_input", "supports_audio_output",
        "supports_computer_use", "supports_embedding_image_input", "supports_function_calling", "supports_image_input",
        "supports_image_size", "supports_low_reasoning_effort", "supports_max_reasoning_effort", "supports_mid_conversation_system",
        "supports_minimal_reasoning_effort", "supports_multimodal", "supports_native_streaming", "supports_native_structured_output",
        "supports_none_reasoning_effort", "supports_nova_canvas_image_edit", "supports_output_config", "supports_parallel_function_calling",
        "supports_parallel_tool_use_config", "supports_pdf_input", "supports_prompt_caching", "supports_reasoning",
        "supports_response_schema", "supports_sampling_params", "supports_speed", "supports_system_messages", "supports_tool_choice",
        "supports_url_context", "supports_video_input", "supports_vision", "supports_web_search", "supports_xhigh_reasoning_effort",
        "tpm", "use_openai_responses_path", "uses_embed_content", "vector_store_cost_per_gb_per_day", "web_search_billing_unit",
    };

    /// <summary>Fields read for something other than a rate.</summary>
    public static readonly string[] Read =
    {
        "litellm_provider", "mode", "max_input_tokens", "max_output_tokens", "deprecation_date", "tiered_pricing",
    };

    /// <summary>The per-token rate fields in their plain form, offered as "did you mean" suggestions.</summary>
    public static readonly string[] RateFields =
    {
        "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost", "cache_creation_input_token_cost",
        "output_cost_per_reasoning_token", "input_cost_per_token_cache_hit", "input_cost_per_token_batches",
        "output_cost_per_token_batches", "input_cost_per_token_priority", "output_cost_per_token_priority",
        "input_cost_per_token_flex", "output_cost_per_token_flex", "input_cost_per_token_above_200k_tokens",
        "output_cost_per_token_above_200k_tokens",
    };

    public static readonly HashSet<string> Known = new(System.Linq.Enumerable.Concat(Ignored, Read));

    // A catalogue repeats ~150 field names 100,000 times: match each name once per process.
    private static readonly ConcurrentDictionary<string, RateFieldName?> s_rateFields = new(System.StringComparer.Ordinal);

    /// <summary>Splits a per-token rate field into its rate, long-context threshold and service tier.</summary>
    public static bool TryParseRate(string field, out TableRateField rate, out long? aboveTokens, out string? serviceTier, out bool isCacheHitAlias)
    {
        RateFieldName? parsed = s_rateFields.GetOrAdd(field, Parse);
        rate = parsed?.Rate ?? default;
        aboveTokens = parsed?.AboveTokens;
        serviceTier = parsed?.ServiceTier;
        isCacheHitAlias = parsed?.IsCacheHitAlias ?? false;
        return parsed is not null;
    }

    private static RateFieldName? Parse(string field)
    {
        if (!TryMatchRate(field, out TableRateField rate, out long? aboveTokens, out string? serviceTier, out bool isCacheHitAlias))
        {
            return null;
        }

        return new RateFieldName(rate, aboveTokens, serviceTier, isCacheHitAlias);
    }

    private sealed record RateFieldName(TableRateField Rate, long? AboveTokens, string? ServiceTier, bool IsCacheHitAlias);

    private static bool TryMatchRate(string field, out TableRateField rate, out long? aboveTokens, out string? serviceTier, out bool isCacheHitAlias)
    {
        Match match = TokenRate.Match(field);
        rate = default;
        aboveTokens = null;
        serviceTier = null;
        isCacheHitAlias = false;
        if (!match.Success)
        {
            return false;
        }

        string name = match.Groups["field"].Value;
        isCacheHitAlias = name == "input_cost_per_token_cache_hit";
        rate = name switch
        {
            "input_cost_per_token" => TableRateField.Input,
            "output_cost_per_token" => TableRateField.Output,
            "cache_read_input_token_cost" or "input_cost_per_token_cache_hit" => TableRateField.CacheRead,
            "cache_creation_input_token_cost" => TableRateField.CacheWrite,
            _ => TableRateField.Reasoning,
        };
        if (match.Groups["k"].Success)
        {
            aboveTokens = long.Parse(match.Groups["k"].Value, CultureInfo.InvariantCulture) * 1000;
        }

        if (match.Groups["service"].Success)
        {
            serviceTier = match.Groups["service"].Value;
        }

        return true;
    }
}
