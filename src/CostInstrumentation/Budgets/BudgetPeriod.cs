namespace CostInstrumentation;

/// <summary>The period a budget's spend is counted over. Periods are UTC calendar periods (docs/budgets.md).</summary>
public enum BudgetPeriod
{
    /// <summary>Each call on its own: the limit applies to one call's cost.</summary>
    PerCall,

    /// <summary>A UTC day, from 00:00.</summary>
    Day,

    /// <summary>An ISO week: Monday 00:00 UTC to the next Monday.</summary>
    Week,

    /// <summary>A UTC calendar month.</summary>
    Month,

    /// <summary>A UTC calendar year.</summary>
    Year,
}
