namespace CostInstrumentation;

/// <summary>
/// Budgets for the metered calls of a method, of every metered method of a class, or (on the assembly) of every
/// metered call. Each USD property set declares one budget. The generator compiles them: amounts are read as the
/// decimal the literal spells (<c>12.5</c> is exactly 12.5 USD); the attribute is never read by reflection.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Assembly, Inherited = false)]
public sealed class LlmBudgetAttribute : Attribute
{
    /// <summary>The most one call may cost, in USD.</summary>
    public double PerCallUsd { get; set; }

    /// <summary>The most a UTC day's calls may cost, in USD.</summary>
    public double DailyUsd { get; set; }

    /// <summary>The most an ISO week's calls may cost, in USD.</summary>
    public double WeeklyUsd { get; set; }

    /// <summary>The most a UTC calendar month's calls may cost, in USD.</summary>
    public double MonthlyUsd { get; set; }

    /// <summary>The most a UTC calendar year's calls may cost, in USD.</summary>
    public double YearlyUsd { get; set; }

    /// <summary>When true, a call that would exceed a budget is not made (see <see cref="LlmBudget.HardLimit"/>).</summary>
    public bool HardLimit { get; set; }

    /// <summary>The model to call instead when a hard limit would be exceeded.</summary>
    public string? Fallback { get; set; }

    /// <summary>Warning and critical thresholds as fractions of the limit (default 0.8 and 0.95).</summary>
    public double[]? WarnAt { get; set; }
}
