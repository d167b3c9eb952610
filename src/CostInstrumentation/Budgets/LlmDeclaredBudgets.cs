using System.Collections.Concurrent;
using System.ComponentModel;

namespace CostInstrumentation;

/// <summary>
/// Budgets compiled into an assembly (from <see cref="LlmBudgetAttribute"/> and budget files): generated module
/// initializers declare them here before any metered call runs. They apply alongside the configured ones, in every
/// pipeline: those built afterwards, and those alive when a library loaded later declares its budgets.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LlmDeclaredBudgets
{
    private static readonly ConcurrentQueue<LlmBudget> s_declared = new();
    private static readonly Lock s_gate = new();

    // Weak: a pipeline its owner dropped without disposing it is not kept alive by the budgets it might receive.
    private static readonly List<WeakReference<LlmCostPipeline>> s_pipelines = [];

    /// <summary>Called by generated code.</summary>
    public static void Declare(LlmBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        lock (s_gate)
        {
            s_declared.Enqueue(budget);
            foreach (WeakReference<LlmCostPipeline> reference in s_pipelines)
            {
                if (reference.TryGetTarget(out LlmCostPipeline? pipeline))
                {
                    pipeline.Declare(budget);
                }
            }
        }
    }

    /// <summary>Every budget declared so far, in declaration order.</summary>
    internal static IReadOnlyCollection<LlmBudget> All => s_declared;

    /// <summary>
    /// Builds a pipeline from the budgets declared so far and sends it those declared later, until <see cref="Forget"/>.
    /// One gate for both: a budget declared meanwhile is either among those it is built with or sent to it.
    /// </summary>
    internal static LlmCostPipeline Build(Func<IEnumerable<LlmBudget>, LlmCostPipeline> build)
    {
        lock (s_gate)
        {
            LlmCostPipeline pipeline = build(s_declared);
            s_pipelines.RemoveAll(reference => !reference.TryGetTarget(out _));
            s_pipelines.Add(new WeakReference<LlmCostPipeline>(pipeline));
            return pipeline;
        }
    }

    /// <summary>Stops sending budgets to a pipeline (it is being disposed: its budget database is closing).</summary>
    internal static void Forget(LlmCostPipeline pipeline)
    {
        lock (s_gate)
        {
            s_pipelines.RemoveAll(reference => !reference.TryGetTarget(out LlmCostPipeline? target) || ReferenceEquals(target, pipeline));
        }
    }
}
