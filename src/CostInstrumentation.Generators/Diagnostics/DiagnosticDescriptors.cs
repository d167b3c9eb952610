using Microsoft.CodeAnalysis;
using CostInstrumentation.Contract;

namespace CostInstrumentation.Generators.Diagnostics;

/// <summary>Every diagnostic the package reports. IDs are fixed: never renumber (docs/diagnostics/).</summary>
internal static class DiagnosticDescriptors
{
    public const string PricingCategory = "CostInstrumentation.Pricing";
    public const string MeteringCategory = "CostInstrumentation.Metering";
    public const string BudgetCategory = "CostInstrumentation.Budgets";
    public const string HelpLinkBase = "https://github.com/costinstrumentation/costinstrumentation/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor InvalidJson = Pricing(
        DiagnosticIds.InvalidJson, "Pricing file is not valid JSON", "Pricing file is not valid JSON: {0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateModel = Pricing(
        DiagnosticIds.DuplicateModel, "Model priced twice in one file", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidPrice = Pricing(
        DiagnosticIds.InvalidPrice, "Invalid price", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownField = Pricing(
        DiagnosticIds.UnknownField, "Unknown pricing field", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InconsistentTiers = Pricing(
        DiagnosticIds.InconsistentTiers, "Inconsistent pricing tiers", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoPricedModel = Pricing(
        DiagnosticIds.NoPricedModel, "Pricing file has no priced model", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor StalePricing = Pricing(
        DiagnosticIds.StalePricing, "Stale pricing", "Pricing in '{0}' is as of {1}, {2} days ago (more than {3}); refresh it so costs stay right", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor InvalidEntry = Pricing(
        DiagnosticIds.InvalidEntry, "Invalid pricing entry", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UsageUnreadable = Metering(
        DiagnosticIds.UsageUnreadable, "Token usage cannot be read from the result", "Calls of '{0}' are not metered: token usage cannot be read from its result type '{1}'; return an SDK response CostInstrumentation reads (docs/metering.md) or implement CostInstrumentation.ILlmUsageSource", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NotInterceptable = Metering(
        DiagnosticIds.NotInterceptable, "Metered method cannot be intercepted", "Calls of '{0}' are not metered: {1}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownModel = Metering(
        DiagnosticIds.UnknownModel, "Model is not priced", "Model '{0}' is in no pricing table, so the cost of its calls is recorded as unknown{1}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NotMetered = Metering(
        DiagnosticIds.NotMetered, "Call will not be metered", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DeprecatedModel = Metering(
        DiagnosticIds.DeprecatedModel, "Deprecated model", "Model '{0}' {1}{2}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ModelUndetermined = Metering(
        DiagnosticIds.ModelUndetermined, "Model cannot be determined", "Calls of '{0}' cannot be priced: the attribute names no model, no string parameter is marked [LlmModel], and its result '{1}' carries no model; name the model in [MeteredLlmCall(\"…\")] or mark the model parameter [LlmModel]", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ExpensiveWithoutBudget = Budget(
        DiagnosticIds.ExpensiveWithoutBudget, "Expensive model without a budget", "'{0}' calls the expensive model '{1}' ({2}) and no budget covers it; add [LlmBudget] to the method, its type or the assembly, or declare one in a budget file", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor PerCallBudgetExceeded = Budget(
        DiagnosticIds.PerCallBudgetExceeded, "Worst-case call cost exceeds the per-call budget", "One call of '{0}' with '{1}' can cost up to {2} USD ({3}), more than the per-call budget of {4} USD", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidBudget = Budget(
        DiagnosticIds.InvalidBudget, "Invalid budget declaration", "{0}", DiagnosticSeverity.Error);

    public static DiagnosticDescriptor? Find(string id) => id switch
    {
        DiagnosticIds.UsageUnreadable => UsageUnreadable,
        DiagnosticIds.NotInterceptable => NotInterceptable,
        DiagnosticIds.UnknownModel => UnknownModel,
        DiagnosticIds.NotMetered => NotMetered,
        DiagnosticIds.DeprecatedModel => DeprecatedModel,
        DiagnosticIds.ModelUndetermined => ModelUndetermined,
        DiagnosticIds.ExpensiveWithoutBudget => ExpensiveWithoutBudget,
        DiagnosticIds.PerCallBudgetExceeded => PerCallBudgetExceeded,
        DiagnosticIds.InvalidBudget => InvalidBudget,
        DiagnosticIds.InvalidJson => InvalidJson,
        DiagnosticIds.DuplicateModel => DuplicateModel,
        DiagnosticIds.InvalidPrice => InvalidPrice,
        DiagnosticIds.UnknownField => UnknownField,
        DiagnosticIds.InconsistentTiers => InconsistentTiers,
        DiagnosticIds.NoPricedModel => NoPricedModel,
        DiagnosticIds.StalePricing => StalePricing,
        DiagnosticIds.InvalidEntry => InvalidEntry,
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
