using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Diagnostics;

/// <summary>Every diagnostic the package reports. IDs are fixed: never renumber (docs/diagnostics/).</summary>
internal static class DiagnosticDescriptors
{
    public const string PricingCategory = "CostInstrumentation.Pricing";
    public const string MeteringCategory = "CostInstrumentation.Metering";
    public const string BudgetCategory = "CostInstrumentation.Budgets";
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

    public static readonly DiagnosticDescriptor UnknownModel = Metering(
        "LLMC101", "Model is not priced", "Model '{0}' is in no pricing table, so the cost of its calls is recorded as unknown{1}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NotMetered = Metering(
        "LLMC104", "Call will not be metered", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DeprecatedModel = Metering(
        "LLMC105", "Deprecated model", "Model '{0}' {1}{2}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ModelUndetermined = Metering(
        "LLMC106", "Model cannot be determined", "Calls of '{0}' cannot be priced: the attribute names no model, no string parameter is marked [LlmModel], and its result '{1}' carries no model; name the model in [MeteredLlmCall(\"…\")] or mark the model parameter [LlmModel]", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ExpensiveWithoutBudget = Budget(
        "LLMC201", "Expensive model without a budget", "'{0}' calls the expensive model '{1}' ({2}) and no budget covers it; add [LlmBudget] to the method, its type or the assembly, or declare one in a budget file", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor PerCallBudgetExceeded = Budget(
        "LLMC202", "Worst-case call cost exceeds the per-call budget", "One call of '{0}' with '{1}' can cost up to {2} USD ({3}), more than the per-call budget of {4} USD", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidBudget = Budget(
        "LLMC203", "Invalid budget declaration", "{0}", DiagnosticSeverity.Error);

    public static DiagnosticDescriptor? Find(string id) => id switch
    {
        "LLMC102" => UsageUnreadable,
        "LLMC103" => NotInterceptable,
        "LLMC101" => UnknownModel,
        "LLMC104" => NotMetered,
        "LLMC105" => DeprecatedModel,
        "LLMC106" => ModelUndetermined,
        "LLMC201" => ExpensiveWithoutBudget,
        "LLMC202" => PerCallBudgetExceeded,
        "LLMC203" => InvalidBudget,
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

    private static DiagnosticDescriptor Budget(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, BudgetCategory, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static DiagnosticDescriptor Pricing(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, PricingCategory, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
