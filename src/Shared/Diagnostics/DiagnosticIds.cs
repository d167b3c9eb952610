namespace CostInstrumentation.Contract;

/// <summary>
/// Every diagnostic ID the package reports (docs/diagnostics/LLMCnnn.md). Fixed: never renumber. 0xx pricing files,
/// 1xx metered methods and call sites, 2xx budgets and cost checks.
/// </summary>
internal static class DiagnosticIds
{
    public const string InvalidJson = "LLMC001";
    public const string DuplicateModel = "LLMC002";
    public const string InvalidPrice = "LLMC003";
    public const string UnknownField = "LLMC004";
    public const string InconsistentTiers = "LLMC005";
    public const string NoPricedModel = "LLMC006";
    public const string StalePricing = "LLMC007";
    public const string InvalidEntry = "LLMC008";
    public const string UnknownModel = "LLMC101";
    public const string UsageUnreadable = "LLMC102";
    public const string NotInterceptable = "LLMC103";
    public const string NotMetered = "LLMC104";
    public const string DeprecatedModel = "LLMC105";
    public const string ModelUndetermined = "LLMC106";
    public const string ExpensiveWithoutBudget = "LLMC201";
    public const string PerCallBudgetExceeded = "LLMC202";
    public const string InvalidBudget = "LLMC203";

    /// <summary>Every ID, in numeric order.</summary>
    public static readonly string[] All =
    {
        InvalidJson, DuplicateModel, InvalidPrice, UnknownField, InconsistentTiers, NoPricedModel, StalePricing, InvalidEntry,
        UnknownModel, UsageUnreadable, NotInterceptable, NotMetered, DeprecatedModel, ModelUndetermined,
        ExpensiveWithoutBudget, PerCallBudgetExceeded, InvalidBudget,
    };
}
