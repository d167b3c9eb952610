namespace CostInstrumentation;

/// <summary>The fields of a call that budget scopes select on.</summary>
internal readonly record struct BudgetSubject(string Provider, string Model, string? Project, string? SessionId, IReadOnlyList<string> Tags, string? Operation)
{
    internal static BudgetSubject Of(in LlmCallRecord record) =>
        new(record.Provider, record.Model, record.Project, record.SessionId, record.Tags ?? [], record.Operation);

    internal bool Matches(LlmBudget budget) => budget.Scope switch
    {
        BudgetScope.Global => true,
        BudgetScope.Provider => string.Equals(Provider, budget.ScopeValue, StringComparison.OrdinalIgnoreCase),
        BudgetScope.Model => Model == budget.ScopeValue || SamePricedModel(Model, budget.ScopeValue!),
        BudgetScope.Project => Project == budget.ScopeValue,
        BudgetScope.Session => SessionId == budget.ScopeValue,
        BudgetScope.Tag => Tags.Contains(budget.ScopeValue!),
        BudgetScope.Operation => Operation is not null && MatchesOperation(Operation, budget.ScopeValue!),
        _ => false,
    };

    // An alias (a dated snapshot, a deployment name) prices as its model: a budget on either id counts the calls of both.
    private static bool SamePricedModel(string model, string scopeValue) =>
        model.Length > 0 && LlmPricing.TryGetPrice(model, out ModelPrice? price) && LlmPricing.TryGetPrice(scopeValue, out ModelPrice? scoped)
        && string.Equals(price.Model, scoped.Model, StringComparison.Ordinal);

    // "Ns.Type.*" covers every method of Ns.Type (the trailing '*' dropped leaves the "Ns.Type." prefix).
    private static bool MatchesOperation(string operation, string scope) =>
        scope.EndsWith(".*", StringComparison.Ordinal)
            ? operation.StartsWith(scope.AsSpan(0, scope.Length - 1), StringComparison.Ordinal)
            : operation == scope;
}
