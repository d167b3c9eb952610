namespace CostInstrumentation;

/// <summary>How serious a budget alert is.</summary>
public enum BudgetAlertLevel
{
    /// <summary>The spend reached a warning threshold of <see cref="LlmBudget.WarnAt"/> (all but the highest).</summary>
    Warning,

    /// <summary>The spend reached the highest threshold of <see cref="LlmBudget.WarnAt"/> (when it names two or more).</summary>
    Critical,

    /// <summary>The spend reached the limit.</summary>
    Exceeded,
}
