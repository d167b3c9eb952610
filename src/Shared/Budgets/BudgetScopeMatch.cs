using System;
using System.Collections.Generic;

namespace CostInstrumentation.Contract;

/// <summary>
/// Whether a budget's scope covers a call: the one predicate the runtime enforces budgets with and the analyzers
/// (LLMC201, LLMC202) judge coverage with, so the compiler never claims a budget the runtime would not apply.
/// </summary>
internal static class BudgetScopeMatch
{
    /// <param name="scope">The budget's scope.</param>
    /// <param name="scopeValue">The budget's provider, model, project, session, tag or operation (ignored for a global budget).</param>
    /// <param name="provider">The call's provider.</param>
    /// <param name="model">The model the call records (as written: an alias stays an alias).</param>
    /// <param name="project">The call's project; null when unknown (at compile time: unless the attribute names it).</param>
    /// <param name="sessionId">The call's session; null when unknown.</param>
    /// <param name="tags">The call's tags; null when unknown.</param>
    /// <param name="operation">The call's operation (<see cref="OperationName"/>).</param>
    /// <param name="samePricedModel">True when two ids price as the same model (an alias, a dated snapshot).</param>
    public static bool Covers(
        BudgetScopeKind scope,
        string? scopeValue,
        string? provider,
        string? model,
        string? project,
        string? sessionId,
        IReadOnlyList<string>? tags,
        string? operation,
        Func<string, string, bool> samePricedModel)
    {
        if (scope == BudgetScopeKind.Global)
        {
            return true;
        }

        if (string.IsNullOrEmpty(scopeValue))
        {
            return false;
        }

        switch (scope)
        {
            case BudgetScopeKind.Provider:
                return string.Equals(provider, scopeValue, StringComparison.OrdinalIgnoreCase);
            case BudgetScopeKind.Model:
                // A budget on a model counts the calls of its aliases, and a budget on an alias those of its model.
                return !string.IsNullOrEmpty(model) && (string.Equals(model, scopeValue, StringComparison.Ordinal) || samePricedModel(model!, scopeValue!));
            case BudgetScopeKind.Project:
                return string.Equals(project, scopeValue, StringComparison.Ordinal);
            case BudgetScopeKind.Session:
                return string.Equals(sessionId, scopeValue, StringComparison.Ordinal);
            case BudgetScopeKind.Tag:
                return tags is not null && Contains(tags, scopeValue!);
            case BudgetScopeKind.Operation:
                return operation is not null && OperationName.Covers(scopeValue!, operation);
            default:
                return false;
        }
    }

    private static bool Contains(IReadOnlyList<string> tags, string tag)
    {
        for (int i = 0; i < tags.Count; i++)
        {
            if (string.Equals(tags[i], tag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
