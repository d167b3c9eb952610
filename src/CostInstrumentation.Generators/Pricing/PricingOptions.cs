using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Pricing;

/// <summary>How the build marks pricing files and configures the pricing checks (docs/configuration.md).</summary>
internal static class PricingOptions
{
    public const string PricingMetadata = "build_metadata.AdditionalFiles.LlmPricing";
    public const string DefaultPricingMetadata = "build_metadata.AdditionalFiles.LlmPricingDefault";
    public const string StaleDaysProperty = "build_property.LlmPricingStaleDays";
    public const string StaleDaysEditorConfigKey = "llmcost.stale_pricing_days";
    public const int DefaultStaleDays = 180;

    public static bool IsPricingFile(AnalyzerConfigOptions options) => IsTrue(options, PricingMetadata);

    public static bool IsDefaultPricingFile(AnalyzerConfigOptions options) => IsTrue(options, DefaultPricingMetadata);

    /// <summary>Days after its as-of date that a pricing file is stale; 0 or less turns the check off.</summary>
    public static int StaleDays(AnalyzerConfigOptions options) =>
        (options.TryGetValue(StaleDaysEditorConfigKey, out string? value) || options.TryGetValue(StaleDaysProperty, out value))
        && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int days)
            ? days
            : DefaultStaleDays;

    private static bool IsTrue(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
