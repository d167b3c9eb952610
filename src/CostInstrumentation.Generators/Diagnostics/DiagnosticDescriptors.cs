using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Diagnostics;

/// <summary>Every diagnostic the package reports. IDs are fixed: never renumber (docs/diagnostics/).</summary>
internal static class DiagnosticDescriptors
{
    public const string PricingCategory = "CostInstrumentation.Pricing";
    public const string MeteringCategory = "CostInstrumentation.Metering";
    public const string HelpLinkBase = "https://github.com/costinstrumentation/costinstrumentation/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor InvalidJson = Pricing(
        "LLMC001", "Pricing file is not valid JSON", "Pricing file is not valid JSON: {0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateModel = Pricing(
        "LLMC002", "Model priced twice in one file", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidPrice = Pricing(
        "LLMC003", "Invalid price", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownField = Pricing(
        "LLMC004", "Unknown pricing field", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InconsistentTiers = Pricing(
        "LLMC005", "Inconsistent pricing tiers", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoPricedModel = Pricing(
        "LLMC006", "Pricing file has no priced model", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor StalePricing = Pricing(
        "LLMC007", "Stale pricing", "Pricing in '{0}' is as of {1}, {2} days ago (more than {3}); refresh it so costs stay right", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor InvalidEntry = Pricing(
        "LLMC008", "Invalid pricing entry", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UsageUnreadable = Metering(
        "LLMC102", "Token usage cannot be read from the result", "Calls of '{0}' are not metered: token usage cannot be read from its result type '{1}'; return an SDK response CostInstrumentation reads (docs/metering.md) or implement CostInstrumentation.ILlmUsageSource", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NotInterceptable = Metering(
        "LLMC103", "Metered method cannot be intercepted", "Calls of '{0}' are not metered: {1}", DiagnosticSeverity.Warning);

    public static DiagnosticDescriptor? Find(string id) => id switch
    {
        "LLMC102" => UsageUnreadable,
        "LLMC103" => NotInterceptable,
        "LLMC001" => InvalidJson,
        "LLMC002" => DuplicateModel,
        "LLMC003" => InvalidPrice,
        "LLMC004" => UnknownField,
        "LLMC005" => InconsistentTiers,
        "LLMC006" => NoPricedModel,
        "LLMC007" => StalePricing,
        "LLMC008" => InvalidEntry,
        _ => null,
    };

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Metering(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, MeteringCategory, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static DiagnosticDescriptor Pricing(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, PricingCategory, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
