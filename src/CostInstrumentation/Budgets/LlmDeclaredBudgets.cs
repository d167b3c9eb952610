using System.Collections.Concurrent;
using System.ComponentModel;

namespace CostInstrumentation;

/// <summary>
/// Budgets compiled into an assembly (from <see cref="LlmBudgetAttribute"/> and budget files): generated module
/// initializers declare them here before any metered call runs. They apply alongside the configured ones.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LlmDeclaredBudgets
{
    private static readonly ConcurrentQueue<LlmBudget> s_declared = new();

    /// <summary>Called by generated code.</summary>
    public static void Declare(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        LlmCostTracker.Declare(budget, s_declared.Enqueue);
    }

    /// <summary>Every budget declared so far, in declaration order.</summary>
    internal static IReadOnlyCollection<LlmBudget> All => s_declared;
}
