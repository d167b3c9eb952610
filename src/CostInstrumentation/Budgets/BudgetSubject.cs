namespace CostInstrumentation;

/// <summary>The fields of a call that budget scopes select on.</summary>
internal readonly record struct BudgetSubject(string Provider, string Model, string? Project, string? SessionId, IReadOnlyList<string> Tags, string? Operation)
{
    internal static BudgetSubject Of(in LlmCallRecord record) =>
        new(record.Provider, record.Model, record.Project, record.SessionId, record.Tags ?? [], record.Operation);

    /// <summary>The shared predicate (<see cref="BudgetScopeMatch"/>), the one the analyzers judge coverage with.</summary>
    internal bool Matches(LlmBudget budget) =>
        BudgetScopeMatch.Covers((BudgetScopeKind)budget.Scope, budget.ScopeValue, Provider, Model, Project, SessionId, Tags, Operation, SamePricedModel);

    // An alias (a dated snapshot, a deployment name) prices as its model: a budget on either id counts the calls of both.
    private static bool SamePricedModel(string model, string scopeValue) =>
        LlmPricing.TryGetPrice(model, out ModelPrice? price) && LlmPricing.TryGetPrice(scopeValue, out ModelPrice? scoped)
        && string.Equals(price.Model, scoped.Model, StringComparison.Ordinal);
}
